"""Panels of the money: budget ceiling against what was billed and paid (per programme
and funder, and month by month), claims by type, and claims paid per rupiah of
contribution paid.

They read ``AnggaranSummary`` (the invoices' per-region totals) and ``KlaimSummary``;
the ceiling is ``Program.pagu_anggaran``, split among the funders by their shares with
the rule the programmes use (``programs.services.split``). Contributions are known per
programme, funder, month and regency/city, not per occupation, so these panels (but the
claims by type) do not follow the occupation filter.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from jaring.claims.models import JenisKlaim
from jaring.core.months import months_of
from jaring.dashboard import charts
from jaring.dashboard.figures import (
    CODE,
    INT,
    PCT,
    RATIO,
    TEXT,
    Column,
    Context,
    Headline,
    Panel,
    at,
    inside,
    rate,
    ratio,
    regency_q,
)
from jaring.dashboard.models import AnggaranSummary, KlaimSummary
from jaring.dashboard.programme_panels import running_in_period
from jaring.programs.models import Pendana
from jaring.programs.services import split


def _billed(ctx: Context, programme_ids: list[int]) -> QuerySet[AnggaranSummary]:
    rows = AnggaranSummary.objects.filter(
        regency_q("kode_kabupaten", ctx.region),
        program_id__in=programme_ids,
        bulan__gte=ctx.filters.dari,
        bulan__lte=ctx.filters.sampai,
    )
    if ctx.filters.pendana:
        rows = rows.filter(pendana=ctx.filters.pendana)
    return rows


def ceiling(ctx: Context, program_id: int) -> dict[str, int] | None:
    """A programme's budget ceiling per funder, when the programme lies inside the
    region the figures are for (a regency's share of a province ceiling is not set
    anywhere, so it is not invented); else None."""
    program = ctx.programmes[program_id]
    if program.pagu_anggaran is None or not inside(program.wilayah_id, ctx.region):
        return None
    return split(program.pagu_anggaran, ctx.shares[program_id])


def budget_by_programme(ctx: Context) -> Panel:
    columns = [
        Column("program", _("Program"), TEXT),
        Column("kode", _("Kode"), CODE),
        Column("pendana", _("Pendana"), TEXT),
        Column("pagu", _("Pagu anggaran (Rp)"), INT),
        Column("ditagih", _("Ditagih (Rp)"), INT),
        Column("dibayar", _("Dibayar (Rp)"), INT),
        Column("tunggakan", _("Tunggakan (Rp)"), INT),
        Column("ditagih_persen", _("Ditagih dari pagu (%)"), PCT),
    ]
    running = running_in_period(ctx)
    billed = {
        (r["program_id"], r["pendana"]): r
        for r in _billed(ctx, running)
        .order_by()
        .values("program_id", "pendana")
        .annotate(ditagih=Sum("ditagih"), dibayar=Sum("dibayar"))
    }
    rows = []
    for program_id in sorted(running, key=lambda pk: ctx.programmes[pk].kode):
        program, ceilings = ctx.programmes[program_id], ceiling(ctx, program_id)
        for pendana in sorted(ctx.shares[program_id]):
            if ctx.filters.pendana and pendana != ctx.filters.pendana:
                continue
            got = billed.get((program_id, pendana), {"ditagih": 0, "dibayar": 0})
            pagu = ceilings.get(pendana) if ceilings else None
            if (program_id, pendana) not in billed and pagu is None:
                continue
            rows.append(
                [
                    program.nama,
                    program.kode,
                    str(Pendana(pendana).label),
                    pagu,
                    got["ditagih"],
                    got["dibayar"],
                    got["ditagih"] - got["dibayar"],
                    rate(got["ditagih"], pagu),
                ]
            )
    footer, headlines = None, []
    if rows:
        known = [r for r in rows if r[3] is not None]
        pagu_total = sum(r[3] for r in known)
        sums = [sum(r[i] for r in rows) for i in (4, 5, 6)]
        footer = [
            _("Jumlah"),
            "",
            "",
            pagu_total if known else None,
            *sums,
            rate(sum(r[4] for r in known), pagu_total),
        ]
        note = _("dibayar Rp %(paid)s") % {"paid": charts.fmt(sums[1])}
        share = at(columns, footer, "ditagih_persen")
        if share is not None:
            note += "; " + _("%(share)s dari pagu") % {"share": charts.fmt(share, "%")}
        headlines = [
            Headline(_("Iuran ditagih dalam periode (Rp)"), sums[0], INT, note),
            Headline(
                _("Tunggakan iuran (Rp)"),
                sums[2],
                INT,
                _("ditagih dan belum dibayar dalam periode"),
            ),
        ]
    title = _("Anggaran per program dan pendana: pagu, ditagih, dibayar")
    return Panel(
        key="anggaran",
        title=title,
        columns=columns,
        rows=rows,
        footer=footer,
        headlines=headlines,
        ignores=("pekerjaan",),
        svg=charts.grouped(
            [(f"{r[1]} · {r[2]}", [r[3], r[4], r[5]]) for r in rows],
            title=title,
            series=[_("Pagu anggaran"), _("Ditagih"), _("Dibayar")],
        ),
        note=_(
            "Untuk program yang berjalan dalam periode; ditagih dan dibayar: tagihan iuran bulan "
            "dalam periode, di wilayah ini. Pagu dibagi antar pendana menurut porsinya; pagu "
            "hanya ditampilkan bila seluruh wilayah program termasuk wilayah ini."
        ),
    )


def budget_by_month(ctx: Context) -> Panel:
    by_month = {
        r["bulan"]: r
        for r in _billed(ctx, ctx.programme_ids)
        .order_by()
        .values("bulan")
        .annotate(ditagih=Sum("ditagih"), dibayar=Sum("dibayar"))
    }
    rows = []
    for month in months_of(ctx.filters.dari, ctx.filters.sampai):
        got = by_month.get(month)
        if got is None:
            rows.append([f"{month:%m-%Y}", None, None, None, None])
            continue
        billed, paid = got["ditagih"], got["dibayar"]
        rows.append([f"{month:%m-%Y}", billed, paid, billed - paid, rate(paid, billed)])
    known = [r for r in rows if r[1] is not None]
    footer = None
    if known:
        sums = [sum(r[i] for r in known) for i in (1, 2, 3)]
        footer = [_("Jumlah"), *sums, rate(sums[1], sums[0])]
    title = _("Iuran per bulan: ditagih dan dibayar")
    return Panel(
        key="anggaran_bulan",
        title=title,
        columns=[
            Column("bulan", _("Bulan"), TEXT),
            Column("ditagih", _("Ditagih (Rp)"), INT),
            Column("dibayar", _("Dibayar (Rp)"), INT),
            Column("tunggakan", _("Tunggakan (Rp)"), INT),
            Column("dibayar_persen", _("Dibayar (%)"), PCT),
        ],
        rows=rows,
        footer=footer,
        ignores=("pekerjaan",),
        svg=charts.bars(
            [charts.Bar(r[0], r[1], part=r[2]) for r in rows],
            title=title,
            part_label=_("Dibayar"),
            rest_label=_("Belum dibayar"),
        ),
        note=_(
            "Tagihan iuran setiap bulan perlindungan (semua pendana, atau pendana yang "
            "dipilih) dan bagian yang sudah dibayar, di wilayah ini."
        ),
    )


def _claims(ctx: Context) -> QuerySet[KlaimSummary]:
    return KlaimSummary.objects.filter(
        regency_q("kode_kabupaten", ctx.region),
        program_id__in=ctx.programme_ids,
        bulan__gte=ctx.filters.dari,
        bulan__lte=ctx.filters.sampai,
    )


def claims_by_type(ctx: Context) -> Panel:
    claims = _claims(ctx)
    if ctx.filters.pekerjaan:
        claims = claims.filter(pekerjaan=ctx.filters.pekerjaan)
    by_type = {
        r["jenis"]: r
        for r in claims.order_by()
        .values("jenis")
        .annotate(n=Sum("jumlah"), nilai=Sum("nilai"), meninggal=Sum("meninggal"))
    }
    rows = []
    if by_type:
        for value, label in JenisKlaim.choices:
            got = by_type.get(value, {"n": 0, "nilai": 0, "meninggal": 0})
            rows.append([str(label), value, got["n"], got["nilai"], got["meninggal"]])
    footer, headlines = None, []
    if rows:
        sums = [sum(r[i] for r in rows) for i in (2, 3, 4)]
        footer = [_("Jumlah"), "", *sums]
        headlines = [
            Headline(
                _("Klaim dibayar kepada peserta (Rp)"),
                sums[1],
                INT,
                _("%(count)s klaim") % {"count": charts.fmt(sums[0])},
            )
        ]
    title = _("Klaim dibayar per jenis")
    return Panel(
        key="klaim",
        title=title,
        columns=[
            Column("jenis", _("Jenis klaim"), TEXT),
            Column("kode", _("Kode"), CODE),
            Column("klaim", _("Jumlah klaim"), INT),
            Column("nilai", _("Nilai dibayar (Rp)"), INT),
            Column("meninggal", _("Peserta meninggal"), INT),
        ],
        rows=rows,
        footer=footer,
        headlines=headlines,
        svg=charts.bars([charts.Bar(r[1], r[3]) for r in rows], title=title),
        note=_(
            "Klaim yang dilaporkan BPJS dibayar dalam periode kepada peserta program, "
            "menurut kabupaten/kota dan pekerjaan peserta."
        ),
    )


def claims_per_contribution(ctx: Context) -> Panel:
    columns = [
        Column("program", _("Program"), TEXT),
        Column("kode", _("Kode"), CODE),
        Column("iuran", _("Iuran dibayar (Rp)"), INT),
        Column("klaim", _("Klaim dibayar (Rp)"), INT),
        Column("klaim_per_iuran", _("Klaim per Rp 1 iuran"), RATIO),
    ]
    paid: dict[int, int] = defaultdict(int)
    for program_id, dibayar in (
        AnggaranSummary.objects.filter(
            regency_q("kode_kabupaten", ctx.region),
            program_id__in=ctx.programme_ids,
            bulan__gte=ctx.filters.dari,
            bulan__lte=ctx.filters.sampai,
        )
        .order_by()
        .values("program_id")
        .annotate(s=Sum("dibayar"))
        .values_list("program_id", "s")
    ):
        paid[program_id] += dibayar
    claimed = dict(
        _claims(ctx)
        .order_by()
        .values("program_id")
        .annotate(s=Sum("nilai"))
        .values_list("program_id", "s")
    )
    rows = []
    for program_id in sorted(set(paid) | set(claimed), key=lambda pk: ctx.programmes[pk].kode):
        program = ctx.programmes[program_id]
        contribution, claims = paid.get(program_id, 0), claimed.get(program_id, 0)
        rows.append([program.nama, program.kode, contribution, claims, ratio(claims, contribution)])
    footer, headlines = None, []
    if rows:
        contribution, claims = sum(r[2] for r in rows), sum(r[3] for r in rows)
        footer = [_("Jumlah"), "", contribution, claims, ratio(claims, contribution)]
        headlines = [
            Headline(
                _("Klaim dibayar per rupiah iuran"),
                at(columns, footer, "klaim_per_iuran"),
                RATIO,
                _("Rp %(claims)s klaim untuk Rp %(paid)s iuran")
                % {"claims": charts.fmt(claims), "paid": charts.fmt(contribution)},
                why_empty=_("Belum ada iuran dibayar atau klaim dibayar dalam periode."),
                count=claims,
            )
        ]
    title = _("Klaim dibayar per rupiah iuran dibayar")
    return Panel(
        key="klaim_iuran",
        title=title,
        columns=columns,
        rows=rows,
        footer=footer,
        headlines=headlines,
        ignores=("pekerjaan",),
        svg=charts.grouped(
            [(r[1], [r[2], r[3]]) for r in rows],
            title=title,
            series=[_("Iuran dibayar"), _("Klaim dibayar")],
        ),
        note=_(
            "Iuran dibayar untuk bulan dalam periode (semua pendana program) dan klaim "
            "dibayar dalam periode, di wilayah ini. Dengan saringan pendana: program yang "
            "ikut didanai pendana itu."
        ),
    )
