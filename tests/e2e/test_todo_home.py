"""The home page as each role's to-do list, in a real browser over `jaring demo`'s data:
at 1366 and 390 px wide (the page itself never scrolls sideways), every item's link
opens the page where the work is done, and the count matches what that page lists."""

import pytest

WIDTHS = (1366, 390)
# What `jaring demo` leaves waiting for each demo login (its programmes, batches,
# invoices and near-duplicates); the leader reads figures instead of tasks.
EXPECTED = {
    "operator.bpn": set(),
    "verifikator.bpn": {"pasangan", "verifikasi"},
    "pengelola.kaltim": {"pasangan"},
    "keuangan.kaltim": {"tagihan_belum_lunas"},
    "bpjs.kaltim": {"berakhir"},
    "admin": {"baris_ditolak", "verifikasi", "pasangan", "tagihan_belum_lunas", "berakhir"},
}


def items(page) -> dict[str, tuple[int, str]]:
    """The to-do list: kind → (count, link)."""
    rows = page.locator("#todo li[data-item]")
    found = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        count = int(row.get_attribute("data-count"))
        sentence = row.locator(".what").text_content().replace(".", "").replace(",", "")
        assert str(count) in sentence  # the sentence says how many
        found[row.get_attribute("data-item")] = (count, row.locator("a").get_attribute("href"))
    return found


def look(page, app_url, shots, name: str) -> None:
    """Screenshots of the home page at both widths; at 390 px nothing sticks out."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(app_url + "/")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
        shots(page, f"{name}-{width}")


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_roles_home_lists_its_work_and_every_link_opens_it(login, app_url, shots, username):
    page = login(username)
    look(page, app_url, shots, username)
    found = items(page)
    assert EXPECTED[username] <= set(found), found
    if not found:
        assert page.locator("#all-done").is_visible()
    for key, (count, href) in found.items():
        assert count > 0, key
        response = page.goto(app_url + href)
        assert response.status == 200, (key, href, response.status)
        shots(page, f"{username}-{key}")


def test_a_verifier_decides_a_pair_and_the_home_count_drops(login, app_url, shots):
    """Decides one of the demo's pairs for good, so this module is named to run after
    test_review_queue.py, which needs Balikpapan's two pairs (one the family guard
    holds back) as the demo leaves them."""
    page = login("verifikator.bpn")
    before, href = items(page)["pasangan"]
    page.goto(app_url + href)
    rows = page.locator("#queue tbody tr[data-pair]")
    assert rows.count() == min(before, 50)  # the queue lists what the home page counted
    pair = rows.first.get_attribute("data-pair")
    page.goto(f"{app_url}/pencocokan/tinjau/{pair}/")
    page.click("#decide button[value=beda]")
    page.wait_for_selector(".messages")
    page.goto(app_url + "/")
    after = items(page).get("pasangan", (0, ""))[0]
    assert after == before - 1
    shots(page, "sesudah-memutuskan")

    # Samarinda's verifier counts Samarinda's pairs only: never Balikpapan's.
    other = login("verifikator.smd")
    look(other, app_url, shots, "verifikator.smd")
    theirs = items(other).get("pasangan")
    if theirs:
        other.goto(app_url + theirs[1])
        text = other.locator("#queue").text_content()
        assert "Balikpapan" not in text


def test_a_leader_reads_the_headline_figures_and_their_change(login, app_url, shots):
    page = login("pimpinan.kaltim")
    look(page, app_url, shots, "pimpinan.kaltim")
    assert page.locator("#todo").count() == 0
    rows = page.locator("#headlines table.changes tbody tr")
    assert rows.count() >= 3
    page.click("#headlines >> text=Buka dasbor lengkap")
    page.wait_for_url(app_url + "/dasbor/")
