"""Panels of the programmes Jaring runs: participants by coverage status (overall, by
regency/city against the labour force, by occupation against the registry, month by
month) and quota use per regency/city.

They read ``PesertaSummary``, ``KuotaSummary`` and ``RegistrySummary``, and the BPS
labour force (``wilayah.AngkatanKerja``, a few rows per year). A participant is counted
once per programme; the coverage status is ``contributions.queries``'s rule, as the
summary stored it for each programme month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from jaring.contributions.queries import STATUS_LABELS, STATUSES
from jaring.core.months import months_of
from jaring.dashboard import charts
from jaring.dashboard.figures import (
    CODE,
    INT,
    PCT,
    TEXT,
    Column,
    Context,
    Headline,
    Panel,
    at,
    rate,
    regency_q,
)
from jaring.dashboard.models import KuotaSummary, PesertaSummary, RegistrySummary
from jaring.registry.models import Pekerjaan
from jaring.wilayah import queries as wilayah_queries

ACTIVE = "aktif"


def status_columns() -> list[Column]:
    """The status columns, keyed by status, with short headers (the status panel names
    them in full)."""
    short = {
        "aktif": _("Aktif"), "menunggak": _("Menunggak"), "terputus": _("Terputus"),
        "berakhir": _("Berakhir"), "menunggu": _("Menunggu"), "ditolak": _("Ditolak"),
    }  # fmt: skip
    return [Column(status, short[status]) for status in STATUSES]


def _participants(ctx: Context) -> QuerySet[PesertaSummary]:
    rows = PesertaSummary.objects.filter(
        regency_q("kode_kabupaten", ctx.region),
        program_id__in=ctx.programme_ids,
        bulan__gte=ctx.filters.dari,
        bulan__lte=ctx.filters.sampai,
    )
    if ctx.filters.pekerjaan:
        rows = rows.filter(pekerjaan=ctx.filters.pekerjaan)
    return rows


def as_of_period_end(ctx: Context) -> tuple[QuerySet[PesertaSummary], dt.date | None]:
    """Each programme's participants as of the last month of the period, or of the
    programme's last month when it ended earlier; and the latest of those months."""
    rows = _participants(ctx)
    latest = dict(
        rows.order_by().values("program_id").annotate(m=Max("bulan")).values_list("program_id", "m")
    )
    if not latest:
        return rows.none(), None
    which = Q()
    for program_id, month in latest.items():
        which |= Q(program_id=program_id, bulan=month)
    return rows.filter(which), max(latest.values())


def _status_note() -> str:
    return _(
        "Keadaan pada bulan terakhir periode (atau bulan terakhir program yang selesai "
        "lebih awal): aktif bila semua iuran bulan sebelumnya lunas; menunggak bila iuran bulan "
        "lalu belum lunas (masa tenggang satu bulan); terputus bila lebih lama; berakhir "
        "setelah perlindungan selesai (meninggal, pindah, dicabut, program usai); menunggu "
        "bila belum terdaftar di BPJS. Seorang pekerja dihitung sekali untuk setiap program."
    )


def participants_by_status(ctx: Context) -> Panel:
    rows_as_of, month = as_of_period_end(ctx)
    counts = dict(
        rows_as_of.order_by().values("status").annotate(n=Sum("jumlah")).values_list("status", "n")
    )
    total = sum(counts.values())
    rows = (
        [
            [str(STATUS_LABELS[s]), s, counts.get(s, 0), rate(counts.get(s, 0), total)]
            for s in STATUSES
        ]
        if total
        else []
    )
    title = _("Peserta program menurut status kepesertaan")
    headlines = []
    if month:
        title += f", {month:%m-%Y}"
    if total:
        late = counts.get("menunggak", 0) + counts.get("terputus", 0)
        headlines = [
            Headline(
                _("Peserta program aktif"),
                counts.get(ACTIVE, 0),
                INT,
                _("dari %(total)s peserta, %(month)s")
                % {"total": charts.fmt(total), "month": f"{month:%m-%Y}"},
                why_empty=_(
                    "Belum ada peserta aktif: peserta menunggu jawaban BPJS atau iurannya "
                    "belum dibayar."
                ),
            ),
            Headline(
                _("Peserta menunggak atau terputus"),
                late,
                INT,
                _("%(share)s dari peserta") % {"share": charts.fmt(rate(late, total), "%")},
            ),
        ]
    return Panel(
        key="peserta",
        title=title,
        columns=[
            Column("status", _("Status"), TEXT),
            Column("kode", _("Kode"), CODE),
            Column("peserta", _("Jumlah peserta"), INT),
            Column("bagian", _("Bagian (%)"), PCT),
        ],
        rows=rows,
        footer=[_("Jumlah"), "", total, rate(total, total)] if total else None,
        headlines=headlines,
        svg=charts.bars([charts.Bar(r[0], r[2]) for r in rows], title=title),
        note=_status_note(),
    )


