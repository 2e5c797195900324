"""A programme from rules to decree in a real browser: the province manager creates a
Samarinda programme, runs the selection and watches it finish, reads the reasons;
Samarinda's verifier verifies the city's list; a second manager approves (whoever ran
the selection does not), the manager issues the SK and downloads its attachment as PDF,
then prepares an amendment that the second manager approves."""

import re

import pypdfium2 as pdfium
from widths import at_both_widths

NOMOR_SK = "100.3.3.2/45/HK/2026"
REASON_OUT = "pekerjaan"  # Pekerjaan tidak termasuk sasaran program


def test_create_select_verify_approve_decree_and_download(login, app_url, shots, tmp_path):
    manager = login("pengelola.kaltim")
    manager.click("nav >> text=Program")
    manager.wait_for_selector("#programs")
    shots(manager, "daftar-program")
    manager.click("#new-program")

    manager.fill("#id_program-kode", "SMD-2027")
    manager.fill("#id_program-nama", "Perlindungan Pekerja Rentan Kota Samarinda 2027")
    manager.select_option("#id_program-dasar_hukum_jenis", "perwali")
    manager.fill("#id_program-dasar_hukum_nomor", "7 Tahun 2026")
    manager.select_option("#id_program-wilayah", "64.72")
    manager.fill("#id_program-bulan_mulai", "2027-01")  # the month picker
    manager.fill("#id_program-jumlah_bulan", "12")
    manager.fill("#id_program-kuota_total", "8")
    manager.fill("#id_program-usia_min", "18")
    manager.fill("#id_program-usia_maks", "60")
    for occupation in ("nelayan", "ojek", "pedagang_pasar", "buruh_harian_lepas"):
        manager.check(f'#occupations input[value="{occupation}"]')
    manager.fill("#id_program-risiko_nelayan", "30")
    manager.fill("#id_program-bobot_dtks", "40")
    manager.fill("#id_pendana-apbd_provinsi", "50")
    manager.fill("#id_pendana-apbd_kabkota", "40")
    manager.click("#save-program")
    # Shares of 90%: refused with the reason, nothing lost.
    manager.wait_for_selector("#funder-error")
    assert "90%" in manager.text_content("#funder-error")
    assert manager.input_value("#id_program-kode") == "SMD-2027"
    shots(manager, "pendana-salah")
    manager.fill("#id_pendana-apbd_kabkota", "50")
    manager.click("#save-program")

    manager.wait_for_selector("#program-status[data-status=draf]")
    detail_url = manager.url
    assert "Berusia 18 sampai 60 tahun" in manager.text_content("#eligibility")
    assert manager.text_content("#capacity").strip().startswith("8")
    shots(manager, "program-dibuat")

    manager.click("#run-selection")
    manager.wait_for_selector("#selection-job [data-status]")
    shots(manager, "seleksi-berjalan")
    # The progress partial polls; when the job ends the page reloads with its summary.
    manager.wait_for_selector("#selection-summary", timeout=60_000)
    assert manager.get_attribute("#selection-job [data-status]", "data-status") == "selesai"
    selected = int(manager.text_content('[data-count="terpilih"]').replace(".", ""))
    assert 1 <= selected <= 8
    shots(manager, "seleksi-selesai")

    manager.click("text=Lihat hasil seleksi")
    manager.wait_for_selector("#selection")
    manager.click(f'#reasons a[data-alasan="{REASON_OUT}"]')
    manager.wait_for_url(re.compile(rf"alasan={REASON_OUT}"))
    reasons = manager.eval_on_selector_all(
        "#selection tbody tr[data-alasan]", "rows => rows.map(r => r.dataset.alasan)"
    )
    assert reasons and set(reasons) == {REASON_OUT}
    assert "Pekerjaan tidak termasuk sasaran program" in manager.text_content("#selection")
    shots(manager, "hasil-per-alasan")

    manager.goto(detail_url)
    assert manager.is_disabled("#approve")
    assert "Kota Samarinda" in manager.text_content("#unverified")

    verifier = login("verifikator.smd")
    verifier.goto(detail_url)
    form = verifier.locator('form.verify[data-kode="64.72"]')
    form.locator("input[name=catatan]").fill("Dicocokkan dengan data kelurahan")
    shots(verifier, "verifikasi")
    form.locator("button[type=submit]").click()
    verifier.wait_for_selector(".messages >> text=Kota Samarinda diverifikasi")
    shots(verifier, "diverifikasi")

    # The two-person rule: the manager who ran the selection does not approve it.
    manager.goto(detail_url)
    assert manager.is_disabled("#approve")
    assert "pengelola program lain" in manager.text_content("#approve-other")
    at_both_widths(manager, shots, "persetujuan-oleh-pengelola-lain")
    second = login("pengelola2.kaltim")
    second.goto(detail_url)
    second.click("#approve")
    second.wait_for_selector("#confirm")
    assert second.text_content('[data-fact="persons"]').strip() != "0"
    at_both_widths(second, shots, "persetujuan-konfirmasi")
    second.click("#confirm-yes")
    second.wait_for_selector("#program-status[data-status=disetujui]")
    shots(second, "disetujui")
    manager.goto(detail_url)
    manager.fill("#id_nomor_sk", NOMOR_SK)
    manager.fill("#id_tanggal_sk", "2026-12-20")
    manager.fill("#id_tempat", "Samarinda")
    manager.fill("#id_jabatan", "Wali Kota Samarinda")
    manager.fill("#id_nama", "Andi Harun")
    manager.click("#decree-form button[type=submit]")
    manager.wait_for_selector("#confirm")
    assert manager.text_content('[data-fact="nomor_sk"]') == NOMOR_SK
    at_both_widths(manager, shots, "sk-konfirmasi")
    manager.click("#confirm-yes")
    manager.wait_for_selector("#program-status[data-status=ditetapkan]")
    assert NOMOR_SK in manager.text_content("#sk-info")
    shots(manager, "sk-ditetapkan")

    with manager.expect_download() as download_info:
        manager.click("#download-pdf")
    saved = tmp_path / "lampiran.pdf"
    download_info.value.save_as(saved)
    content = saved.read_bytes()
    assert content[:5] == b"%PDF-"
    pages = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(content)]
    assert NOMOR_SK in pages[0]
    assert "LAMPIRAN KEPUTUSAN WALI KOTA SAMARINDA" in pages[0]
    assert "DRAF" not in "".join(pages)
    assert f"Halaman 1 dari {len(pages)}" in pages[0]

    # An amendment: prepared by the manager, waiting, approved by the second manager.
    manager.goto(detail_url.rstrip("/") + "/penerima/")
    manager.check("#beneficiaries input[name=cabut] >> nth=0")
    manager.fill("#amend-reason", "Pindah ke luar kota")
    manager.click("#withdraw-form button[value=cabut]")
    manager.wait_for_selector('#amendments tr[data-amendment="1"] .status-menunggu')
    assert "menunggu pengelola lain" in manager.text_content('#amendments tr[data-amendment="1"]')
    at_both_widths(manager, shots, "amandemen-menunggu")
    second.goto(manager.url)
    second.click('#amendments tr[data-amendment="1"] button[value=setujui]')
    second.wait_for_selector(".messages >> text=disetujui dan berlaku")
    assert "Disetujui" in second.text_content('#amendments tr[data-amendment="1"]')
    at_both_widths(second, shots, "amandemen-disetujui")
