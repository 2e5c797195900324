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
  agency's region, as the submission list scopes them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.models import Role
from jaring.accounts.policy import is_admin
from jaring.dashboard import charts
from jaring.dashboard.models import (
    CoverageSummary,
    PipelineSummary,
    RegistrySummary,
    SummaryRefresh,
    Tahap,
    Target,
)
from jaring.registry.models import Pekerjaan
from jaring.wilayah.models import Tingkat, Wilayah

TEXT, INT, PCT = "text", "int", "pct"
PERIOD_MONTHS = 12


def scope_of(user) -> str | None:
    """The region code the user may see ("" for everything), or None for nothing."""
    if is_admin(user):
        return ""
    if user.role == Role.OPERATOR:
        return user.agency.wilayah_id if user.agency_id else None
    return user.wilayah_id


def _inside(code: str, scope: str) -> bool:
    return scope == "" or code == scope or code.startswith(scope + ".")


def _regency_q(field_name: str, region: str) -> Q:
    """Rows keyed by a regency code that lie in ``region`` (province or regency)."""
    if region == "":
        return Q()
    if len(region) == 2:
        return Q(**{f"{field_name}__startswith": region + "."})
    if len(region) == 5:
        return Q(**{field_name: region})
    return Q(pk__in=[])  # a district-level scope holds no whole regency


def _region_q(field_name: str, region: str) -> Q:
    """Rows keyed by any region code that lie in ``region`` or are ``region`` itself."""
    if region == "":
        return Q()
    return Q(**{field_name: region}) | Q(**{f"{field_name}__startswith": region + "."})


