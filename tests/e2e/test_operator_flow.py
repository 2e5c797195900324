"""A district clerk's day in a real browser: upload a list, watch it being checked,
fix the rejected rows, find a person; a user of another city cannot open that person."""

import sys
from pathlib import Path

from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import MIXED_ROWS, write_csv


def test_upload_progress_rejected_rows_search_and_scope(login, app_url, shots, tmp_path):
    page = login("operator.bpn")
    shots(page, "beranda")

    page.click("text=Unggah daftar pekerja")
    page.set_input_files("#id_file", str(write_csv(tmp_path / "daftar_nelayan.csv", MIXED_ROWS)))
    shots(page, "berkas-dipilih")
    page.click("button[type=submit]")

    # The detail page shows the progress bar and polls until the worker is done.
    page.wait_for_selector(".progress")
    shots(page, "diproses")
    page.wait_for_selector('[data-status="selesai"]', timeout=60_000)
    assert page.get_attribute(".progress", "aria-valuenow") == "100"
    counts = {
        name: page.text_content(f'[data-count="{name}"]')
        for name in ("rows", "accepted", "duplicates", "rejected")
    }
    assert counts == {"rows": "16", "accepted": "3", "duplicates": "1", "rejected": "12"}
    shots(page, "hasil")

    with page.expect_download() as download_info:
        page.click("#download-rejected")
    saved = tmp_path / "ditolak.xlsx"
    download_info.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    sheet = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert "Alasan penolakan" in sheet[0]
    assert len(sheet) == 1 + 12

    page.click("text=Registri pekerja")
    page.fill("input[name=q]", "siti aminnah")  # misspelt: Siti Aminah
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#persons >> text=Siti Aminah")
    shots(page, "cari-nama")
    page.click("#persons >> text=Siti Aminah")
    page.wait_for_selector("#nik")
    assert page.text_content("#nik") == "6471054507900002"
    person_url = page.url
    shots(page, "detail")

    other_city = login("verifikator.smd")
    response = other_city.goto(person_url)
    assert response.status == 404
    shots(other_city, "kota-lain-404")


def test_english_can_be_chosen(login, shots):
    page = login("verifikator.bpn")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("nav >> text=Worker registry")
    assert page.is_visible("nav >> text=Submissions")
    shots(page, "english")
