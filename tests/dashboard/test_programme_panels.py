"""The programme panels' figures equal the same figures computed from the base tables:
participants' coverage status from the contribution lines (through
``contributions.queries.coverage``, the rule's owner, per programme and month), quota
use from the selection, the approved list and the participants, money from the
contribution lines (not the invoices' stored totals), claims from the claims, the
pipeline's later stages from selections, participants and merges. Several scopes,
periods and filters (region, programme, funder, occupation), on the programmes of
programme_world.py; the raw side is written here, independently of the summaries.
"""

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from dashboard_world import PERIOD, aware, user
from django.db import connection
from django.urls import reverse
from programme_world import YEAR

from jaring.accounts.models import Role
from jaring.contributions.queries import STATUSES, coverage
from jaring.core.months import add_months, months_of
from jaring.dashboard.figures import parse_month
from jaring.programs.models import Program

pytestmark = pytest.mark.django_db

CASES = [
    pytest.param(Role.MANAGER, "64", PERIOD, id="province-dec-feb"),
    pytest.param(Role.MANAGER, "64", YEAR, id="province-2024"),
    pytest.param(Role.VIEWER, "64.71", YEAR, id="balikpapan-2024"),
    pytest.param(Role.VIEWER, "64.72", {"dari": "2024-03", "sampai": "2024-04"}, id="samarinda"),
    pytest.param(Role.MANAGER, "64", {**YEAR, "wilayah": "64.02"}, id="kukar-filter"),
    pytest.param(Role.MANAGER, "64", {**YEAR, "program": "BPN-2024"}, id="programme"),
    pytest.param(Role.FINANCE, "64", {**YEAR, "pendana": "csr"}, id="funder"),
    pytest.param(Role.MANAGER, "64", {**YEAR, "pekerjaan": "ojek"}, id="occupation"),
]


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def pct(part: int, whole: int | None):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def inside(kode: str, region: str) -> bool:
    return kode == region or kode.startswith(region + ".")