def rate(covered: int, labour_force: int | None) -> Decimal | None:
    """Percent of the labour force, rounded half up to one decimal."""
    if not labour_force:
        return None
    return (Decimal(covered) * 100 / Decimal(labour_force)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def parse_month(text: str | None) -> dt.date | None:
    """``2024-10`` → 1 October 2024; anything else → None (the filter is ignored)."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


@dataclass
class Filters:
    dari: dt.date
    sampai: dt.date
    wilayah: str = ""  # a regency/city inside the scope, or "" for the whole scope
    pekerjaan: str = ""

    def as_query(self) -> dict[str, str]:
        query = {"dari": f"{self.dari:%Y-%m}", "sampai": f"{self.sampai:%Y-%m}"}
        if self.wilayah:
            query["wilayah"] = self.wilayah
        if self.pekerjaan:
            query["pekerjaan"] = self.pekerjaan
        return query


@dataclass
class Panel:
    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list]
    svg: str = ""
    note: str = ""
    footer: list | None = None  # a total row, kept apart from the data rows


@dataclass
class Dashboard:
    scope: str | None
    scope_name: str
    filters: Filters | None
    regions: list[tuple[str, str]] = field(default_factory=list)
    occupations: list[tuple[str, str]] = field(default_factory=list)
    months: list[dt.date] = field(default_factory=list)
    panels: dict[str, Panel] = field(default_factory=dict)
    refreshed: dict[str, dt.datetime] = field(default_factory=dict)


def regencies_in(scope: str) -> list[tuple[str, str]]:
    regencies = Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA)
    if scope:
        regencies = regencies.filter(_regency_q("kode", scope))
    else:  # everything: the regencies that have figures
        known = CoverageSummary.objects.values("kode_kabupaten").distinct()
        tallied = RegistrySummary.objects.values("kode_kabupaten").distinct()
        regencies = regencies.filter(Q(kode__in=known) | Q(kode__in=tallied))
    return list(regencies.order_by("kode").values_list("kode", "nama"))


def read_filters(scope: str, params, regions: list[tuple[str, str]]) -> Filters:
    """Filters from the query string; values outside the scope or malformed are ignored."""
    latest = CoverageSummary.objects.filter(_regency_q("kode_kabupaten", scope)).aggregate(
        m=Max("bulan")
    )["m"] or month_start(timezone.localdate())
    sampai = parse_month(params.get("sampai")) or latest
    dari = parse_month(params.get("dari")) or add_months(sampai, 1 - PERIOD_MONTHS)
    if dari > sampai:
        dari, sampai = sampai, dari
    wilayah = params.get("wilayah", "").strip()
    if wilayah not in {kode for kode, _ in regions}:
        wilayah = ""
    pekerjaan = params.get("pekerjaan", "").strip()
    if pekerjaan and not Pekerjaan.objects.filter(kode=pekerjaan).exists():
        pekerjaan = ""
    return Filters(dari=dari, sampai=sampai, wilayah=wilayah, pekerjaan=pekerjaan)


def build(user, params) -> Dashboard:
    """Every panel for ``user`` under the filters in ``params`` (a QueryDict or dict)."""
    scope = scope_of(user)
    names = dict(
        Wilayah.objects.filter(tingkat__lte=Tingkat.KABUPATEN_KOTA).values_list("kode", "nama")
    )
    if scope is None:
        return Dashboard(scope=None, scope_name="", filters=None)
    regions = regencies_in(scope)
    filters = read_filters(scope, params, regions)
    region = filters.wilayah or scope
    dashboard = Dashboard(
        scope=scope,
        scope_name=names.get(scope, _("Semua wilayah")),
        filters=filters,
        regions=regions,
        occupations=list(Pekerjaan.objects.filter(aktif=True).values_list("kode", "label")),
        months=list(
            CoverageSummary.objects.filter(_regency_q("kode_kabupaten", scope))
            .order_by("-bulan")
            .values_list("bulan", flat=True)
            .distinct()
        ),
        refreshed=dict(SummaryRefresh.objects.values_list("nama", "refreshed_at")),
    )
    dashboard.panels = {
        "cakupan": coverage_by_regency(region, filters, names),
        "tren": coverage_trend(region, filters),
        "pekerjaan": registry_by_occupation(region, filters),
        "alur": pipeline(region, filters),
    }
    return dashboard


def _targets(year: int) -> dict[str, Decimal]:
    return dict(
        Target.objects.filter(tahun=year, cakupan_persen__isnull=False).values_list(
            "wilayah_id", "cakupan_persen"
        )
    )


def coverage_by_regency(region: str, filters: Filters, names: dict[str, str]) -> Panel:
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
    return Panel(
        key="cakupan",
        title=title,
        columns=[
            _("Kabupaten/kota"),
            _("Kode"),
            _("Peserta PU"),
            _("Peserta BPU"),
            _("Jumlah peserta"),
            _("Angkatan kerja"),
            _("Tahun angkatan kerja"),
            _("Cakupan (%)"),
            _("Target (%)"),
        ],
        kinds=[TEXT, TEXT, INT, INT, INT, INT, TEXT, PCT, PCT],
        rows=rows,
        footer=footer,
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


def coverage_trend(region: str, filters: Filters) -> Panel:
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
    month = filters.dari
    while month <= filters.sampai:
        if month in by_month:
            m = by_month[month]
            rows.append(
                [f"{month:%m-%Y}", m["pu"], m["bpu"], m["pu"] + m["bpu"], m["ak"] or None,
                 rate(m["with_ak"], m["ak"]), m["without"]]
            )  # fmt: skip
        else:
            rows.append([f"{month:%m-%Y}", None, None, None, None, None, None])
        month = add_months(month, 1)
    title = _("Tren cakupan kepesertaan per bulan")
    return Panel(
        key="tren",
        title=title,
        columns=[
            _("Bulan"),
            _("Peserta PU"),
            _("Peserta BPU"),
            _("Jumlah peserta"),
            _("Angkatan kerja"),
            _("Cakupan (%)"),
            _("Kab/kota tanpa data angkatan kerja"),
        ],
        kinds=[TEXT, INT, INT, INT, INT, PCT, INT],
        rows=rows,
        svg=charts.line([(r[0], r[5]) for r in rows], title=title, unit="%"),
        note=_(
            "Kabupaten/kota tanpa data angkatan kerja tidak dihitung dalam persentase; "
            "bulan tanpa laporan BPJS dibiarkan kosong."
        ),
    )


def registry_by_occupation(region: str, filters: Filters) -> Panel:
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
    if rows:
        sums = [sum(r[i] for r in rows) for i in (2, 3, 4, 5)]
        footer = [_("Jumlah"), "", *sums, rate(sums[2], sums[0])]
    title = _("Pekerja di registri per pekerjaan")
    return Panel(
        key="pekerjaan",
        title=title,
        columns=[
            _("Pekerjaan"),
            _("Kode"),
            _("Jumlah pekerja"),
            _("Baru dalam periode"),
            _("Sudah terlindungi BPJS"),
            _("Belum terlindungi"),
            _("Sudah terlindungi (%)"),
        ],
        kinds=[TEXT, TEXT, INT, INT, INT, INT, PCT],
        rows=rows,
        footer=footer,
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


def pipeline(region: str, filters: Filters) -> Panel:
    sums = dict(
        PipelineSummary.objects.filter(
            _region_q("kode_wilayah", region), bulan__gte=filters.dari, bulan__lte=filters.sampai
        )
        .values("tahap")
        .annotate(n=Sum("jumlah"))
        .order_by()
        .values_list("tahap", "n")
    )
    rows = [[label, sums.get(tahap, 0)] for tahap, label in Tahap.choices]
    title = _("Alur registri: diajukan → lolos pemeriksaan → masuk registri")
    return Panel(
        key="alur",
        title=title,
        columns=[_("Tahap"), _("Jumlah baris")],
        kinds=[TEXT, INT],
        rows=rows,
        svg=charts.bars([charts.Bar(str(r[0]), r[1]) for r in rows], title=title),
        note=_(
            "Baris berkas yang diajukan dalam periode oleh instansi di wilayah ini. Masuk "
            "registri: pekerja baru; baris lolos lainnya adalah NIK yang sudah terdaftar."
        ),
    )
