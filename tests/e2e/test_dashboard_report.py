"""A regency leader's month in a real browser: open the dashboard, narrow it to one
occupation, read a figure, read the programme's participants, quota, budget and claims,
narrow to the programme, download the monthly report; then the PDF is rendered to
images (pdfium) and each chart's area on its page must hold the chart's colours."""

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "dashboard"))
from pdf_pages import MAIN, SECOND, pixels, read_pdf

from jaring.dashboard.queries import sections

BLUE = (0x3D, 0x6F, 0xB6)  # charts.SERIES[2]: the third series of grouped bars

OCCUPATION, OCCUPATION_LABEL = "nelayan", "Nelayan"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"  # as `shots`


def number(text: str) -> int:
    """An Indonesian figure as printed (``1.234``) → 1234."""
    return int(re.sub(r"[.\s]", "", text))


def registry_row(page) -> list[str]:
    """The occupation's row as [name, code, figures…]: the page prints the code small
    inside the name's cell."""
    row = page.locator("#panel-pekerjaan tbody tr", has_text=OCCUPATION_LABEL)
    first = row.locator("td").first
    name = first.evaluate("td => td.firstChild.textContent.trim()")
    code = first.locator("small.code").text_content().strip()
    return [name, code, *(cell.strip() for cell in row.locator("td").all_text_contents()[1:])]


def texts(page, selector: str) -> list[str]:
    return [cell.strip() for cell in page.locator(selector).all_text_contents()]


