"""The monthly report (PDF and XLSX), the chart PNGs and the filters' frame carry the
dashboard's own figures.

The PDF's text is extracted with pdfium and every panel row ``build()`` returns must be a
line of it; its pages are rendered to check the charts are drawn; the XLSX is read back
with calamine; the PNG's bars are measured against the figures they stand for.
"""

import io
import re

import pypdfium2 as pdfium
import pytest
from dashboard_world import PERIOD, user
from django.core.management import CommandError, call_command
from django.urls import reverse
from pdf_pages import MAIN, SECOND, TARGET, pixels, read_pdf
from PIL import Image
from python_calamine import CalamineWorkbook

from jaring.accounts.models import Role
from jaring.dashboard import charts
from jaring.dashboard.export import report_xlsx
from jaring.dashboard.queries import (
    INT,
    PANELS,
    TEXT,
    Column,
    Dashboard,
    Headline,
    Panel,
    build,
    read_filters,
    regencies_in,
)
from jaring.dashboard.report import report_pdf

pytestmark = pytest.mark.django_db

PERSONAL = ["Budi Santoso", "Siti Aminah", "Yusuf Maulana", "6471010505850001"]


def pdf_pages(content: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def lines_of(text: str) -> set[str]:
    return {" ".join(line.split()) for line in text.splitlines()}


def row_line(row: list, kinds: list[str]) -> str:
    """A table row as one line of the PDF's text: its cells in order, empty ones left out."""
    return " ".join(" ".join(t.split()) for t in charts.cell_texts(row, kinds) if t)


def get(client, who, name: str, **params):
    client.force_login(who)
    response = client.get(reverse(name), {**PERIOD, **params})
    assert response.status_code == 200
    return response


def test_pdf_report_holds_every_panel_row_and_headline(client, shared_world):
    who = user(Role.MANAGER, "64")
    response = get(client, who, "dashboard:report_pdf")
    dashboard = build(who, PERIOD)

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan-bulanan-64-202402.pdf"' in response["Content-Disposition"]
    pages = pdf_pages(response.content)
    text = "\n".join(pages)
    lines = lines_of(text)
    flat = " ".join(pages[0].split())  # the cover's title may wrap
    assert "Laporan Bulanan Perlindungan Pekerja Rentan" in flat
    assert "Kalimantan Timur" in lines and "Bulan laporan: Februari 2024" in lines
    assert "Periode Desember 2023 – Februari 2024" in lines
    assert list(dashboard.panels) == list(PANELS)
    for panel in dashboard.panels.values():
        assert any(line.endswith(panel.title) for line in lines), panel.title
        assert panel.rows, panel.key
        for row in panel.rows + ([panel.footer] if panel.footer else []):
            assert row_line(row, panel.kinds) in lines, (panel.key, row)
    summary, flat_summary = lines_of(pages[1]), " ".join(pages[1].split())
    assert len(dashboard.headlines) >= 6
    for headline in dashboard.headlines:
        assert headline.shown()[0] in summary
        assert headline.label in flat_summary  # three figures a row: a label may wrap
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page


def test_pdf_charts_are_drawn_between_each_title_and_its_table(client, shared_world):
    who = user(Role.MANAGER, "64")
    pages = read_pdf(get(client, who, "dashboard:report_pdf").content)
    dashboard = build(who, PERIOD)

    areas = {}
    for number, panel in enumerate(dashboard.panels.values(), start=1):
        found = [
            area
            for page in pages[2:]  # past the cover and the summary's list of contents
            if (area := page.chart_area(f"{number}. {panel.title[:30]}", panel.labels[0]))
        ]
        assert len(found) == 1, panel.key
        areas[panel.key] = found[0]
    # At 108 dpi a bar is some 18 pixels high and tens of pixels long.
    drawn_in_main = ("cakupan", "tren", "peserta", "peserta_wilayah", "peserta_tren", "kuota",
                     "anggaran", "anggaran_bulan", "klaim", "alur")  # fmt: skip
    for key in drawn_in_main:
        assert pixels(areas[key], MAIN) > 400, key
    assert pixels(areas["pekerjaan"], SECOND) > 400  # the not-yet-covered part of bars
    assert pixels(areas["klaim_iuran"], SECOND) > 400  # claims, the second series
    assert pixels(areas["cakupan"], TARGET) > 10  # Balikpapan's target mark
    assert pixels(pages[0].image, MAIN) < 2000  # the check can fail: the cover's kicker only
    assert pixels(pages[0].image, SECOND, tolerance=4) == 0


def test_xlsx_report_has_a_cover_and_one_sheet_per_panel(client, shared_world):
    who = user(Role.MANAGER, "64")
    response = get(client, who, "dashboard:report_xlsx")
    dashboard = build(who, PERIOD)

    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Sampul", *dashboard.panels]
    cover = book.get_sheet_by_name("Sampul").to_python()
    values = {row[0]: row[1] for row in cover if row and row[0]}
    for headline in dashboard.headlines:
        assert values[headline.label] == pytest.approx(float(headline.value))
    for key, panel in dashboard.panels.items():
        sheet = book.get_sheet_by_name(key).to_python()
        assert sheet[0][0] == panel.title and sheet[3][: len(panel.columns)] == panel.labels
        expected = panel.rows + ([panel.footer] if panel.footer else [])
        read = sheet[4 : 4 + len(expected)]
        for got, want in zip(read, expected, strict=True):
            assert [
                ("" if v is None else str(v) if kind in charts.WORDS else pytest.approx(float(v)))
                for v, kind in zip(want, panel.kinds, strict=True)
            ] == got[: len(want)]


def test_png_bars_measure_the_coverage_rates(client, shared_world):
    who = user(Role.MANAGER, "64")
    client.force_login(who)
    response = client.get(reverse("dashboard:png", args=["cakupan"]), PERIOD)
    rows = build(who, PERIOD).panels["cakupan"].rows

    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    zoom = image.width / charts.WIDTH
    assert zoom == 2
    label_w, area = 190, charts.WIDTH - 190 - 80  # the bar chart's layout in charts.bars
    for n, row in enumerate(rows):
        y = round((8 + 26 * n + 11) * zoom)
        run = [x for x in range(image.width) if image.getpixel((x, y)) == MAIN]
        rate = row[7]
        if rate is None:  # no labour force: no bar
            assert not run, row
            continue
        assert run[0] == pytest.approx(label_w * zoom, abs=1)
        assert len(run) == pytest.approx(area * zoom * float(rate) / 100, abs=2), row
    # Balikpapan's 50% target is drawn across its row.
    target_x = round((label_w + area * 0.5) * zoom)
    balikpapan = next(n for n, row in enumerate(rows) if row[1] == "64.71")
    y = round((8 + 26 * balikpapan + 3) * zoom)
    near = [image.getpixel((x, y)) for x in range(target_x - 3, target_x + 4)]
    assert TARGET in near


def test_a_panel_added_later_appears_in_both_reports_unchanged(shared_world):
    dashboard = build(user(Role.MANAGER, "64"), PERIOD)
    rows = [["JKK", 27], ["JKM", 12]]
    dashboard.panels["lain"] = Panel(
        key="lain",
        title="Klaim dibayar per jenis",
        columns=[Column("jenis", "Jenis", TEXT), Column("klaim", "Jumlah klaim", INT)],
        rows=rows,
        svg=charts.bars([charts.Bar(r[0], r[1]) for r in rows], title="Klaim"),
        headlines=[Headline("Klaim dibayar", 39)],
    )

    lines = lines_of("\n".join(pdf_pages(report_pdf(dashboard))))
    assert f"{len(PANELS) + 1}. Klaim dibayar per jenis" in lines
    assert {"JKK 27", "JKM 12", "39", "Klaim dibayar"} <= lines
    book = CalamineWorkbook.from_filelike(io.BytesIO(report_xlsx(dashboard)))
    assert book.sheet_names[-1] == "lain"
    assert book.get_sheet_by_name("lain").to_python()[4:6] == [["JKK", 27.0], ["JKM", 12.0]]


def test_regency_leader_report_holds_only_their_regency(client, shared_world):
    who = user(Role.VIEWER, "64.71")
    pdf = get(client, who, "dashboard:report_pdf", wilayah="64.72")
    xlsx = get(client, who, "dashboard:report_xlsx", wilayah="64.72")

    text = "\n".join(pdf_pages(pdf.content))
    assert "Kota Balikpapan" in text and "Samarinda" not in text
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    coverage = book.get_sheet_by_name("cakupan").to_python()
    assert [row[1] for row in coverage[4:7]] == ["64.71", "64.71", ""]  # regency, total, end
    assert 'filename="laporan-bulanan-64.71-202402.xlsx"' in xlsx["Content-Disposition"]


def test_reports_hold_no_personal_data(client, shared_world):
    who = user(Role.ADMIN, None)
    pdf_text = "\n".join(pdf_pages(get(client, who, "dashboard:report_pdf").content))
    book = CalamineWorkbook.from_filelike(
        io.BytesIO(get(client, who, "dashboard:report_xlsx").content)
    )
    cells = " ".join(
        str(cell)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for cell in row
    )

    assert "Kota Balikpapan" in pdf_text and "Kota Balikpapan" in cells  # figures are there
    for text in (pdf_text, cells):
        assert not re.search(r"\d{16}", text)
        assert not [value for value in PERSONAL if value in text]


def test_report_command_writes_a_region_pdf_and_xlsx(shared_world, tmp_path):
    pdf, xlsx = tmp_path / "bpn.pdf", tmp_path / "bpn.xlsx"

    call_command("report", month="2024-02", wilayah="64.71", out=str(pdf), stdout=io.StringIO())
    call_command("report", month="2024-02", wilayah="64.71", out=str(xlsx), stdout=io.StringIO())

    lines = lines_of("\n".join(pdf_pages(pdf.read_bytes())))
    assert {"Kota Balikpapan", "Bulan laporan: Februari 2024"} <= lines
    assert "Kota Balikpapan 64.71 152.500 22.500 175.000 360.000 2024 48,6 50,0" in lines
    coverage = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_name("cakupan").to_python()
    assert coverage[4][:5] == ["Kota Balikpapan", "64.71", 152500.0, 22500.0, 175000.0]


def test_report_command_narrows_to_a_programme_and_funder(shared_world, tmp_path):
    xlsx = tmp_path / "bpn.xlsx"

    call_command("report", month="2024-12", wilayah="64", program="BPN-2024", pendana="csr",
                 out=str(xlsx), stdout=io.StringIO())  # fmt: skip

    book = CalamineWorkbook.from_path(str(xlsx))
    cover = {row[0]: row[1] for row in book.get_sheet_by_name("Sampul").to_python() if row}
    assert (cover["Program"], cover["Pendana"]) == ("Program BPN-2024", "CSR perusahaan")
    budget = book.get_sheet_by_name("anggaran").to_python()[4:]
    assert [row[1:3] for row in budget if row[1]] == [["BPN-2024", "CSR perusahaan"]]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"wilayah": "99"}, "bukan kode provinsi atau kabupaten/kota"),
        ({"wilayah": "64.71.01"}, "bukan kode provinsi atau kabupaten/kota"),
        ({"month": "2024-13"}, "tidak dapat dibaca"),
        ({"out": "laporan.docx"}, "harus .pdf atau .xlsx"),
        ({"wilayah": "64.72", "program": "BPN-2024"}, "Program 'BPN-2024' tidak dikenal"),
        ({"pendana": "zakat"}, "Pendana 'zakat' tidak dikenal"),
        ({"pekerjaan": "astronot"}, "Pekerjaan 'astronot' tidak dikenal"),
        ({"month": "9999-12"}, "tidak dapat dibaca"),
        ({"out": "tidak-ada/laporan.pdf"}, "tidak ada"),
    ],
)
def test_report_command_refuses_bad_arguments(shared_world, tmp_path, options, message):
    arguments = {"out": str(tmp_path / "laporan.pdf"), **options}
    arguments["out"] = str(tmp_path / arguments["out"])  # relative names land in tmp_path

    with pytest.raises(CommandError, match=re.escape(message)) as raised:
        call_command("report", **arguments)

    assert raised.value.returncode == 2
    assert not list(tmp_path.iterdir())


