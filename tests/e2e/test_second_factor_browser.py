"""The second factor in Chromium: an administrator resets the finance officer's, who
must then enrol (QR code and secret, a code from the "app", ten recovery codes to
download) before any other page, and afterwards signs in with a code, or once with a
recovery code. Each page at 1366 and 390 px."""

import re

from conftest import CODE_PAGE, ENROL_PAGE, TOTP_KEYS, _last_step, second_factor_code

USER = "keuangan.kaltim"


def both_widths(page, shots, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{name} scrolls sideways at {width} px"
        shots(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def reset_in_admin(login, app_url, username: str) -> None:
    admin = login("admin")
    admin.goto(app_url + f"/admin/accounts/user/?q={username}")
    admin.check(f"tr:has(a:text-is('{username}')) input.action-select")
    admin.select_option("select[name=action]", "reset_second_factor")
    admin.click("button[name=index]")
    assert "Verifikasi dua langkah 1 pengguna diatur ulang." in admin.inner_text(".messagelist")


def sign_in_to_code_page(login, app_url, username: str):
    """The login page by hand, stopping at the code."""
    page = login("bpjs.kaltim")  # a context with the fixture's request checks
    page.context.clear_cookies()
    page.goto(app_url + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(CODE_PAGE)))
    return page


def test_enrolment_after_a_reset_then_codes_and_a_recovery_code(login, app_url, shots):
    reset_in_admin(login, app_url, USER)

    page = login(USER)
    assert page.url.startswith(app_url + ENROL_PAGE)
    page.goto(app_url + "/dasbor/")  # no other page before enrolment
    assert page.url.startswith(app_url + ENROL_PAGE)
    assert page.locator("nav.mainnav").count() == 0
    assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 100
    secret = page.inner_text("#otp-secret")
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    both_widths(page, shots, "daftar")

    page.fill("#id_kode", "000000")
    page.click("button.primary")
    assert "Kode salah atau sudah kedaluwarsa" in page.inner_text("p.error")
    TOTP_KEYS[USER] = secret  # the "phone" now holds this secret
    _last_step.pop(USER, None)
    page.fill("#id_kode", second_factor_code(USER))
    page.click("button.primary")
    page.wait_for_url(re.compile("/akun/kode-pemulihan/"))
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    with page.expect_download() as download:
        page.click("text=Unduh sebagai teks")
    text = download.value.path().read_text(encoding="utf-8")
    assert all(code in text for code in codes)
    both_widths(page, shots, "kode-pemulihan")
    page.click("text=Sudah saya simpan, lanjut")
    page.wait_for_url(app_url + "/dasbor/")  # where the user was going

    page.goto(app_url + "/akun/")
    assert "Aktif." in page.inner_text("main")
    assert "Tersisa 10 kode pemulihan." in page.inner_text("main")
    both_widths(page, shots, "akun")

    # The next sign-in asks for the code; a wrong one is refused, a recovery code works once.
    page = sign_in_to_code_page(login, app_url, USER)
    assert page.locator("nav.mainnav").count() == 0
    both_widths(page, shots, "kode")
    page.fill("#id_kode", "000000")
    page.click("button.primary")
    assert "Kode salah" in page.inner_text("p.error")
    page.fill("#id_kode", codes[0])
    page.click("button.primary")
    page.wait_for_url(app_url + "/")
    assert "tersisa 9 kode" in page.inner_text(".messages")

    page = sign_in_to_code_page(login, app_url, USER)
    page.fill("#id_kode", codes[0])
    page.click("button.primary")
    assert "Kode salah" in page.inner_text("p.error")

    assert login(USER).url == app_url + "/"  # with the app's code


def test_an_optional_role_sees_it_off_on_the_account_page(login, app_url, shots):
    page = login("bpjs.kaltim")
    page.click("a.who")
    page.wait_for_url(app_url + "/akun/")
    text = page.inner_text("main")
    assert "Belum aktif." in text and "Tidak wajib untuk peran Anda" in text
    both_widths(page, shots, "akun-opsional")
