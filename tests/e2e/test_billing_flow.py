"""A programme's money month in a real browser: the manager sends the waiting
replacements to BPJS in a registration batch, imports BPJS's answer with a rejection,
runs the month's billing (a background job with progress), records a partial payment
and sees the arrears."""

import csv
import datetime as dt

from python_calamine import CalamineWorkbook
from widths import at_both_widths


def test_batch_response_billing_partial_payment_arrears(login, shots, tmp_path):
    page = login("pengelola.kaltim")
    page.click("nav >> text=Pendaftaran BPJS")
    page.click("#programs a[href*='/pendaftaran/'] >> nth=0")
    page.wait_for_selector("#batch-form")
    waiting = int(page.text_content('#counts [data-count="menunggu"]').replace(".", ""))
    assert waiting >= 2, "the demo leaves the replacements of rejected persons to be sent"
    shots(page, "pendaftaran")

    assert page.get_attribute("#batch-form input[name=bulan_pertama]", "required") is not None
    page.click("#batch-form button[type=submit]")
    page.wait_for_selector("#confirm")
    assert int(page.text_content('[data-fact="persons"]').replace(".", "")) == waiting
    assert page.text_content('[data-fact="total"]').startswith("Rp ")
    at_both_widths(page, shots, "batch-konfirmasi")
    page.click("#confirm-yes")
    page.wait_for_selector(".messages >> text=dibuat")
    assert page.text_content('#counts [data-count="menunggu"]').strip() == "0"
    with page.expect_download() as download_info:
        page.click("#batches tbody tr >> nth=0 >> a.download")
    batch_file = tmp_path / "batch.xlsx"
    download_info.value.save_as(batch_file)
    rows = CalamineWorkbook.from_path(str(batch_file)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["NIK", "Nama Lengkap", "Tanggal Lahir"]
    niks = [row[0] for row in rows[1:]]
    assert len(niks) == waiting and all(len(n) == 16 for n in niks)
    shots(page, "batch-dibuat")

    response = tmp_path / "respons-bpjs.csv"
    with response.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "KPJ", "Status", "Keterangan"])
        writer.writerow([niks[0], "", "DITOLAK", "Data kependudukan tidak padan"])
        for i, nik in enumerate(niks[1:], start=1):
            writer.writerow([nik, f"{77_000_000_000 + i:011d}", "DITERIMA", ""])
    page.set_input_files("#response-form input[type=file]", str(response))
    page.click("#response-form button[type=submit]")
    page.wait_for_selector("#result")
    assert page.text_content('#result [data-count="ditolak"]').strip() == "1"
    assert page.text_content('#result [data-count="diterima"]').strip() == str(waiting - 1)
    assert page.text_content('#result [data-count="rejected"]').strip() == "0"
    shots(page, "respons-diimpor")

    page.click("nav >> text=Iuran")
    page.click("#programs a[href*='/iuran/'] >> nth=0")
    page.wait_for_selector("#billing-form")
    this_month = dt.date.today().strftime("%Y-%m")
    before = page.text_content(f'#months tr[data-month="{this_month}"] td.n >> nth=0')
    page.fill("#billing-form input[name=bulan]", this_month)
    page.click("#billing-form button[type=submit]")
    page.wait_for_selector("#confirm")
    covered = int(page.text_content('[data-fact="participants"]').replace(".", ""))
    assert covered >= waiting - 1
    assert page.text_content('[data-fact="total"]').startswith("Rp ")
    at_both_widths(page, shots, "penagihan-konfirmasi")
    page.click("#confirm-yes")
    page.wait_for_selector("#status .job")
    shots(page, "penagihan-berjalan")
    page.wait_for_selector('#status [data-status="selesai"]', timeout=60_000)
    page.wait_for_selector(f'#months tr[data-month="{this_month}"]')
    after = page.text_content(f'#months tr[data-month="{this_month}"] td.n >> nth=0')
    assert int(after.replace(".", "")) == int(before.replace(".", "")) + waiting - 1
    assert "ok" in page.get_attribute("#reconciliation", "class")
    shots(page, "penagihan-selesai")

    page.click(f'#months tr[data-month="{this_month}"] a')
    page.wait_for_selector("#payment-form")
    billed = int(page.text_content('#invoice-totals [data-total="billed"]')[3:].replace(".", ""))
    page.fill("#id_jumlah", str(billed // 2))
    page.fill("#id_referensi", "SP2D/E2E/0001")
    page.click("#payment-form button[type=submit]")
    page.wait_for_selector(".messages >> text=Pembayaran dicatat")
    # Above the limit: it waits for a second officer and counts for nothing meanwhile.
    row = page.locator('#payments tr[data-payment="SP2D/E2E/0001"]')
    assert "menunggu konfirmasi" in row.text_content()
    assert row.locator("button[name=konfirmasi]").count() == 0  # not by who recorded it
    assert page.text_content('#invoice-totals [data-total="paid"]').strip() == "Rp 0"
    at_both_widths(page, shots, "pembayaran-menunggu-konfirmasi")
    invoice_url = page.url
    finance = login("keuangan.kaltim")
    todo = finance.locator('#todo li[data-item="konfirmasi_pembayaran"]')
    assert "1 pembayaran menunggu konfirmasi Anda" in todo.text_content()
    at_both_widths(finance, shots, "beranda-konfirmasi-pembayaran")
    todo.locator("a").click()
    finance.wait_for_url(invoice_url)
    finance.click('#payments tr[data-payment="SP2D/E2E/0001"] button[name=konfirmasi]')
    finance.wait_for_selector(".messages >> text=dikonfirmasi dan kini dihitung")
    page.goto(invoice_url)
    paid = int(page.text_content('#invoice-totals [data-total="paid"]')[3:].replace(".", ""))
    outstanding = page.text_content('#invoice-totals [data-total="outstanding"]')
    assert paid == billed // 2
    assert int(outstanding[3:].replace(".", "")) == billed - billed // 2
    assert "SP2D/E2E/0001" in page.text_content("#payments")
    shots(page, "pembayaran-sebagian")

    page.click("text=← ")
    page.click("#arrears-link")
    page.wait_for_selector("#arrears-regions")
    total = int(page.text_content("#arrears-total")[3:].replace(".", ""))
    assert total >= billed - billed // 2
    assert page.locator("#arrears-participants tbody tr").count() > 0
    shots(page, "tunggakan")