def test_leader_filters_by_occupation_and_downloads_the_pdf_report(login, app_url, shots, tmp_path):
    page = login("pimpinan.bpn")
    page.click("nav >> text=Dasbor")
    page.wait_for_selector("#panel-cakupan svg")
    assert "Kota Balikpapan" in page.text_content("h1")
    # Only Balikpapan, the leader's city, in the coverage table; the target mark drawn.
    regencies = page.locator(
        "#panel-cakupan tbody tr td:first-child small.code"
    ).all_text_contents()
    assert regencies == ["64.71"]
    shots(page, "dasbor")

    page.select_option("select[name=pekerjaan]", OCCUPATION)
    page.click("form.filters button.primary")
    page.wait_for_url(re.compile(rf"pekerjaan={OCCUPATION}"))
    page.wait_for_selector("#panel-pekerjaan svg")
    cells = registry_row(page)
    assert cells[:2] == [OCCUPATION_LABEL, OCCUPATION]
    on_dashboard = number(cells[2])
    assert on_dashboard > 0
    rows = page.locator("#panel-pekerjaan tbody tr").count()
    assert rows == 1  # the occupation filter narrowed the panel to one line
    tile = page.locator("#headlines .tile", has_text="Pekerja rentan di registri")
    assert number(tile.locator(".num").text_content()) == on_dashboard
    assert page.is_visible("text=Panel ini tidak dipilah menurut pekerjaan")
    shots(page, "dasbor-nelayan")

    # The same figure counted straight from the registry (persons the leader may see).
    registry = login("pimpinan.bpn")
    registry.goto(f"{app_url}/pekerja/?pekerjaan={OCCUPATION}")
    counted = number(registry.text_content("form.filters + p.muted").split()[0])
    deadline = time.monotonic() + 15
    while on_dashboard != counted and time.monotonic() < deadline:
        time.sleep(1)  # an upload by another test may still be waiting for its refresh
        page.reload()
        on_dashboard = number(registry_row(page)[2])
    assert on_dashboard == counted
    shots(registry, "registri-nelayan")

    # The programme panels, narrowed to the same occupation: participants by status add
    # up, the leader's tile is the panel's active count; quota, money and the pipeline.
    statuses = page.locator("#panel-peserta tbody tr")
    active = number(texts(page, "#panel-peserta tbody tr:first-child td")[1])
    total = number(texts(page, "#panel-peserta tfoot th")[1])
    assert statuses.count() == 6 and 0 <= active <= total and total > 0
    assert total == sum(number(t) for t in texts(page, "#panel-peserta tbody td:nth-child(2)"))
    tile = page.locator("#headlines .tile", has_text="Peserta program aktif")
    shown = tile.locator(".num").text_content()
    # No active participant: the card says why instead of a bare zero.
    assert shown == "—" if active == 0 else number(shown) == active
    if active == 0:
        assert "Belum ada peserta aktif" in tile.text_content()
    assert texts(page, "#panel-kuota tbody td:first-child small.code") == ["64.71"]
    assert page.locator("#panel-anggaran_bulan svg").count() == 1
    stages = dict(
        zip(texts(page, "#panel-alur tbody td:nth-child(1)"),
            texts(page, "#panel-alur tbody td:nth-child(2)"), strict=True)
    )  # fmt: skip
    assert number(stages["Terdaftar di BPJS (KPJ terbit)"]) > 0
    page.locator("#panel-peserta").scroll_into_view_if_needed()
    shots(page, "dasbor-peserta-program")

    programme = page.locator("select[name=program] option", has_text="Provinsi")
    page.select_option("select[name=program]", programme.get_attribute("value"))
    page.click("form.filters button.primary")
    page.wait_for_url(re.compile(r"program=KALTIM-"))
    page.wait_for_selector("#panel-anggaran svg")
    assert {
        row.split("-")[0] for row in texts(page, "#panel-anggaran tbody td:first-child small.code")
    } == {"KALTIM"}
    page.locator("#panel-anggaran").scroll_into_view_if_needed()
    shots(page, "dasbor-anggaran-program")

    with page.expect_download() as download_info:
        page.click("#report-pdf")
    download = download_info.value
    assert download.suggested_filename.startswith("laporan-bulanan-64.71-")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = ARTIFACTS / "laporan-bulanan-pimpinan-bpn-nelayan.pdf"
    download.save_as(saved)
    content = saved.read_bytes()
    assert content[:5] == b"%PDF-"

    pages = read_pdf(content)
    for n, pdf_page in enumerate(pages, start=1):
        pdf_page.image.save(ARTIFACTS / f"laporan-halaman-{n}.png")
    lines = {line for pdf_page in pages for line, _ in pdf_page.lines}
    assert {"Kota Balikpapan", f"Pekerjaan {OCCUPATION_LABEL}"} <= lines
    assert any(line.startswith(f"{OCCUPATION_LABEL} {OCCUPATION} {cells[2]} ") for line in lines)
    assert not any("Samarinda" in line for line in lines)
    assert any(line.startswith("Program Perlindungan Pekerja Rentan Provinsi") for line in lines)
    charts = {
        "cakupan": ("Cakupan kepesertaan", "Kabupaten/kota", [MAIN]),
        "tren": ("Tren cakupan", "Bulan", [MAIN]),
        "peserta": ("Peserta program menurut status", "Status", [MAIN]),
        # One regency: its bar is active (MAIN) and in other states (SECOND).
        "peserta_wilayah": ("Peserta program per kabupaten", "Kabupaten/kota", [MAIN, SECOND]),
        "kuota": ("Penggunaan kuota", "Kabupaten/kota", [BLUE]),
        "anggaran_bulan": ("Iuran per bulan", "Bulan", [MAIN]),
        "pekerjaan": ("Pekerja di registri", "Pekerjaan", [SECOND]),
        "alur": ("Alur: dari daftar", "Tahap", [MAIN]),
    }
    # Panels are numbered in the page's order (a panel added elsewhere moves the numbers).
    order = [key for _anchor, _title, keys in sections() for key in keys]
    for key, (title, first_column, colours) in charts.items():
        title = f"{order.index(key) + 1}. {title}"
        areas = [a for p in pages[2:] if (a := p.chart_area(title, first_column)) is not None]
        assert len(areas) == 1, key
        areas[0].save(ARTIFACTS / f"laporan-grafik-{key}.png")
        # At 108 dpi a bar is some 18 pixels high and a hundred or more long.
        assert sum(pixels(areas[0], colour) for colour in colours) > 400, key
        assert areas[0].height > 40, key
