"""The dashboard's figures, read from the summary tables and scoped to the user, once.

Every panel is a table (columns and typed rows) plus the chart drawn from those same
rows, so the page, the XLSX download and the SVG download can never disagree. Scope
follows the registry: an administrator sees everything, an operator the region of their
agency, everyone else the province or regency/city they work for; a region filter can
only narrow that.

Rules behind the figures:

* coverage rate = BPJS participants (PU + BPU) / labour force, in percent, rounded half
  up to one decimal; for several regencies together, only those with a labour-force
  figure count in the rate (the table says how many had none);
* the coverage table by regency shows the latest month of the period that has data;
* registry counts are persons registered up to the end of the period (and how many of
  them registered within it), by domicile;
* the pipeline counts rows of files submitted within the period, by the submitting
  agency's region, as the submission list scopes them, then merges, the programmes'
  selections run and participants whose cover began within the period (its note
  defines each stage);
* programme panels (``programme_panels``, ``money_panels``) count the programmes the
  scope sees (``Context.programmes``), by the regency/city of their participants.

``PANELS`` lists every panel in the page's (and the report's) order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jaring.accounts.models import Role
from jaring.accounts.policy import is_admin
from jaring.core.months import months_of
from jaring.dashboard import (
    charts,
    complaint_panel,
    continuation_panel,
    money_panels,
    programme_panels,
)
from jaring.dashboard.figures import (  # re-exported: the shapes callers build and read
    CODE,
    INT,
    PCT,
    RATIO,
    TEXT,
    Column,
    Context,
    Filters,
    Headline,
    Panel,
    add_months,
    at,
    month_start,
    parse_month,
    rate,
    regency_q,
    region_q,
)
from jaring.dashboard.models import (
    PROGRAMME_STAGES,
    REGISTRY_STAGES,
    CoverageSummary,
    PipelineSummary,
    RegistrySummary,
    SummaryRefresh,
    Tahap,
    Target,
)
from jaring.programs.models import Pendana
from jaring.programs.queries import programs_in
from jaring.programs.services import funder_shares
from jaring.registry.models import Pekerjaan
from jaring.wilayah.models import Tingkat, Wilayah

__all__ = [
    "INT", "PCT", "RATIO", "TEXT", "Dashboard", "Filters", "Headline", "Panel", "add_months",
    "build", "build_for_scope", "month_start", "parse_month", "rate",
]  # fmt: skip

PERIOD_MONTHS = 12
MAX_PERIOD_MONTHS = 120  # a period of at most ten years
_regency_q, _region_q = regency_q, region_q


def scope_of(user) -> str | None:
    """The region code the user may see ("" for everything), or None for nothing."""
    if is_admin(user):
        return ""
    if user.role == Role.OPERATOR:
        return user.agency.wilayah_id if user.agency_id else None
    return user.wilayah_id


@dataclass
class Dashboard:
    scope: str | None
    scope_name: str
    filters: Filters | None
    regions: list[tuple[str, str]] = field(default_factory=list)
    occupations: list[tuple[str, str]] = field(default_factory=list)
    programmes: list[tuple[str, str]] = field(default_factory=list)
    funders: list[tuple[str, str]] = field(default_factory=list)
    panels: dict[str, Panel] = field(default_factory=dict)
    refreshed: dict[str, dt.datetime] = field(default_factory=dict)
    region_name: str = ""  # the region the figures are for: the filter's, else the scope's

    def filter_labels(self) -> list[tuple[str, str]]:
        """The filters in force as (what, value) in words, for report covers and sheets."""
        f = self.filters
        labels = [
            (_("Wilayah"), self.region_name),
            (_("Periode"), f"{date_format(f.dari, 'F Y')} – {date_format(f.sampai, 'F Y')}"),
        ]
        chosen = (
            (_("Pekerjaan"), f.pekerjaan, self.occupations),
            (_("Program"), f.program, self.programmes),
            (_("Pendana"), f.pendana, self.funders),
        )
        for what, value, choices in chosen:
            if value:
                labels.append((what, dict(choices).get(value, value)))
        return labels

    def ignored_filters(self, panel: Panel) -> str:
        """ "Not broken down by occupation" when a filter is set that ``panel`` cannot
        apply, so nobody reads its unchanged figures as filtered ones; else ""."""
        names = {"pekerjaan": _("pekerjaan"), "program": _("program"), "pendana": _("pendana")}
        ignored = [names[n] for n in panel.ignores if n in names and getattr(self.filters, n)]
        if not ignored:
            return ""
        return _("Panel ini tidak dipilah menurut %(filters)s; angkanya untuk semua.") % {
            "filters": ", ".join(ignored)
        }

    def followed_filters(self, panel: Panel) -> str:
        """The filters ``panel``'s figures follow, in words ("periode, wilayah,
        program"), for the headline cards that come from it."""
        names = {
            "pekerjaan": _("pekerjaan"),
            "program": _("program"),
            "pendana": _("pendana"),
        }
        followed = [_("periode"), _("wilayah")]
        followed += [name for key, name in names.items() if key not in panel.ignores]
        return _("Menurut saringan: %(filters)s") % {"filters": ", ".join(followed)}

    @property
    def headlines(self) -> list[Headline]:
        return [h for panel in self.panels.values() for h in panel.headlines]