def participants_by_regency(ctx: Context) -> Panel:
    rows_as_of, month = as_of_period_end(ctx)
    by_regency: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kode, status, n in (
        rows_as_of.order_by()
        .values("kode_kabupaten", "status")
        .annotate(n=Sum("jumlah"))
        .values_list("kode_kabupaten", "status", "n")
    ):
        by_regency[kode][status] += n
    labour = wilayah_queries.labour_force(month.year) if month else {}
    rows = []
    for kode in sorted(by_regency):
        counts = by_regency[kode]
        total = sum(counts.values())
        ak = labour.get(kode, (None, None))[0]
        rows.append(
            [
                ctx.names.get(kode, kode),
                kode,
                *(counts.get(s, 0) for s in STATUSES),
                total,
                ak,
                rate(counts.get(ACTIVE, 0), ak),
            ]
        )
    columns = [
        Column("kabupaten", _("Kabupaten/kota"), TEXT),
        Column("kode", _("Kode"), CODE),
        *status_columns(),
        Column("peserta", _("Jumlah peserta")),
        Column("angkatan_kerja", _("Angkatan kerja")),
        Column("cakupan", _("Cakupan program (% angkatan kerja)"), PCT),
    ]
    footer, headlines = None, []
    width = len(STATUSES)
    if rows:
        sums = [sum(r[2 + i] for r in rows) for i in range(width + 1)]
        with_ak = [r for r in rows if r[3 + width]]
        ak_total = sum(r[3 + width] for r in with_ak)
        active_with_ak = sum(r[2] for r in with_ak)
        footer = [_("Jumlah"), ctx.region, *sums, ak_total or None, rate(active_with_ak, ak_total)]
        if ak_total:
            headlines = [
                Headline(
                    _("Cakupan program terhadap angkatan kerja"),
                    at(columns, footer, "cakupan"),
                    PCT,
                    _("%(active)s peserta aktif dari %(labour)s angkatan kerja")
                    % {"active": charts.fmt(active_with_ak), "labour": charts.fmt(ak_total)},
                    why_empty=_("Belum ada peserta aktif di wilayah dengan data angkatan kerja."),
                    count=active_with_ak,
                )
            ]
    title = _("Peserta program per kabupaten/kota")
    if month:
        title += f", {month:%m-%Y}"
    return Panel(
        key="peserta_wilayah",
        title=title,
        columns=columns,
        rows=rows,
        footer=footer,
        headlines=headlines,
        svg=charts.bars(
            [charts.Bar(r[0], r[2 + width], part=r[2]) for r in rows],
            title=title,
            part_label=str(STATUS_LABELS[ACTIVE]),
            rest_label=_("Status lain"),
        ),
        note=_(
            "Keadaan seperti panel sebelumnya, menurut kabupaten/kota peserta. Cakupan program: "
            "peserta aktif dibagi angkatan kerja (BPS) tahun yang sama atau tahun terakhir "
            "yang tersedia."
        ),
    )


def participants_trend(ctx: Context) -> Panel:
    by_month: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for bulan, status, n in (
        _participants(ctx)
        .order_by()
        .values("bulan", "status")
        .annotate(n=Sum("jumlah"))
        .values_list("bulan", "status", "n")
    ):
        by_month[bulan][status] += n
    rows = []
    for month in months_of(ctx.filters.dari, ctx.filters.sampai):
        if month in by_month:
            counts = by_month[month]
            rows.append(
                [f"{month:%m-%Y}", *(counts.get(s, 0) for s in STATUSES), sum(counts.values())]
            )
        else:
            rows.append([f"{month:%m-%Y}", *([None] * (len(STATUSES) + 1))])
    title = _("Tren peserta program per bulan")
    return Panel(
        key="peserta_tren",
        title=title,
        columns=[
            Column("bulan", _("Bulan"), TEXT),
            *status_columns(),
            Column("peserta", _("Jumlah peserta")),
        ],
        rows=rows,
        svg=charts.line([(r[0], r[1]) for r in rows], title=title),
        note=_(
            "Peserta aktif (garis) dan setiap status pada tiap bulan, menurut aturan yang "
            "sama; bulan di luar masa program dibiarkan kosong."
        ),
    )