class Case:
    """One dashboard request and what the raw side needs to know about it."""

    def __init__(self, client, role, scope, params):
        client.force_login(user(role, scope))
        response = client.get(reverse("dashboard:index"), params)
        assert response.status_code == 200
        self.panels = response.context["dashboard"].panels
        self.region = params.get("wilayah") or scope
        self.dari, self.sampai = parse_month(params["dari"]), parse_month(params["sampai"])
        self.pekerjaan = params.get("pekerjaan", "")
        self.programmes = [
            p
            for p in Program.objects.order_by("kode")
            if (p.wilayah_id == scope or scope.startswith(p.wilayah_id + ".")
                or p.wilayah_id.startswith(scope + "."))
            and params.get("program", p.kode) == p.kode
            and (not params.get("pendana") or p.pendana.filter(pendana=params["pendana"]).exists())
        ]  # fmt: skip
        self.ids = [p.pk for p in self.programmes]

    def running(self) -> list[Program]:
        return [
            p
            for p in self.programmes
            if p.bulan_mulai <= self.sampai and p.bulan_akhir >= self.dari
        ]

    def occupation_sql(self, column: str) -> tuple[str, list]:
        return (f" AND {column} = %s", [self.pekerjaan]) if self.pekerjaan else ("", [])

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as instants: local (WITA) month starts."""
        first = aware(self.dari.year, self.dari.month, 1) - dt.timedelta(hours=20)
        end = add_months(self.sampai, 1)
        return first, aware(end.year, end.month, 1) - dt.timedelta(hours=20)


def statuses(case: Case, program: Program, month: dt.date) -> Counter:
    """(regency, occupation, status) → participants, from the contribution lines."""
    occupation = dict(
        sql("SELECT p.id, pe.pekerjaan FROM enrollment_peserta p "
            "JOIN registry_person pe ON pe.id = p.person_id WHERE p.program_id = %s", [program.pk])
    )  # fmt: skip
    counts = Counter()
    for row in coverage(program, month).iter_rows(named=True):
        work = occupation[row["peserta_id"]]
        if inside(row["kode_kabupaten"], case.region) and case.pekerjaan in ("", work):
            counts[(row["kode_kabupaten"], work, row["status"])] += 1
    return counts


def at_period_end(case: Case) -> Counter:
    total = Counter()
    for program in case.programmes:
        if program.bulan_mulai <= case.sampai and program.bulan_akhir >= case.dari:
            total += statuses(case, program, min(case.sampai, program.bulan_akhir))
    return total


def by(counts: Counter, position: int) -> dict:
    result: dict = {}
    for key, n in counts.items():
        group = result.setdefault(key[position], Counter())
        group[key[2]] += n
    return result


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_participants_by_status_equal_the_contribution_lines(
    client, shared_world, role, scope, params
):
    case = Case(client, role, scope, params)
    panel = case.panels["peserta"]

    raw = Counter()
    for (_, _, status), n in at_period_end(case).items():
        raw[status] += n
    shown = {row[1]: row[2] for row in panel.rows}
    assert shown == ({s: raw[s] for s in STATUSES} if raw else {})
    if raw:
        assert panel.footer[2] == sum(raw.values())
        assert [row[3] for row in panel.rows] == [pct(raw[s], sum(raw.values())) for s in STATUSES]


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_participants_by_regency_equal_the_lines_and_labour_force(
    client, shared_world, role, scope, params
):
    case = Case(client, role, scope, params)
    panel = case.panels["peserta_wilayah"]

    raw = by(at_period_end(case), 0)
    assert [row[1] for row in panel.rows] == sorted(raw)
    for row in panel.rows:
        counts = raw[row[1]]
        assert row[2:8] == [counts[s] for s in STATUSES]
        assert row[8] == sum(counts.values())
        month = case.sampai
        labour = sql("SELECT angkatan_kerja FROM wilayah_angkatankerja WHERE wilayah_id = %s "
                     "AND tahun <= %s ORDER BY tahun DESC LIMIT 1", [row[1], month.year])  # fmt: skip
        assert row[9] == (labour[0][0] if labour else None)
        assert row[10] == pct(counts["aktif"], row[9])


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_participants_trend_equals_the_lines_month_by_month(
    client, shared_world, role, scope, params
):
    case = Case(client, role, scope, params)
    panel = case.panels["peserta_tren"]

    assert [row[0] for row in panel.rows] == [
        f"{m:%m-%Y}" for m in months_of(case.dari, case.sampai)
    ]
    for row, month in zip(panel.rows, months_of(case.dari, case.sampai), strict=True):
        running = [p for p in case.programmes if p.bulan_mulai <= month <= p.bulan_akhir]
        raw = Counter()
        for program in running:
            for (_, _, status), n in statuses(case, program, month).items():
                raw[status] += n
        if not raw:
            assert row[1:] == [None] * 7 or row[-1] == 0, row
            continue
        assert row[1:] == [*(raw[s] for s in STATUSES), sum(raw.values())], month


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_participants_by_occupation_against_the_registry(client, shared_world, role, scope, params):
    case = Case(client, role, scope, params)
    panel = case.panels["peserta_pekerjaan"]

    participants = by(at_period_end(case), 1)
    end = case.bounds()[1]
    region = case.region + ("." if len(case.region) == 2 else "")
    extra, extra_params = case.occupation_sql("pekerjaan")
    registry = dict(
        sql("SELECT pekerjaan, COUNT(*) FROM registry_person WHERE merged_into_id IS NULL "
            f"AND kode_wilayah LIKE %s AND created_at < %s{extra} GROUP BY pekerjaan",
            [region + "%", end, *extra_params])
    )  # fmt: skip
    shown = {row[1]: row[2:] for row in panel.rows}
    assert set(shown) == set(participants) | set(registry)
    for kode, (active, total, registered, share) in shown.items():
        counts = participants.get(kode, Counter())
        assert (active, total) == (counts["aktif"], sum(counts.values()))
        assert registered == registry.get(kode, 0)
        assert share == pct(active, registered)


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_quota_use_equals_selection_list_and_participants(
    client, shared_world, role, scope, params
):
    case = Case(client, role, scope, params)
    panel = case.panels["kuota"]

    ids = [p.pk for p in case.running()]
    marks = ", ".join(["%s"] * len(ids)) or "NULL"
    extra, extra_params = case.occupation_sql("pe.pekerjaan")

    def per_regency(query: str, by_occupation: bool = True) -> dict[str, int]:
        params = [*ids, *(extra_params if by_occupation else [])]
        return {k: n for k, n in sql(query, params) if inside(k, case.region)}

    joined = "JOIN registry_person pe ON pe.id = x.person_id"
    quota = per_regency(
        f"SELECT wilayah_id, SUM(kuota) FROM programs_kuotawilayah WHERE program_id IN ({marks}) GROUP BY wilayah_id",
        False,
    )
    eligible = per_regency(
        f"SELECT x.kode_kabupaten, COUNT(*) FROM programs_seleksi x {joined} WHERE x.program_id IN ({marks}) AND x.alasan IN ('terpilih', 'daftar_tunggu'){extra} GROUP BY x.kode_kabupaten"
    )
    selected = per_regency(
        f"SELECT x.kode_kabupaten, COUNT(*) FROM programs_seleksi x {joined} WHERE x.program_id IN ({marks}) AND x.terpilih{extra} GROUP BY x.kode_kabupaten"
    )
    approved = per_regency(
        f"SELECT x.kode_kabupaten, COUNT(*) FROM programs_penerima x {joined} WHERE x.program_id IN ({marks}) AND x.amandemen_keluar_id IS NULL{extra} GROUP BY x.kode_kabupaten"
    )
    enrolled = per_regency(f"SELECT x.kode_kabupaten, COUNT(*) FROM enrollment_peserta x {joined} WHERE x.program_id IN ({marks}) AND x.status = 'diterima'{extra} GROUP BY x.kode_kabupaten")  # fmt: skip

    regencies = sorted(set(quota) | set(eligible) | set(selected) | set(approved) | set(enrolled))
    assert [row[1] for row in panel.rows] == regencies
    for row in panel.rows:
        k = row[1]
        expected = [quota.get(k, 0), eligible.get(k, 0), selected.get(k, 0), approved.get(k, 0),
                    enrolled.get(k, 0)]  # fmt: skip
        assert row[2:7] == expected, k
        assert row[7] == pct(approved.get(k, 0), quota.get(k, 0))


def lines(case: Case, group: str) -> dict:
    """Billed and paid summed from the contribution lines, by ``group`` (SQL)."""
    ids = case.ids or [0]
    marks = ", ".join(["%s"] * len(ids))
    rows = sql(
        f"SELECT {group}, p.kode_kabupaten, SUM(l.jumlah), SUM(l.dibayar) "
        "FROM contributions_iuran l JOIN contributions_tagihan t ON t.id = l.tagihan_id "
        "JOIN enrollment_peserta p ON p.id = l.peserta_id "
        f"WHERE t.program_id IN ({marks}) AND t.bulan >= %s AND t.bulan <= %s "
        f"GROUP BY {group}, p.kode_kabupaten",
        [*ids, case.dari, case.sampai],
    )
    result: dict = {}
    for *key, kode, billed, paid in rows:
        if inside(kode, case.region):
            key = tuple(key) if len(key) > 1 else key[0]
            old = result.get(key, (0, 0))
            result[key] = (old[0] + billed, old[1] + paid)
    return result


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_budget_equals_the_contribution_lines_and_the_ceiling(
    client, shared_world, role, scope, params
):
    case = Case(client, role, scope, params)
    panel = case.panels["anggaran"]

    funder = params.get("pendana")
    raw = {
        k: v for k, v in lines(case, "t.program_id, t.pendana").items() if funder in (None, k[1])
    }
    running = {p.pk: p for p in case.running()}
    shown = {(row[1], row[2]): row[3:] for row in panel.rows}
    expected = {}
    for program in running.values():
        whole = program.wilayah_id == case.region or program.wilayah_id.startswith(
            case.region + "."
        )
        for share in program.pendana.all():
            if funder not in (None, share.pendana):
                continue
            pagu = int(program.pagu_anggaran * share.porsi_persen / 100) if whole else None
            billed, paid = raw.get((program.pk, share.pendana), (0, 0))
            if pagu is None and (program.pk, share.pendana) not in raw:
                continue
            expected[(program.kode, share.get_pendana_display())] = [
                pagu,
                billed,
                paid,
                billed - paid,
                pct(billed, pagu),
            ]
    assert shown == expected
    if expected:
        assert panel.footer[4:7] == [sum(v[i] for v in expected.values()) for i in (1, 2, 3)]


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_budget_by_month_equals_the_contribution_lines(client, shared_world, role, scope, params):
    case = Case(client, role, scope, params)
    panel = case.panels["anggaran_bulan"]

    funder = params.get("pendana")
    raw = Counter()
    paid = Counter()
    for (month, pendana), (b, p) in lines(case, "t.bulan, t.pendana").items():
        if funder in (None, pendana):
            raw[month] += b
            paid[month] += p
    for row, month in zip(panel.rows, months_of(case.dari, case.sampai), strict=True):
        if month not in raw:
            assert row[1:] == [None] * 4
            continue
        assert row[1:] == [
            raw[month],
            paid[month],
            raw[month] - paid[month],
            pct(paid[month], raw[month]),
        ]


def claims(case: Case, group: str, occupation: bool = True) -> dict:
    ids = case.ids or [0]
    marks = ", ".join(["%s"] * len(ids))
    extra, extra_params = case.occupation_sql("pe.pekerjaan") if occupation else ("", [])
    first, end = case.dari, add_months(case.sampai, 1)
    rows = sql(
        f"SELECT {group}, p.kode_kabupaten, COUNT(*), SUM(k.jumlah), "
        "SUM(CASE WHEN k.meninggal THEN 1 ELSE 0 END) FROM claims_klaim k "
        "JOIN enrollment_peserta p ON p.id = k.peserta_id "
        "JOIN registry_person pe ON pe.id = p.person_id "
        f"WHERE p.program_id IN ({marks}) AND k.tanggal_bayar >= %s AND k.tanggal_bayar < %s"
        f"{extra} GROUP BY {group}, p.kode_kabupaten",
        [*ids, first, end, *extra_params],
    )
    result: dict = {}
    for key, kode, n, amount, deaths in rows:
        if inside(kode, case.region):
            old = result.get(key, (0, 0, 0))
            result[key] = (old[0] + n, old[1] + amount, old[2] + deaths)
    return result


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_claims_by_type_equal_the_claims(client, shared_world, role, scope, params):
    case = Case(client, role, scope, params)
    panel = case.panels["klaim"]

    raw = claims(case, "k.jenis")
    shown = {row[1]: tuple(row[2:]) for row in panel.rows if row[2]}
    assert shown == raw
    if raw:
        assert len(panel.rows) == 6  # every type listed, zero when none
        assert panel.footer[2:] == [sum(v[i] for v in raw.values()) for i in range(3)]


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_claims_per_rupiah_of_contribution(client, shared_world, role, scope, params):
    case = Case(client, role, scope, params)
    panel = case.panels["klaim_iuran"]

    paid = Counter()
    for program_id, (_, p) in lines(case, "t.program_id").items():
        paid[program_id] += p
    claimed = {k: v[1] for k, v in claims(case, "p.program_id", occupation=False).items()}
    codes = {p.pk: p.kode for p in case.programmes}
    expected = {codes[pk]: [paid.get(pk, 0), claimed.get(pk, 0)] for pk in set(paid) | set(claimed)}
    assert {row[1]: row[2:4] for row in panel.rows} == expected
    for row in panel.rows:
        if row[2]:
            assert row[4] == (Decimal(row[3]) / Decimal(row[2])).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        else:
            assert row[4] is None


@pytest.mark.parametrize(("role", "scope", "params"), CASES)
def test_pipeline_programme_stages_and_merges(client, shared_world, role, scope, params):
    case = Case(client, role, scope, params)
    rows = dict(case.panels["alur"].rows)

    first, end = case.bounds()
    ids = case.ids or [0]
    marks = ", ".join(["%s"] * len(ids))
    extra, extra_params = case.occupation_sql("pe.pekerjaan")
    joined = "JOIN registry_person pe ON pe.id = x.person_id"
    selections = [
        (k, layak, terpilih)
        for k, layak, terpilih in sql(
            "SELECT x.kode_kabupaten, SUM(CASE WHEN x.alasan IN ('terpilih', 'daftar_tunggu') "
            "THEN 1 ELSE 0 END), SUM(CASE WHEN x.terpilih THEN 1 ELSE 0 END) "
            f"FROM programs_seleksi x {joined} JOIN programs_program g ON g.id = x.program_id "
            f"WHERE x.program_id IN ({marks}) AND g.seleksi_pada >= %s AND g.seleksi_pada < %s"
            f"{extra} GROUP BY x.kode_kabupaten",
            [*ids, first, end, *extra_params],
        )
        if inside(k, case.region)
    ]
    enrolled = sum(
        n
        for k, n in sql(
            f"SELECT x.kode_kabupaten, COUNT(*) FROM enrollment_peserta x {joined} "
            f"WHERE x.program_id IN ({marks}) AND x.status = 'diterima' AND x.bulan_mulai >= %s "
            f"AND x.bulan_mulai <= %s{extra} GROUP BY x.kode_kabupaten",
            [*ids, case.dari, case.sampai, *extra_params],
        )
        if inside(k, case.region)
    )
    merged = sum(
        n
        for k, n in sql(
            "SELECT substr(pe.kode_wilayah, 1, 5), COUNT(*) FROM matching_merge m "
            "JOIN registry_person pe ON pe.id = m.merged_id WHERE m.undone_at IS NULL "
            f"AND m.merged_at >= %s AND m.merged_at < %s{extra} GROUP BY 1",
            [first, end, *extra_params],
        )
        if inside(k, case.region)
    )
    assert rows["Memenuhi syarat program"] == sum(s[1] for s in selections)
    assert rows["Terpilih dalam kuota"] == sum(s[2] for s in selections)
    assert rows["Terdaftar di BPJS (KPJ terbit)"] == enrolled
    assert rows["Digabung dengan data lain (pencocokan)"] == merged


def test_world_holds_every_status_and_the_panels_are_not_empty(client, shared_world):
    case = Case(client, Role.MANAGER, "64", YEAR)

    # December: the province's unpaid months have lapsed, the city's November is
    # half paid (the CSR share is not).
    assert {row[1] for row in case.panels["peserta"].rows if row[2]} == {
        "menunggak", "terputus", "berakhir", "menunggu", "ditolak",
    }  # fmt: skip
    months = {row[0]: row for row in case.panels["peserta_tren"].rows}
    assert months["02-2024"][1] > 0  # January paid: active in February
    assert months["03-2024"][2] > 0  # February half paid: in arrears in March
    for key in ("kuota", "anggaran", "anggaran_bulan", "klaim", "klaim_iuran"):
        assert case.panels[key].rows, key
    assert dict(case.panels["alur"].rows)["Digabung dengan data lain (pencocokan)"] == 1
    assert {row[1] for row in case.panels["anggaran"].rows} == {
        "PROV-2024",
        "BPN-2024",
        "KUKAR-2024",
    }
