"""The worker's status check on a 390 px phone, without logging in: not found, found,
and the limit (429) after ten checks from one address. Runs last among the browser
tests' uses of /cek/: the limit then holds for 127.0.0.1 for the rest of the window."""

import datetime as dt

PHONE = {"width": 390, "height": 844}


def born_from_nik(nik: str) -> dt.date:
    """A NIK carries the birth date as DDMMYY (40 added to the day for women)."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    century = 2000 if year <= dt.date.today().year % 100 else 1900
    return dt.date(century + year, month, day - 40 if day > 40 else day)


def a_participant(login, shots) -> str:
    """A registered participant's NIK, read by the administrator, who also opens the
    programme's card page (at 1366 px, then 390 px)."""
    page = login("admin")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("nav >> text=Pendaftaran BPJS")
    page.click("#programs a[href*='/pendaftaran/'] >> nth=0")
    program_id = page.url.rstrip("/").split("/")[-1]
    page.goto(page.url.split("?")[0] + "?status=diterima")
    nik = page.text_content("#participants tbody tr >> nth=0 >> td >> nth=1").strip()
    page.goto(page.url.split("/pendaftaran/")[0] + f"/program/{program_id}/")
    page.click("#cards-link")
    page.wait_for_selector("#by-village tbody tr a.download")
    shots(page, "kartu-1366")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    shots(page, "kartu-390")
    return nik


def fill(page, nik: str, born: dt.date) -> None:
    page.fill("#nik", nik)
    page.fill("#hari", str(born.day))
    page.select_option("#bulan", str(born.month))
    page.fill("#tahun", str(born.year))
    page.click("#cek-form button[type=submit]")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_status_check_on_a_phone_without_javascript(browser, app_url, login, shots):
    nik = a_participant(login, shots)
    born = born_from_nik(nik)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    page.goto(app_url + "/cek/")
    assert no_sideways_scroll(page)
    shots(page, "formulir")

    fill(page, nik, born + dt.timedelta(days=1))
    assert page.is_visible("#not-found")
    assert not page.is_visible("#answer")
    shots(page, "tidak-ditemukan")

    fill(page, nik, born)
    answer = page.locator("#answer")
    assert answer.get_attribute("data-status") in {"aktif", "menunggak", "terputus", "berakhir"}
    assert "*" in page.text_content("#answer-kpj")
    assert page.get_attribute("#answer-until", "data-month")[:2] == "20"
    assert nik not in page.content()
    assert page.locator("#steps li").count() >= 3
    assert page.get_attribute("#complaint-link", "href") == "/cek/pengaduan/"
    assert no_sideways_scroll(page)
    shots(page, "ditemukan")
    page.set_viewport_size({"width": 1366, "height": 900})
    shots(page, "ditemukan-1366")
    page.set_viewport_size(PHONE)

    statuses = []
    for _ in range(9):
        response = page.request.get(app_url + "/cek/")  # the form is free
        assert response.status == 200
        fill(page, "6471010101010001", dt.date(1990, 1, 1))
        statuses.append(page.is_visible("#refused"))
    # Two checks above, then eight more answered; the eleventh is refused.
    assert statuses == [False] * 8 + [True]
    assert "menit" in page.text_content("#refused")
    assert no_sideways_scroll(page)
    shots(page, "terlalu-sering")
    context.close()