def regencies_in(scope: str) -> list[tuple[str, str]]:
    regencies = Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA)
    if scope:
        regencies = regencies.filter(_regency_q("kode", scope))
    else:  # everything: the regencies that have figures
        known = CoverageSummary.objects.values("kode_kabupaten").distinct()
        tallied = RegistrySummary.objects.values("kode_kabupaten").distinct()
        regencies = regencies.filter(Q(kode__in=known) | Q(kode__in=tallied))
    return list(regencies.order_by("kode").values_list("kode", "nama"))


def _programmes(scope: str) -> list:
    return list(programs_in(scope).order_by("-bulan_mulai", "kode"))


def programme_choices(scope: str, programmes: list | None = None) -> list[tuple[str, str]]:
    """Programmes the dashboard can be narrowed to, as (code, name): those whose region
    contains the scope or lies inside it, as ``programs.queries.programs_for`` scopes
    them for a user of that region."""
    return [(p.kode, p.nama) for p in (_programmes(scope) if programmes is None else programmes)]


def funder_choices(scope: str, shares: dict | None = None) -> list[tuple[str, str]]:
    """Funders (province or regency budget, revised budget, CSR…) that pay a share of a
    programme in the scope, as (code, label), in the order of ``programs.Pendana``."""
    if shares is None:
        shares = {p.pk: funder_shares(p) for p in _programmes(scope)}
    present = {funder for by_funder in shares.values() for funder in by_funder}
    return [(value, str(label)) for value, label in Pendana.choices if value in present]


def read_filters(
    scope: str,
    params,
    regions: list[tuple[str, str]],
    programmes: list[tuple[str, str]] = (),
    funders: list[tuple[str, str]] = (),
) -> Filters:
    """Filters from the query string; values outside the scope or malformed are ignored."""
    latest = CoverageSummary.objects.filter(_regency_q("kode_kabupaten", scope)).aggregate(
        m=Max("bulan")
    )["m"] or month_start(timezone.localdate())
    sampai = parse_month(params.get("sampai")) or latest
    dari = parse_month(params.get("dari")) or add_months(sampai, 1 - PERIOD_MONTHS)
    if dari > sampai:
        dari, sampai = sampai, dari
    dari = max(dari, add_months(sampai, -(MAX_PERIOD_MONTHS - 1)))
    wilayah = params.get("wilayah", "").strip()
    if wilayah not in {kode for kode, _ in regions}:
        wilayah = ""
    pekerjaan = params.get("pekerjaan", "").strip()
    if pekerjaan and not Pekerjaan.objects.filter(kode=pekerjaan).exists():
        pekerjaan = ""
    program = params.get("program", "").strip()
    pendana = params.get("pendana", "").strip()
    return Filters(
        dari=dari,
        sampai=sampai,
        wilayah=wilayah,
        pekerjaan=pekerjaan,
        program=program if program in dict(programmes) else "",
        pendana=pendana if pendana in dict(funders) else "",
    )


