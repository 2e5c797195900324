"""Every page of every role's menu, at a phone's width (390 px) and a laptop's (1366 px).

The pages are read from the menu itself, as each demo user sees it, plus the first page a
list links to (a representative detail page) and that page's tabs. At both widths the
page itself must not scroll sideways (a wide table scrolls inside its own box); a
screenshot of every page at both widths goes to test-artifacts/e2e/ (lebar-<user>-<page>-<ponsel|laptop>.jpg) for a reviewer. At
390 px the menu is folded under one button and opens when tapped.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

ROLES = [
    "admin", "operator.bpn", "verifikator.bpn", "pengelola.kaltim", "keuangan.kaltim",
    "bpjs.kaltim", "pimpinan.bpn",
]  # fmt: skip
WIDTHS = {"ponsel": (390, 844), "laptop": (1366, 900)}
# Files, not pages: a download would end the navigation.
FILES = re.compile(r"\.(pdf|xlsx|csv|svg|png|txt|zip)($|\?)")
# The sideways overflow of the page, in CSS pixels (1 for rounding).
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _same_site_pages(page, selector: str, app_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.href)")
    own = urlsplit(app_url).netloc
    pages = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != own or FILES.search(parts.path) or parts.path in pages:
            continue
        pages.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def _first_detail(page, list_path: str, app_url: str) -> str | None:
    """The first page a list's table links to that is not the list itself."""
    for href in _same_site_pages(page, "main table a[href]", app_url):
        if urlsplit(href).path != urlsplit(list_path).path:
            return href
    return None


def _shot_name(username: str, path: str, width: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "beranda"
    return f"lebar-{username}-{slug}-{width}.jpg"


@pytest.mark.slow
@pytest.mark.parametrize("username", ROLES)
def test_no_page_of_the_menu_scrolls_sideways(login, app_url, username):
    page = login(username)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    too_wide = []

    def visit(path: str, width: str) -> None:
        x, y = WIDTHS[width]
        page.set_viewport_size({"width": x, "height": y})
        response = page.goto(app_url + path)
        assert response is not None and response.status == 200, (path, width, response)
        # JPEG: a third faster to write than PNG, and as readable for a reviewer.
        shot = ARTIFACTS / _shot_name(username, path, width)
        page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70)
        overflow = page.evaluate(OVERFLOW)
        if overflow > 1:
            too_wide.append(f"{path} at {x} px: {overflow} px too wide")

    # The laptop pass finds the pages: the menu, each list's first detail, its tabs.
    menu = _same_site_pages(page, "nav.mainnav a[href]", app_url)
    assert len(menu) >= 4, f"{username}: the menu has too few pages: {menu}"
    visited: list[str] = []
    for path in menu:
        visited.append(path)
        visit(path, "laptop")
        if path.startswith("/admin/"):
            continue  # Django's own admin: one page of it is enough
        detail = _first_detail(page, path, app_url)
        if detail and detail not in visited:
            visited.append(detail)
            visit(detail, "laptop")
            for tab in _same_site_pages(page, "main .tabs a[href]", app_url):
                if tab not in visited:
                    visited.append(tab)
                    visit(tab, "laptop")
    for path in visited:
        visit(path, "ponsel")
    assert not too_wide, f"{username}: pages that scroll sideways: {too_wide}"


def test_the_menu_folds_on_a_phone_and_opens_when_tapped(login, app_url):
    page = login("pengelola.kaltim")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_url + "/program/")
    assert not page.is_visible("nav.mainnav"), "the menu should be folded on a phone"
    page.click("label.menu-button")
    assert page.is_visible("nav.mainnav >> text=Klaim")
    page.click("nav.mainnav >> text=Klaim")
    page.wait_for_url(app_url + "/klaim/")
    assert page.evaluate(OVERFLOW) <= 1
    page.set_viewport_size({"width": 1366, "height": 900})
    assert page.is_visible("nav.mainnav"), "on a laptop the menu is always shown"
    assert not page.is_visible("label.menu-button")
