"""The dashboard and the money and enrolment pages as officials read them, at a
laptop's 1366 px and a phone's 390 px: the page never scrolls sideways (a wide table
scrolls inside its own box), the dashboard's sections are one click away, no chart
label runs out of its picture, headline cards say what they follow, and regions,
statuses and people appear by name where codes stood."""

import re

import pytest

from jaring.dashboard.queries import PANELS

WIDTHS = {"laptop": 1366, "ponsel": 390}
SECTIONS = ["cakupan", "program", "uang", "klaim", "registri", "pengaduan"]
REGENCY_CODE = re.compile(r"^64\.\d\d$")


def sized(login, username: str, width: int):
    page = login(username)
    page.set_viewport_size({"width": width, "height": 900})
    return page


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"page is {overflow[0]} px wide at {overflow[1]} px"


def clipped_chart_texts(page) -> list[str]:
    """Texts of the page's charts that reach outside their picture's viewBox."""
    return page.evaluate(
        """() => {
        const out = [];
        for (const svg of document.querySelectorAll("section.panel svg")) {
            const box = svg.viewBox.baseVal;
            for (const text of svg.querySelectorAll("text")) {
                const b = text.getBBox();
                if (b.width && (b.x < -0.5 || b.x + b.width > box.width + 0.5))
                    out.push(`${svg.closest("section").id}: ${text.textContent}`);
            }
        }
        return out;
    }"""
    )


def named_cells(page, selector: str) -> list[tuple[str, str]]:
    """(name, code) of cells that print a region's name with its code in small type."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map(td => [
            td.firstChild.textContent.trim(),
            (td.querySelector("small.code") || {textContent: ""}).textContent.trim()])""",
        selector,
    )


@pytest.mark.parametrize("device", WIDTHS)
def test_dashboard_reads_in_sections_and_fits_the_screen(login, app_url, shots, device):
    width = WIDTHS[device]
    page = sized(login, "pengelola.kaltim", width)
    page.goto(f"{app_url}/dasbor/")
    page.wait_for_selector("#panel-alur svg")

    no_sideways_scroll(page)
    # A jump menu to every section, working without JavaScript (plain anchors).
    links = page.locator("#jump a").evaluate_all("links => links.map(a => a.hash)")
    assert links == ["#ringkasan", *(f"#bagian-{key}" for key in SECTIONS)]
    for key in SECTIONS:
        assert page.locator(f"#bagian-{key} section.panel").count() >= 1, key
    page.click("#jump a[href='#bagian-klaim']")
    page.wait_for_function("location.hash === '#bagian-klaim'")
    top = page.evaluate("document.querySelector('#bagian-klaim').getBoundingClientRect().top")
    assert 0 <= top < 200  # the section came to the top of the screen, below the menu

    # Every table sits in its own box; at 1366 px every one fits it whole.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(".table-scroll")].map(box => [
            box.closest("section").id, box.scrollWidth, box.clientWidth,
            box.getBoundingClientRect().right])"""
    )
    assert len(boxes) == len(PANELS)  # one table per panel
    for panel, scroll_width, client_width, right in boxes:
        assert right <= width, panel
        if width >= 1366:
            assert scroll_width <= client_width, f"{panel}: {scroll_width} > {client_width}"
    assert clipped_chart_texts(page) == []

    # Key columns first: the regency's name, its code small beside it, then figures.
    cells = named_cells(page, "#panel-cakupan tbody td:first-child")
    assert cells and all(name.startswith(("Kota ", "Kabupaten ")) for name, _ in cells)
    assert all(REGENCY_CODE.match(code) for _, code in cells)
    # Headline cards say which filters they follow.
    tiles = page.locator("#headlines .tile")
    assert tiles.count() >= 6
    for follows in tiles.locator(".follows").all_text_contents():
        assert follows.startswith("Menurut saringan: periode, wilayah"), follows
    assert (
        "pekerjaan"
        not in page.locator("#headlines .tile", has_text="Iuran ditagih dalam periode")
        .locator(".follows")
        .text_content()
    )
    # The registry's stages and the programme's are two funnels, each with a heading.
    headings = page.locator("#panel-alur svg text[font-weight=bold]").all_text_contents()
    assert [h.split(":")[0] for h in headings] == ["Registri", "Program"]
    page.goto(f"{app_url}/dasbor/")
    page.wait_for_selector("#panel-alur svg")
    shots(page, f"dasbor-{device}")


@pytest.mark.parametrize("device", WIDTHS)
def test_invoice_arrears_and_enrolment_name_regions_and_statuses(login, app_url, shots, device):
    page = sized(login, "keuangan.kaltim", WIDTHS[device])
    page.goto(f"{app_url}/iuran/")
    # The demo's province programme, billed every month (other e2e tests add programmes
    # with nothing billed yet).
    page.locator("main table a[href^='/iuran/']", has_text="KALTIM-").first.click()
    page.wait_for_selector("#months")
    page.locator("#months tbody tr a").first.click()
    page.wait_for_selector("#regions")
    no_sideways_scroll(page)
    cells = named_cells(page, "#regions tbody td:first-child")
    assert cells and all(name.startswith(("Kota ", "Kabupaten ")) for name, _ in cells)
    assert all(REGENCY_CODE.match(code) for _, code in cells)
    shots(page, f"tagihan-{device}")

    page.go_back()
    page.click("#arrears-link")
    page.wait_for_selector("#arrears-regions")
    no_sideways_scroll(page)
    regions = named_cells(page, "#arrears-regions tbody td:first-child")
    if regions and regions[0][1]:  # some arrears in the demo month
        assert all(name.startswith(("Kota ", "Kabupaten ")) for name, _ in regions)
        statuses = page.locator("#arrears-participants td[data-status]").all_text_contents()
        assert statuses and not {"menunggak", "terputus"} & set(statuses)
    shots(page, f"tunggakan-{device}")

    enrolment = sized(login, "pengelola.kaltim", WIDTHS[device])
    enrolment.goto(f"{app_url}/pendaftaran/")
    enrolment.locator("#programs a[href*='/pendaftaran/']", has_text="KALTIM-").first.click()
    enrolment.wait_for_selector("#participants")
    no_sideways_scroll(enrolment)
    cells = named_cells(enrolment, "#participants tbody td:nth-child(4)")
    assert cells and all(REGENCY_CODE.match(code) for _, code in cells)
    assert all(name.startswith(("Kota ", "Kabupaten ")) for name, _ in cells)
    shots(enrolment, f"pendaftaran-{device}")


def test_a_fact_list_reads_label_beside_value(login, app_url, shots):
    """Each label of a fact list (the worker's page, the programme page…) sits on the
    line of its own value at 1366 px — a stylesheet rule for another page's figures once
    laid the pairs out as a grid of cells, labels and values running into each other."""
    page = sized(login, "verifikator.bpn", 1366)
    page.goto(app_url + "/pekerja/")
    page.click("table tbody tr a")
    page.wait_for_selector("dl.facts")
    shots(page, "pekerja-1366")
    offsets = page.evaluate(
        """() => [...document.querySelectorAll("dl.facts > dt")].map(dt => {
            const dd = dt.nextElementSibling;
            return [dt.textContent.trim(), Math.abs(dt.getBoundingClientRect().top
                                                     - dd.getBoundingClientRect().top)];
        })"""
    )
    assert len(offsets) >= 8
    assert all(gap < 4 for _, gap in offsets), offsets
