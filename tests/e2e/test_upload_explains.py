"""An upload that explains itself: the same file twice points to the first submission,
an impossible birth date says the day does not exist, a file that cannot be read shows
its reason and no full bar, and every such result offers the way to send a corrected
file. Screenshots at a laptop's width and a phone's."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import write_csv

WIDTHS = (1366, 390)
ROWS = [
    ["6471012303880021", "Rudi Hartono", "1988-03-23", "L", "64.71.01.1001", "", "nelayan", "", "", ""],
    # 3: a birth date the calendar does not have
    ["6471013102900022", "Yusuf Maulana", "31-02-1990", "L", "64.71.01.1001", "", "nelayan", "", "", ""],
]  # fmt: skip


def _shots_at_widths(page, shots, step: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, step
        shots(page, f"{step}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def _upload(page, app_url, path: Path) -> None:
    page.goto(app_url + "/pengajuan/unggah/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#status")


def test_impossible_date_and_the_same_file_again(login, app_url, shots, tmp_path):
    page = login("operator.bpn")
    path = write_csv(tmp_path / "nelayan_manggar.csv", ROWS)
    _upload(page, app_url, path)
    page.wait_for_selector('#status [data-status="selesai"]', timeout=30_000)
    first_url = page.url
    reasons = page.text_content("#status table")
    assert "Tanggal 31-02-1990 tidak ada dalam kalender" in reasons
    assert "tidak dapat dibaca" not in reasons
    link = page.locator("#upload-corrected")
    assert link.text_content().strip() == "Unggah berkas yang sudah diperbaiki"
    assert link.get_attribute("href") == "/pengajuan/unggah/"
    _shots_at_widths(page, shots, "tanggal-tidak-ada")

    _upload(page, app_url, path)
    assert page.url == first_url  # the earlier submission, not a new one
    notice = page.text_content(".messages") or ""
    nomor = first_url.rstrip("/").rsplit("/", 1)[-1]
    assert "sudah pernah dikirim" in notice and nomor in notice
    _shots_at_widths(page, shots, "berkas-sama")

    page.click("#upload-corrected")
    page.wait_for_selector("#upload-form")


def test_a_failed_file_shows_why_and_no_full_bar(login, app_url, shots, tmp_path):
    page = login("operator.bpn")
    path = tmp_path / "bukan_daftar.csv"
    path.write_text("catatan rapat\nsenin pagi\n", encoding="utf-8")
    _upload(page, app_url, path)
    page.wait_for_selector('#status [data-status="gagal"]', timeout=30_000)
    assert page.locator("#status [role=progressbar]").count() == 0
    assert "judul kolom" in page.text_content("#failure")
    assert page.is_visible("#upload-corrected")
    _shots_at_widths(page, shots, "gagal")

    # A failed file may be sent again: it becomes a new submission.
    failed_url = page.url
    _upload(page, app_url, path)
    assert page.url != failed_url