def build(user, params) -> Dashboard:
    """Every panel for ``user`` under the filters in ``params`` (a QueryDict or dict)."""
    return build_for_scope(scope_of(user), params)


def build_for_scope(scope: str | None, params, only: tuple[str, ...] = ()) -> Dashboard:
    """Every panel for a region scope ("" for everything, None for nothing): what
    ``build`` shows a user, and what ``jaring report`` prints for a region. ``only``
    names the panels to compute (all when empty; the benchmark times them one by one)."""
    names = dict(
        Wilayah.objects.filter(tingkat__lte=Tingkat.KABUPATEN_KOTA).values_list("kode", "nama")
    )
    if scope is None:
        return Dashboard(scope=None, scope_name="", filters=None)
    regions = regencies_in(scope)
    in_scope = _programmes(scope)
    shares = {p.pk: funder_shares(p) for p in in_scope}
    programmes, funders = programme_choices(scope, in_scope), funder_choices(scope, shares)
    filters = read_filters(scope, params, regions, programmes, funders)
    region = filters.wilayah or scope
    counted = {
        p.pk: p
        for p in in_scope
        if (not filters.program or p.kode == filters.program)
        and (not filters.pendana or filters.pendana in shares[p.pk])
    }
    context = Context(
        scope=scope,
        region=region,
        filters=filters,
        names=names,
        programmes=counted,
        shares={pk: shares[pk] for pk in counted},
    )
    dashboard = Dashboard(
        scope=scope,
        scope_name=names.get(scope, _("Semua wilayah")),
        region_name=names.get(region, _("Semua wilayah")),
        filters=filters,
        regions=regions,
        occupations=list(Pekerjaan.objects.filter(aktif=True).values_list("kode", "label")),
        programmes=programmes,
        funders=funders,
        refreshed=dict(SummaryRefresh.objects.values_list("nama", "refreshed_at")),
    )
    dashboard.panels = {
        key: make(context) for key, make in PANELS.items() if not only or key in only
    }
    return dashboard


def _targets(year: int) -> dict[str, Decimal]:
    return dict(
        Target.objects.filter(tahun=year, cakupan_persen__isnull=False).values_list(
            "wilayah_id", "cakupan_persen"
        )
    )


def coverage_by_regency(ctx: Context) -> Panel:
    columns = [
        Column("kabupaten", _("Kabupaten/kota"), TEXT),
        Column("kode", _("Kode"), CODE),
        Column("pu", _("Peserta PU"), INT),
        Column("bpu", _("Peserta BPU"), INT),
        Column("peserta", _("Jumlah peserta"), INT),
        Column("angkatan_kerja", _("Angkatan kerja"), INT),
        Column("tahun_angkatan_kerja", _("Tahun angkatan kerja"), TEXT),
        Column("cakupan", _("Cakupan (%)"), PCT),
        Column("target", _("Target (%)"), PCT),
    ]
    region, filters, names = ctx.region, ctx.filters, ctx.names
    rows_in_period = CoverageSummary.objects.filter(
        _regency_q("kode_kabupaten", region), bulan__gte=filters.dari, bulan__lte=filters.sampai
    )
    month = rows_in_period.aggregate(m=Max("bulan"))["m"]
    summaries = list(rows_in_period.filter(bulan=month).order_by("kode_kabupaten"))
    targets = _targets(month.year) if month else {}
    rows = []
    total = {"pu": 0, "bpu": 0, "with_ak": 0, "ak": 0}
    for s in summaries:
        covered = s.peserta_pu + s.peserta_bpu
        rows.append(
            [
                names.get(s.kode_kabupaten, s.kode_kabupaten),
                s.kode_kabupaten,
                s.peserta_pu,
                s.peserta_bpu,
                covered,
                s.angkatan_kerja,
                s.tahun_angkatan_kerja,
                rate(covered, s.angkatan_kerja),
                targets.get(s.kode_kabupaten),
            ]
        )
        total["pu"] += s.peserta_pu
        total["bpu"] += s.peserta_bpu
        if s.angkatan_kerja:
            total["with_ak"] += covered
            total["ak"] += s.angkatan_kerja
    footer = None
    if rows:
        footer = [
            _("Jumlah"),
            region,
            total["pu"],
            total["bpu"],
            total["pu"] + total["bpu"],
            total["ak"] or None,
            None,
            rate(total["with_ak"], total["ak"]),
            targets.get(region) if region else None,
        ]
    title = _("Cakupan kepesertaan per kabupaten/kota")
    if month:
        title += f", {month:%m-%Y}"
    headlines = []
    if footer:
        note = _("%(covered)s peserta dari %(labour)s angkatan kerja, %(month)s") % {
            "covered": charts.fmt(total["with_ak"]),
            "labour": charts.fmt(total["ak"]),
            "month": f"{month:%m-%Y}",
        }
        target = at(columns, footer, "target")
        if target is not None:
            note += "; " + _("target %(target)s") % {"target": charts.fmt(target, "%")}
        headlines = [
            Headline(
                _("Cakupan kepesertaan BPJS Ketenagakerjaan"),
                at(columns, footer, "cakupan"),
                PCT,
                note,
                why_empty=_("Belum ada data angkatan kerja (BPS) untuk wilayah ini."),
                count=total["with_ak"],
            ),
            Headline(
                _("Peserta aktif BPJS Ketenagakerjaan"),
                at(columns, footer, "peserta"),
                INT,
                f"{month:%m-%Y}",
            ),
        ]
    return Panel(
        key="cakupan",
        title=title,
        columns=columns,
        rows=rows,
        footer=footer,
        headlines=headlines,
        ignores=("pekerjaan", "program", "pendana"),
        svg=charts.bars(
            [charts.Bar(r[0], r[7], target=r[8]) for r in rows],
            title=title,
            unit="%",
            max_value=100,  # a share of the whole labour force reads against 100%
        ),
        note=_(
            "Peserta aktif BPJS Ketenagakerjaan (laporan BPJS) dibagi angkatan kerja (BPS) "
            "tahun yang sama, atau tahun terakhir yang tersedia. Garis oranye: target."
        ),
    )


