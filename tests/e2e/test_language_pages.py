"""Pages whose text is built in Python, read in both languages on a laptop and a
phone: a programme's history says its notes in the reader's language, the language
menu names each language in its own tongue, and neither page scrolls sideways."""

import re

import pytest

WIDTHS = (1366, 390)


def assert_no_sideways_scroll(page, width: int) -> None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"the page scrolls sideways at {width} px"


def choose_language(page, code: str) -> None:
    """Pick a language from the menu, opening the folded menu first on a phone."""
    if page.is_visible("label.menu-button"):
        page.click("label.menu-button")
    page.select_option("select[name=language]", code)


def first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return next(h for h in hrefs if re.fullmatch(pattern, h))


@pytest.mark.parametrize("width", WIDTHS)
def test_programme_history_and_invoice_in_both_languages(login, app_url, shots, width):
    page = login("pengelola.kaltim")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(app_url + "/program/")
    detail = first_link(page, r"/program/\d+/")
    page.goto(app_url + detail)
    history = page.inner_text("#riwayat")
    assert re.search(r"\d+ kandidat, \d+ memenuhi syarat", history)
    assert page.inner_text("select[name=language] option[value=en]") == "English"
    assert_no_sideways_scroll(page, width)
    shots(page, f"program-id-{width}")

    choose_language(page, "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    history = page.inner_text("#riwayat")
    assert re.search(r"\d+ candidates, \d+ eligible, \d+ selected for \d+ places", history)
    assert "kandidat" not in history
    assert page.inner_text("select[name=language] option[value=id]") == "Bahasa Indonesia"
    assert_no_sideways_scroll(page, width)
    shots(page, f"program-en-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_invoice_payments_name_who_recorded_them(login, app_url, shots, width):
    page = login("keuangan.kaltim")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(app_url + "/iuran/")
    program = first_link(page, r"/iuran/\d+/")
    page.goto(app_url + program)
    invoice = first_link(page, r"/iuran/tagihan/[^/]+/")
    page.goto(app_url + invoice)
    assert page.is_visible("text=Dicatat oleh")
    assert_no_sideways_scroll(page, width)
    shots(page, f"invoice-id-{width}")
    choose_language(page, "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    shots(page, f"invoice-en-{width}")