def participants_by_occupation(ctx: Context) -> Panel:
    rows_as_of, month = as_of_period_end(ctx)
    participants: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kode, status, n in (
        rows_as_of.order_by()
        .values("pekerjaan", "status")
        .annotate(n=Sum("jumlah"))
        .values_list("pekerjaan", "status", "n")
    ):
        participants[kode][status] += n
    registry = RegistrySummary.objects.filter(
        regency_q("kode_kabupaten", ctx.region), bulan__lte=ctx.filters.sampai
    )
    if ctx.filters.pekerjaan:
        registry = registry.filter(pekerjaan=ctx.filters.pekerjaan)
    workers = dict(
        registry.order_by()
        .values("pekerjaan")
        .annotate(n=Sum("jumlah"))
        .values_list("pekerjaan", "n")
    )
    rows = []
    for kode, label in Pekerjaan.objects.order_by("urutan", "kode").values_list("kode", "label"):
        if kode not in participants and kode not in workers:
            continue
        active = participants[kode].get(ACTIVE, 0) if kode in participants else 0
        total = sum(participants[kode].values()) if kode in participants else 0
        registered = workers.get(kode, 0)
        rows.append([label, kode, active, total, registered, rate(active, registered)])
    footer = None
    if rows:
        sums = [sum(r[i] for r in rows) for i in (2, 3, 4)]
        footer = [_("Jumlah"), "", *sums, rate(sums[0], sums[2])]
    title = _("Peserta program per pekerjaan")
    if month:
        title += f", {month:%m-%Y}"
    return Panel(
        key="peserta_pekerjaan",
        title=title,
        columns=[
            Column("pekerjaan", _("Pekerjaan"), TEXT),
            Column("kode", _("Kode"), CODE),
            Column("aktif", _("Peserta aktif"), INT),
            Column("peserta", _("Jumlah peserta"), INT),
            Column("pekerja", _("Pekerja di registri"), INT),
            Column("cakupan", _("Cakupan program (% pekerja registri)"), PCT),
        ],
        rows=rows,
        footer=footer,
        svg=charts.bars(
            [charts.Bar(r[0], r[4], part=r[2]) for r in rows],
            title=title,
            part_label=_("Peserta aktif program"),
            rest_label=_("Pekerja registri lainnya"),
        ),
        note=_(
            "Peserta aktif program menurut pekerjaan yang tercatat di registri, dibanding "
            "pekerja di registri (terdaftar sampai akhir periode, menurut domisili)."
        ),
    )


def running_in_period(ctx: Context) -> list[int]:
    """The counted programmes whose months of cover overlap the period."""
    f = ctx.filters
    return [
        pk
        for pk, program in ctx.programmes.items()
        if program.bulan_mulai <= f.sampai and program.bulan_akhir >= f.dari
    ]


def quota_use(ctx: Context) -> Panel:
    columns = [
        Column("kabupaten", _("Kabupaten/kota"), TEXT),
        Column("kode", _("Kode"), CODE),
        Column("kuota", _("Kuota"), INT),
        Column("memenuhi_syarat", _("Memenuhi syarat"), INT),
        Column("terpilih", _("Terpilih"), INT),
        Column("disetujui", _("Dalam daftar penerima"), INT),
        Column("terdaftar", _("Terdaftar BPJS"), INT),
        Column("terisi", _("Kuota terisi (%)"), PCT),
    ]
    rows_qs = KuotaSummary.objects.filter(
        regency_q("kode_kabupaten", ctx.region), program_id__in=running_in_period(ctx)
    )
    if ctx.filters.pekerjaan:
        rows_qs = rows_qs.filter(Q(pekerjaan="") | Q(pekerjaan=ctx.filters.pekerjaan))
    fields = ("kuota", "memenuhi_syarat", "terpilih", "disetujui", "terdaftar")
    sums = (
        rows_qs.order_by()
        .values("kode_kabupaten")
        .annotate(**{f"s_{name}": Sum(name) for name in fields})
        .order_by("kode_kabupaten")
    )
    rows = [
        [
            ctx.names.get(s["kode_kabupaten"], s["kode_kabupaten"]),
            s["kode_kabupaten"],
            *(s[f"s_{name}"] for name in fields),
            rate(s["s_disetujui"], s["s_kuota"]),
        ]
        for s in sums
    ]
    footer, headlines = None, []
    if rows:
        totals = [sum(r[2 + i] for r in rows) for i in range(len(fields))]
        footer = [_("Jumlah"), ctx.region, *totals, rate(totals[3], totals[0])]
        headlines = [
            Headline(
                _("Kuota terisi daftar penerima"),
                at(columns, footer, "terisi"),
                PCT,
                _("%(approved)s dari %(quota)s kuota")
                % {"approved": charts.fmt(totals[3]), "quota": charts.fmt(totals[0])},
                why_empty=_("Belum ada daftar penerima yang disetujui untuk kuota ini."),
                count=totals[3],
            )
        ]
    title = _("Penggunaan kuota per kabupaten/kota")
    series = [_("Kuota"), _("Terpilih"), _("Dalam daftar penerima"), _("Terdaftar BPJS")]
    return Panel(
        key="kuota",
        title=title,
        columns=columns,
        rows=rows,
        footer=footer,
        headlines=headlines,
        svg=charts.grouped(
            [(r[0], [r[2], r[4], r[5], r[6]]) for r in rows], title=title, series=series
        ),
        note=_(
            "Program yang berjalan dalam periode. Kuota: kuota teralokasi pada seleksi "
            "terakhir (tidak dipilah menurut pekerjaan). Memenuhi syarat dan terpilih: hasil "
            "seleksi terakhir. Dalam daftar penerima: daftar yang disetujui, setelah "
            "amandemen. Terdaftar BPJS: peserta yang diterima BPJS, termasuk yang "
            "perlindungannya sudah berakhir. Kuota terisi: dalam daftar penerima dibagi kuota."
        ),
    )