def coverage_trend(ctx: Context) -> Panel:
    region, filters = ctx.region, ctx.filters
    by_month: dict[dt.date, dict[str, int]] = defaultdict(
        lambda: {"pu": 0, "bpu": 0, "with_ak": 0, "ak": 0, "without": 0}
    )
    for s in CoverageSummary.objects.filter(
        _regency_q("kode_kabupaten", region), bulan__gte=filters.dari, bulan__lte=filters.sampai
    ):
        month = by_month[s.bulan]
        month["pu"] += s.peserta_pu
        month["bpu"] += s.peserta_bpu
        if s.angkatan_kerja:
            month["with_ak"] += s.peserta_pu + s.peserta_bpu
            month["ak"] += s.angkatan_kerja
        else:
            month["without"] += 1
    rows = []
    for month in months_of(filters.dari, filters.sampai):
        if month in by_month:
            m = by_month[month]
            rows.append(
                [f"{month:%m-%Y}", m["pu"], m["bpu"], m["pu"] + m["bpu"], m["ak"] or None,
                 rate(m["with_ak"], m["ak"]), m["without"]]
            )  # fmt: skip
        else:
            rows.append([f"{month:%m-%Y}", None, None, None, None, None, None])
    title = _("Tren cakupan kepesertaan per bulan")
    known = [r for r in rows if r[3] is not None]
    headlines = []
    if len(known) >= 2:
        headlines.append(
            Headline(
                _("Pertambahan peserta dalam periode"),
                known[-1][3] - known[0][3],
                INT,
                f"{known[0][0]} – {known[-1][0]}",
            )
        )
    return Panel(
        key="tren",
        title=title,
        columns=[
            Column("bulan", _("Bulan"), TEXT),
            Column("pu", _("Peserta PU"), INT),
            Column("bpu", _("Peserta BPU"), INT),
            Column("peserta", _("Jumlah peserta"), INT),
            Column("angkatan_kerja", _("Angkatan kerja"), INT),
            Column("cakupan", _("Cakupan (%)"), PCT),
            Column("tanpa_angkatan_kerja", _("Kab/kota tanpa data angkatan kerja"), INT),
        ],
        rows=rows,
        headlines=headlines,
        ignores=("pekerjaan", "program", "pendana"),
        svg=charts.line([(r[0], r[5]) for r in rows], title=title, unit="%"),
        note=_(
            "Kabupaten/kota tanpa data angkatan kerja tidak dihitung dalam persentase; "
            "bulan tanpa laporan BPJS dibiarkan kosong."
        ),
    )


