"""The dashboard's figures equal the same figures computed directly from the raw tables
(BPJS covered counts, labour force, persons, membership rows, submissions), for several
regions and months, for a province and a regency user; the downloads carry the same
figures; the summaries are what pages read.

The raw side is plain SQL over the base tables, written independently of the summary
code, so a mistake in either shows up as a difference.
"""

import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal

import pytest
from dashboard_world import COVERAGE, PERIOD, aware, user
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jaring.accounts.models import Role, User
from jaring.dashboard.models import CoveredCount
from jaring.dashboard.queries import PANELS
from jaring.dashboard.services import CoverageFileError, import_coverage, refresh_summaries

pytestmark = pytest.mark.django_db


def panels(client, who: User, **params):
    client.force_login(who)
    response = client.get(reverse("dashboard:index"), {**PERIOD, **params})
    assert response.status_code == 200
    return response.context["dashboard"].panels


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def raw_rate(covered: int, labour: int | None):
    if not labour:
        return None
    return (Decimal(covered) * 100 / Decimal(labour)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def raw_labour(kode: str, year: int) -> int | None:
    """Labour force of the year, else of the latest earlier year, from the base table."""
    found = sql(
        "SELECT angkatan_kerja FROM wilayah_angkatankerja WHERE wilayah_id = %s AND tahun <= %s "
        "ORDER BY tahun DESC LIMIT 1",
        [kode, year],
    )
    return found[0][0] if found else None


def raw_covered(month: dt.date, kode_prefix: str) -> dict[str, dict[str, int]]:
    rows = sql(
        "SELECT wilayah_id, segmen, SUM(peserta) FROM dashboard_coveredcount "
        "WHERE bulan = %s AND wilayah_id LIKE %s GROUP BY wilayah_id, segmen",
        [month, kode_prefix + "%"],
    )
    result: dict[str, dict[str, int]] = {}
    for kode, segmen, peserta in rows:
        result.setdefault(kode, {"PU": 0, "BPU": 0})[segmen] = peserta
    return result


@pytest.mark.parametrize(("role", "wilayah", "prefix"), [
    (Role.MANAGER, "64", "64."), (Role.VIEWER, "64.71", "64.71"), (Role.VIEWER, "64.72", "64.72"),
])  # fmt: skip
def test_coverage_by_regency_equals_raw_tables(client, world, role, wilayah, prefix):
    panel = panels(client, user(role, wilayah))["cakupan"]

    latest = dt.date(2024, 2, 1)
    raw = raw_covered(latest, prefix)
    assert [row[1] for row in panel.rows] == sorted(raw)
    for _name, kode, pu, bpu, total, labour, year, pct, target in panel.rows:
        assert (pu, bpu, total) == (raw[kode]["PU"], raw[kode]["BPU"], sum(raw[kode].values()))
        assert labour == raw_labour(kode, 2024)
        assert year == (2024 if labour else None)
        assert pct == raw_rate(total, labour)
        assert target == (Decimal("50.00") if kode == "64.71" else None)
    assert panel.rows[0][0] != panel.rows[0][1]  # a name, not only a code
    footer = panel.footer
    with_labour = [k for k in raw if raw_labour(k, 2024)]
    assert footer[4] == sum(sum(v.values()) for v in raw.values())
    assert footer[7] == raw_rate(
        sum(sum(raw[k].values()) for k in with_labour),
        sum(raw_labour(k, 2024) for k in with_labour),
    )
    assert footer[8] == {"64": Decimal("45.50"), "64.71": Decimal("50.00")}.get(wilayah)


def test_coverage_trend_equals_raw_tables_month_by_month(client, world):
    panel = panels(client, user(Role.MANAGER, "64"))["tren"]

    assert [row[0] for row in panel.rows] == ["12-2023", "01-2024", "02-2024"]
    for label, pu, bpu, total, labour, pct, without in panel.rows:
        month = dt.date(int(label[3:]), int(label[:2]), 1)
        raw = raw_covered(month, "64.")
        known = {k: raw_labour(k, month.year) for k in raw}
        assert pu == sum(v["PU"] for v in raw.values())
        assert bpu == sum(v["BPU"] for v in raw.values())
        assert total == pu + bpu
        assert labour == (sum(n for n in known.values() if n) or None)
        assert pct == raw_rate(sum(sum(raw[k].values()) for k in raw if known[k]), labour)
        assert without == sum(1 for n in known.values() if not n)
    # December 2023 uses 2023's labour force for Balikpapan; Samarinda has none before 2024.
    assert panel.rows[0][4] == 350000 and panel.rows[0][6] == 1


def test_regency_leader_sees_only_their_regency_even_when_asking_for_another(client, world):
    mine = panels(client, user(Role.VIEWER, "64.71"), wilayah="64.72")

    assert [row[1] for row in mine["cakupan"].rows] == ["64.71"]
    trend = {row[0]: row[3] for row in mine["tren"].rows}
    assert trend["02-2024"] == 152500 + 22500


def test_province_user_can_narrow_to_one_regency(client, world):
    narrowed = panels(client, user(Role.MANAGER, "64"), wilayah="64.72")

    assert [row[1] for row in narrowed["cakupan"].rows] == ["64.72"]
    assert {row[0]: row[3] for row in narrowed["tren"].rows}["02-2024"] == 203000 + 31000


def raw_registry(prefix: str, until: dt.datetime, occupation: str | None = None):
    """Persons and actively covered persons per occupation, straight from the base
    tables (status aktif and a paid month from last month on; the membership rows here
    are all paid this month)."""
    covered = (
        "EXISTS (SELECT 1 FROM matching_membership m WHERE m.nik = p.nik AND m.status = 'aktif')"
    )
    query = (
        f"SELECT p.pekerjaan, COUNT(*), SUM(CASE WHEN {covered} THEN 1 ELSE 0 END) "
        "FROM registry_person p WHERE p.kode_wilayah LIKE %s AND p.created_at < %s"
    )
    params = [prefix + "%", until]
    if occupation:
        query += " AND p.pekerjaan = %s"
        params.append(occupation)
    return {k: (n, c) for k, n, c in sql(query + " GROUP BY p.pekerjaan", params)}


@pytest.mark.parametrize(
    ("wilayah", "prefix"), [("64", "64."), ("64.71", "64.71."), ("64.72", "64.72.")]
)
def test_registry_by_occupation_equals_raw_tables(client, world, wilayah, prefix):
    panel = panels(client, user(Role.VERIFIER, wilayah))["pekerjaan"]

    # End of the period: persons registered before March 2024 (local time).
    raw = raw_registry(prefix, aware(2024, 3, 1) - dt.timedelta(hours=8))
    shown = {row[1]: (row[2], row[4]) for row in panel.rows}
    assert shown == raw
    assert sum(n for n, _ in raw.values()) > 0


def test_occupation_filter_narrows_the_registry_panel(client, world):
    panel = panels(client, user(Role.MANAGER, "64"), pekerjaan="ojek")["pekerjaan"]

    raw = raw_registry("64.", aware(2024, 3, 1) - dt.timedelta(hours=8), "ojek")
    assert {row[1]: (row[2], row[4]) for row in panel.rows} == raw == {"ojek": (1, 1)}


@pytest.mark.parametrize(
    ("wilayah", "kode_like"), [("64", "64"), ("64.71", "64.71"), ("64.72", "64.72")]
)
def test_pipeline_equals_raw_submissions(client, world, wilayah, kode_like):
    panel = panels(client, user(Role.MANAGER, wilayah))["alur"]

    [(rows, accepted, duplicates, rejected)] = sql(
        "SELECT COALESCE(SUM(s.rows), 0), COALESCE(SUM(s.accepted), 0), "
        "COALESCE(SUM(s.duplicates), 0), COALESCE(SUM(s.rejected), 0) "
        "FROM intake_submission s JOIN registry_agency a ON a.id = s.agency_id "
        "WHERE (a.wilayah_id = %s OR a.wilayah_id LIKE %s) AND s.status = 'selesai' "
        "AND s.created_at >= %s AND s.created_at < %s",
        [kode_like, kode_like + ".%", aware(2023, 12, 1) - dt.timedelta(hours=8),
         aware(2024, 3, 1) - dt.timedelta(hours=8)],
    )  # fmt: skip
    assert [row[1] for row in panel.rows[:4]] == [rows, accepted + duplicates, rejected, accepted]


def test_xlsx_download_holds_the_same_figures(client, world):
    who = user(Role.MANAGER, "64")
    rows = panels(client, who)["cakupan"].rows

    response = client.get(reverse("dashboard:xlsx", args=["cakupan"]), PERIOD)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    data = sheet.to_python()[4 : 4 + len(rows)]
    read = [(r[1], int(r[4]), round(Decimal(str(r[7])), 1) if r[7] != "" else None) for r in data]
    assert read == [(r[1], r[4], r[7]) for r in rows]
    assert None in [r[7] for r in rows]  # Kutai Kartanegara has no labour force: an empty cell


def test_svg_download_is_a_chart_of_the_regencies(client, world):
    client.force_login(user(Role.MANAGER, "64"))

    response = client.get(reverse("dashboard:svg", args=["cakupan"]), PERIOD)

    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"BALIKPAPAN" in response.content.upper() and b"SAMARINDA" in response.content.upper()


def test_page_shows_charts_inline_and_no_external_asset(client, world):
    client.force_login(user(Role.VIEWER, "64.71"))

    html = client.get(reverse("dashboard:index"), PERIOD).content.decode()

    assert html.count("<svg") == len(PANELS) == 15
    assert "http://www.w3.org/2000/svg" in html and "https://" not in html


def test_pages_read_the_summaries_not_the_raw_rows(client, world, tmp_path):
    who = user(Role.MANAGER, "64")
    before = panels(client, who)["cakupan"].footer[4]
    CoveredCount.objects.filter(wilayah_id="64.71", bulan=dt.date(2024, 2, 1)).update(peserta=0)

    assert panels(client, who)["cakupan"].footer[4] == before
    refresh_summaries()
    assert panels(client, who)["cakupan"].footer[4] == before - 152500 - 22500


def test_user_without_region_sees_an_explanation_not_figures(client, world):
    client.force_login(user(Role.VIEWER, None))

    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200 and not response.context["dashboard"].panels
    assert client.get(reverse("dashboard:xlsx", args=["cakupan"])).status_code == 404


def test_coverage_reimport_changes_nothing_and_bad_rows_stop_the_file(world, tmp_path):
    path = tmp_path / "lagi.csv"
    path.write_text(COVERAGE, encoding="utf-8")
    assert import_coverage(path, sumber="BPJS")["tidak_berubah"] == 14

    bad = tmp_path / "salah.csv"
    bad.write_text(
        "kode_wilayah,bulan,segmen,peserta\n64.71,2024-03,PU,1000\n64.99,2024-03,PU,5\n"
        "64.72,2024-13,BPU,1.000\n",
        encoding="utf-8",
    )
    with pytest.raises(CoverageFileError) as raised:
        import_coverage(bad)
    message = str(raised.value)
    assert "Baris 3: kode wilayah '64.99' bukan kabupaten/kota" in message
    assert "Baris 4: bulan '2024-13' tidak dapat dibaca" in message
    assert "bukan '1.000'" in message
    assert not CoveredCount.objects.filter(bulan=dt.date(2024, 3, 1)).exists()

    with pytest.raises(CommandError) as raised:
        call_command("coverage", "import", str(bad))
    assert raised.value.returncode == 2


def test_chart_text_is_escaped():
    from jaring.dashboard.charts import Bar, bars

    svg = bars([Bar("<script>alert(1)</script>", 5)], title="a & b")

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)
