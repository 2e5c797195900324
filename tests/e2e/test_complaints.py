"""A worker's complaint in a real browser, on a 390 px phone without signing in, and
Balikpapan's verifier closing it with a correction of the registry; the worker then
reads the answer."""

import re


def a_balikpapan_worker(page, app_url) -> tuple[str, str, str]:
    """NIK, birth date (DD-MM-YYYY as the registry shows it) and name of a worker the
    verifier sees — what the worker would read off their own identity card."""
    page.goto(app_url + "/pekerja/")
    row = page.locator("table tbody tr").first
    nik = row.locator("td").nth(0).inner_text().strip()
    name = row.locator("td").nth(1).inner_text().strip()
    born = row.locator("td").nth(2).inner_text().strip()
    assert re.fullmatch(r"\d{16}", nik) and re.fullmatch(r"\d\d-\d\d-\d{4}", born)
    return nik, born, name


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px"


def test_worker_files_and_verifier_resolves(login, browser, app_url, shots):
    staff = login("verifikator.bpn")
    nik, born, name = a_balikpapan_worker(staff, app_url)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID",
                                java_script_enabled=False)  # fmt: skip
    worker = phone.new_page()
    worker.goto(app_url + "/cek/pengaduan/")
    no_sideways_scroll(worker)
    shots(worker, "formulir-390")
    # A wrong birth date first: one answer, nothing filed.
    worker.fill("#id_nik", nik)
    worker.fill("#id_tanggal_lahir", "1900-01-01")  # the phone's date picker gives ISO
    worker.check("input[name=jenis][value=data_salah]")
    worker.fill("#id_uraian", "Alamat saya salah. Saya tinggal di RT 05.")
    worker.click("#complaint-form button[type=submit]")
    assert "tidak cocok" in worker.inner_text("[role=alert]")
    shots(worker, "tidak-cocok-390")
    day, month, year = born.split("-")
    worker.fill("#id_tanggal_lahir", f"{year}-{month}-{day}")
    worker.click("#complaint-form button[type=submit]")
    nomor = worker.inner_text("#complaint-number").strip()
    assert re.fullmatch(r"ADU-\d{4}-\d{6}", nomor)
    assert name not in worker.content()
    no_sideways_scroll(worker)
    shots(worker, "terkirim-390")

    # The verifier's queue, the complaint, taking it up and closing it with a correction.
    staff.set_viewport_size({"width": 1366, "height": 900})
    staff.click("nav >> text=Pengaduan")
    staff.wait_for_selector("#complaints")
    assert staff.locator("#complaints", has_text=nomor).count() == 1
    shots(staff, "antrean")
    staff.click(f"text={nomor}")
    staff.click("#take-up-form button")
    staff.wait_for_selector("#complaint-state >> text=Sedang diperiksa")
    staff.select_option("#id_tindakan", "koreksi")
    staff.fill("#resolve-form #id_alasan", "Alamat Anda sudah kami betulkan.")
    staff.fill("#id_alamat", "Jl. Mawar RT 05")
    shots(staff, "selesaikan")
    staff.click("#resolve-form button[type=submit]")
    staff.wait_for_selector(".messages >> text=selesai")
    assert "Data registri dibetulkan" in staff.inner_text("#complaint-state")
    assert staff.locator("#complaint-trail tbody tr").count() == 3
    shots(staff, "selesai")
    # The registry shows the corrected address and its source: the complaint.
    staff.goto(app_url + "/pekerja/?q=" + nik)
    staff.click(f"text={name}")
    staff.wait_for_selector("#nik")  # the person's page, loaded
    assert "Jl. Mawar RT 05" in staff.content()
    assert f"pengaduan {nomor}" in staff.content()
    staff.set_viewport_size({"width": 390, "height": 844})
    staff.goto(app_url + "/pengaduan/" + nomor + "/")
    no_sideways_scroll(staff)
    shots(staff, "rincian-390")

    # The worker reads the answer.
    worker.goto(app_url + "/cek/pengaduan/status/")
    worker.fill("#id_nomor", nomor)
    worker.fill("#id_nik", nik)
    worker.click("#status-form button[type=submit]")
    answer = worker.inner_text("#complaint-status")
    assert "Selesai" in answer and "Alamat Anda sudah kami betulkan." in answer
    no_sideways_scroll(worker)
    shots(worker, "jawaban-390")
    phone.close()