def registry_by_occupation(ctx: Context) -> Panel:
    columns = [
        Column("pekerjaan", _("Pekerjaan"), TEXT),
        Column("kode", _("Kode"), CODE),
        Column("pekerja", _("Jumlah pekerja"), INT),
        Column("baru", _("Baru dalam periode"), INT),
        Column("terlindungi", _("Sudah terlindungi BPJS"), INT),
        Column("belum_terlindungi", _("Belum terlindungi"), INT),
        Column("terlindungi_persen", _("Sudah terlindungi (%)"), PCT),
    ]
    region, filters = ctx.region, ctx.filters
    summaries = RegistrySummary.objects.filter(
        _regency_q("kode_kabupaten", region), bulan__lte=filters.sampai
    )
    if filters.pekerjaan:
        summaries = summaries.filter(pekerjaan=filters.pekerjaan)
    totals = {
        row["pekerjaan"]: row
        for row in summaries.values("pekerjaan")
        .annotate(
            n=Sum("jumlah"),
            baru=Sum("jumlah", filter=Q(bulan__gte=filters.dari)),
            covered=Sum("terlindungi"),
        )
        .order_by()
    }
    rows = []
    for kode, label in Pekerjaan.objects.order_by("urutan", "kode").values_list("kode", "label"):
        if kode not in totals:
            continue
        t = totals[kode]
        rows.append(
            [label, kode, t["n"], t["baru"] or 0, t["covered"], t["n"] - t["covered"],
             rate(t["covered"], t["n"])]
        )  # fmt: skip
    footer = None
    headlines = []
    if rows:
        sums = [sum(r[i] for r in rows) for i in (2, 3, 4, 5)]
        footer = [_("Jumlah"), "", *sums, rate(sums[2], sums[0])]
        headlines = [
            Headline(
                _("Pekerja rentan di registri"),
                sums[0],
                INT,
                _("%(new)s baru dalam periode") % {"new": charts.fmt(sums[1])},
            ),
            Headline(
                _("Pekerja registri yang sudah terlindungi BPJS"),
                at(columns, footer, "terlindungi_persen"),
                PCT,
                _("%(covered)s pekerja") % {"covered": charts.fmt(sums[2])},
                why_empty=_(
                    "Belum ada pekerja registri yang ditemukan dalam data kepesertaan BPJS: "
                    "data kepesertaan belum dicocokkan."
                ),
                count=sums[2],
            ),
        ]
    title = _("Pekerja di registri per pekerjaan")
    return Panel(
        key="pekerjaan",
        title=title,
        columns=columns,
        rows=rows,
        footer=footer,
        headlines=headlines,
        ignores=("program", "pendana"),
        svg=charts.bars(
            [charts.Bar(r[0], r[2], part=r[4]) for r in rows],
            title=title,
            part_label=_("Sudah terlindungi BPJS"),
            rest_label=_("Belum terlindungi"),
        ),
        note=_(
            "Pekerja yang terdaftar sampai akhir periode, menurut domisili. Sudah "
            "terlindungi: NIK yang sama tercatat aktif di data kepesertaan BPJS."
        ),
    )