def test_programme_and_funder_filters_offer_what_the_scope_sees(client, shared_world):
    province = get(client, user(Role.MANAGER, "64"), "dashboard:index", program="P-1", pendana="x")
    samarinda = get(client, user(Role.VIEWER, "64.72"), "dashboard:index")

    dashboard = province.context["dashboard"]
    assert (dashboard.filters.program, dashboard.filters.pendana) == ("", "")  # unknown values
    assert [kode for kode, _ in dashboard.programmes] == ["BPN-2024", "KUKAR-2024", "PROV-2024"]
    assert [kode for kode, _ in dashboard.funders] == ["apbd_provinsi", "apbd_kabkota", "csr"]
    html = province.content.decode()
    assert 'name="program"' in html and 'name="pendana"' in html
    # Samarinda sees the province's programme, not Balikpapan's or Kutai Kartanegara's.
    assert [kode for kode, _ in samarinda.context["dashboard"].programmes] == ["PROV-2024"]
    assert [kode for kode, _ in samarinda.context["dashboard"].funders] == ["apbd_provinsi"]


def test_programme_filter_narrows_the_panels_and_the_report(client, shared_world):
    who = user(Role.MANAGER, "64")
    response = get(client, who, "dashboard:index", program="BPN-2024")
    pdf = get(client, who, "dashboard:report_pdf", program="BPN-2024")

    dashboard = response.context["dashboard"]
    assert dashboard.filters.as_query()["program"] == "BPN-2024"
    assert ("Program", "Program BPN-2024") in dashboard.filter_labels()
    assert {row[1] for row in dashboard.panels["anggaran"].rows} <= {"BPN-2024"}
    assert "program=BPN-2024" in response.content.decode()  # the downloads keep it
    assert "Program Program BPN-2024" in lines_of("\n".join(pdf_pages(pdf.content)))


