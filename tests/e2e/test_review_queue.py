"""A verifier's review queue in a real browser: `jaring demo` leaves near-duplicates
that only matching can join (a mistyped NIK after a move, twins sharing an address).
Balikpapan's verifier decides one pair "same person" and one "different", then undoes
the merge from the surviving person's page; the pair comes back to the queue."""

import re


def queue_rows(page) -> dict[str, bool]:
    """Pair id → raised the family guard, for every row of the queue."""
    rows = page.locator("#queue tbody tr[data-pair]")
    return {
        rows.nth(i).get_attribute("data-pair"): rows.nth(i).get_attribute("data-guard") == "1"
        for i in range(rows.count())
    }


def test_decide_same_and_different_then_undo_the_merge(login, app_url, shots):
    page = login("verifikator.bpn")
    page.click("nav >> text=Tinjauan pencocokan")
    page.wait_for_selector("#queue")
    rows = queue_rows(page)
    same = next(pair for pair, guarded in rows.items() if not guarded)
    twins = next(pair for pair, guarded in rows.items() if guarded)
    shots(page, "antrean")

    # A listing after a move: NIK serial mistyped, a typing slip in the name.
    page.click(f'#queue tr[data-pair="{same}"] >> text=Tinjau')
    page.wait_for_selector("#evidence")
    assert page.locator("#family-guard").count() == 0
    assert page.locator('#evidence tr[data-field="tanggal_lahir"].agree').count() == 1
    assert len(re.findall(r"\d{16}", page.text_content('#evidence tr[data-field="nik"]'))) == 2
    shots(page, "pasangan-sama")
    page.click("#decide button[value=sama]")
    page.wait_for_selector(".messages >> text=orang yang sama")
    shots(page, "diputuskan-sama")

    # Twins: everything alike but the given name; the family rule held them back.
    page.goto(f"{app_url}/pencocokan/tinjau/{twins}/")
    page.wait_for_selector("#family-guard")
    shots(page, "pasangan-kembar")
    page.click("#decide button[value=beda]")
    page.wait_for_selector(".messages >> text=orang berbeda")

    page.goto(f"{app_url}/pencocokan/tinjau/")
    left = queue_rows(page)
    assert same not in left and twins not in left
    shots(page, "antrean-sesudah")

    # The merge just made, on the survivor's page: its records and the undo button.
    page.click("text=Daftar penggabungan")
    page.wait_for_selector("table.merges")
    row = page.locator("table.merges tbody tr", has_text="Verifikator Disnaker Balikpapan")
    assert row.count() == 1
    shots(page, "daftar-penggabungan")
    row.locator("td:nth-child(3) a").click()
    page.wait_for_selector("#riwayat-penggabungan")
    survivor_url = page.url
    assert page.locator("#sources tr.via-merge").count() == 1
    merged_nik = re.search(r"NIK (\d{16})", page.text_content("#sources tr.via-merge")).group(1)
    shots(page, "pekerja-tergabung")
    page.click("#riwayat-penggabungan button.undo")
    page.wait_for_selector(".messages >> text=Penggabungan dibatalkan")
    assert page.url == survivor_url
    assert page.locator("#sources tr.via-merge").count() == 0
    assert page.locator("#riwayat-penggabungan >> text=dibatalkan").count() == 1
    shots(page, "penggabungan-dibatalkan")

    # The separated record is a person of its own again, and its pair waits again.
    page.goto(f"{app_url}/pekerja/?q={merged_nik}")
    assert page.locator("#persons tbody tr").count() == 1
    assert page.text_content("#persons tbody tr td.mono") == merged_nik
    page.goto(f"{app_url}/pencocokan/tinjau/")
    assert same in queue_rows(page)
    shots(page, "antrean-kembali")