def pipeline(ctx: Context) -> Panel:
    """From a submitted row to an enrolled participant. The registry's stages come from
    the submissions (no occupation, no programme); merges have an occupation (the
    merged person's); the programme stages have both."""
    filters = ctx.filters
    occupation = Q(pekerjaan=filters.pekerjaan) if filters.pekerjaan else Q()
    stages = (
        Q(tahap__in=REGISTRY_STAGES)
        | (Q(tahap=Tahap.DIGABUNG) & occupation)
        | (Q(tahap__in=PROGRAMME_STAGES, program_id__in=ctx.programme_ids) & occupation)
    )
    sums = dict(
        PipelineSummary.objects.filter(
            _region_q("kode_wilayah", ctx.region),
            stages,
            bulan__gte=filters.dari,
            bulan__lte=filters.sampai,
        )
        .values("tahap")
        .annotate(n=Sum("jumlah"))
        .order_by()
        .values_list("tahap", "n")
    )
    rows = [[label, sums.get(tahap, 0)] for tahap, label in Tahap.choices]
    # Rows of files and persons of the registry are not the candidates of a programme's
    # selection: two funnels, each on its own scale, never one.
    group_of = {
        label: _("Program: hasil seleksi dan pendaftaran BPJS")
        if tahap in PROGRAMME_STAGES
        else _("Registri: baris yang diajukan dan pekerja")
        for tahap, label in Tahap.choices
    }
    title = _("Alur: dari daftar yang diajukan ke registri, dan dari seleksi ke BPJS")
    note = _(
        "Diajukan, lolos pemeriksaan, ditolak: baris berkas yang diajukan dalam periode oleh "
        "instansi di wilayah ini. Masuk registri: pekerja baru dari baris itu; baris lolos "
        "lainnya adalah NIK yang sudah terdaftar dan dicocokkan dengan pekerja itu. "
        "Digabung: pekerja yang digabung dengan data lain oleh pencocokan dalam periode "
        "(otomatis atau oleh verifikator, yang dibatalkan tidak dihitung), menurut domisili. "
        "Memenuhi syarat dan terpilih: hasil seleksi terakhir setiap program yang dijalankan "
        "dalam periode, menurut domisili (seorang pekerja dihitung sekali per program). "
        "Terdaftar di BPJS: peserta yang diterima BPJS dengan bulan pertama perlindungan "
        "dalam periode."
    )
    if filters.pekerjaan or filters.program or filters.pendana:
        note += " " + _(
            "Tahap diajukan sampai masuk registri tidak dipilah menurut pekerjaan, program "
            "atau pendana; tahap digabung tidak dipilah menurut program atau pendana."
        )
    return Panel(
        key="alur",
        title=title,
        columns=[
            Column("tahap", _("Tahap"), TEXT),
            Column("jumlah", _("Jumlah"), INT),
        ],
        rows=rows,
        headlines=[
            Headline(_("Baris daftar pekerja diajukan dalam periode"), sums.get(Tahap.DIAJUKAN, 0)),
            Headline(_("Pekerja baru masuk registri dalam periode"), sums.get(Tahap.TERDAFTAR, 0)),
        ],
        svg=charts.bars(
            [charts.Bar(str(label), n, group=group_of[label]) for label, n in rows],
            title=title,
        ),
        note=note,
    )


def sections() -> list[tuple[str, str, tuple[str, ...]]]:
    """The page's sections, in order, as (anchor, title, panel keys): the jump menu
    at the top of the page links to each."""
    return [
        ("cakupan", _("Cakupan"), ("cakupan", "tren")),
        ("program", _("Program"), ("peserta", "peserta_wilayah", "peserta_tren",
                                   "peserta_pekerjaan", "kuota")),
        ("uang", _("Anggaran dan iuran"), ("anggaran", "anggaran_bulan", "lanjut_mandiri")),
        ("klaim", _("Klaim"), ("klaim", "klaim_iuran")),
        ("registri", _("Registri"), ("pekerjaan", "alur")),
        ("pengaduan", _("Pengaduan"), ("pengaduan",)),
    ]  # fmt: skip


PANELS = {
    "cakupan": coverage_by_regency,
    "tren": coverage_trend,
    "peserta": programme_panels.participants_by_status,
    "peserta_wilayah": programme_panels.participants_by_regency,
    "peserta_tren": programme_panels.participants_trend,
    "peserta_pekerjaan": programme_panels.participants_by_occupation,
    "kuota": programme_panels.quota_use,
    "anggaran": money_panels.budget_by_programme,
    "anggaran_bulan": money_panels.budget_by_month,
    "lanjut_mandiri": continuation_panel.sustainability_panel,
    "klaim": money_panels.claims_by_type,
    "klaim_iuran": money_panels.claims_per_contribution,
    "pekerjaan": registry_by_occupation,
    "alur": pipeline,
    "pengaduan": complaint_panel.complaints,
}