def test_programme_filter_takes_a_value_among_its_choices(shared_world):
    programmes = [("JAMSOS-KALTIM-2024", "Jamsos Pekerja Rentan Kaltim 2024")]
    funders = [("apbd_provinsi", "APBD Provinsi")]
    params = {**PERIOD, "program": "JAMSOS-KALTIM-2024", "pendana": "apbn"}

    filters = read_filters("64", params, regencies_in("64"), programmes, funders)

    assert (filters.program, filters.pendana) == ("JAMSOS-KALTIM-2024", "")
    assert filters.as_query()["program"] == "JAMSOS-KALTIM-2024"
    dashboard = Dashboard(
        scope="64", scope_name="", filters=filters, programmes=programmes, funders=funders
    )
    assert ("Program", "Jamsos Pekerja Rentan Kaltim 2024") in dashboard.filter_labels()


def test_page_says_which_panels_an_occupation_filter_cannot_narrow(client, shared_world):
    response = get(client, user(Role.MANAGER, "64"), "dashboard:index", pekerjaan="ojek")

    html = response.content.decode()
    items = [item for section in response.context["sections"] for item in section["panels"]]
    ignored = {item["panel"].key for item in items if item["ignored"]}
    # BPJS's coverage has no occupation; money is known per programme, funder, month
    # and regency, not per occupation; complaints are counted by regency and kind.
    assert ignored == {
        "cakupan", "tren", "anggaran", "anggaran_bulan", "klaim_iuran", "pengaduan",
        "lanjut_mandiri",
    }  # fmt: skip
    assert "Panel ini tidak dipilah menurut pekerjaan" in html
    assert 'id="report-pdf"' in html and "pekerjaan=ojek" in html


def test_page_shows_the_headline_figures(client, shared_world):
    who = user(Role.VIEWER, "64.71")
    response = get(client, who, "dashboard:index")

    html = response.content.decode()
    coverage = build(who, PERIOD).panels["cakupan"].total("cakupan")
    assert f'<span class="num">{charts.fmt(coverage, "%")}</span>' in html
    assert charts.fmt(coverage, "%") == "48,6%"  # 175,000 of 360,000


def test_a_chart_of_hundreds_of_regions_still_fits_one_page(shared_world):
    dashboard = build(user(Role.ADMIN, None), PERIOD)
    rows = [[f"Kabupaten {n:03d}", 1000 + n] for n in range(300)]
    dashboard.panels = {
        "banyak": Panel(
            key="banyak",
            title="Peserta per kabupaten/kota, seluruh Indonesia",
            columns=[Column("kabupaten", "Kabupaten/kota", TEXT), Column("peserta", "Peserta")],
            rows=rows,
            svg=charts.bars([charts.Bar(r[0], r[1]) for r in rows], title="banyak"),
        )
    }

    pages = read_pdf(report_pdf(dashboard), scale=0.5)

    lines = {line for page in pages for line, _ in page.lines}
    assert {"Kabupaten 000 1.000", "Kabupaten 299 1.299"} <= lines  # the table in full
    [chart_page] = [p for p in pages[2:] if p.y_of("1. Peserta per kabupaten/kota")]
    assert pixels(chart_page.image, MAIN) > 1000


def test_unknown_chart_and_user_without_region_answer_404(client, shared_world):
    client.force_login(user(Role.MANAGER, "64"))
    assert client.get(reverse("dashboard:png", args=["laporan"])).status_code == 404
    client.force_login(user(Role.VIEWER, None))
    assert client.get(reverse("dashboard:report_pdf")).status_code == 404
    assert client.get(reverse("dashboard:report_xlsx")).status_code == 404


@pytest.mark.parametrize("period", [{"sampai": "0001-03"}, {"sampai": "9999-12"},
                                    {"dari": "1000-01", "sampai": "2100-12"}])  # fmt: skip
def test_a_month_out_of_any_range_is_ignored_not_a_server_error(client, shared_world, period):
    response = get(client, user(Role.MANAGER, "64"), "dashboard:index", **period)

    assert response.status_code == 200
    filters = response.context["dashboard"].filters
    assert filters.dari.year >= 2000 and filters.sampai.year <= 2100
    assert (
        filters.sampai.year - filters.dari.year
    ) * 12 + filters.sampai.month - filters.dari.month < 120


def test_text_like_a_formula_is_quoted_in_the_xlsx_report(shared_world):
    dashboard = build(user(Role.MANAGER, "64"), PERIOD)
    attack = "-2+3+cmd|' /C calc'!A0"
    dashboard.panels["lain"] = Panel(
        key="lain", title="Uji", columns=[Column("jenis", "Jenis", TEXT), Column("n", "Jumlah")],
        rows=[[attack, 1], ["-", -5]], svg="",
    )  # fmt: skip

    book = CalamineWorkbook.from_filelike(io.BytesIO(report_xlsx(dashboard)))

    assert book.get_sheet_by_name("lain").to_python()[4:6] == [["'" + attack, 1.0], ["-", -5.0]]
