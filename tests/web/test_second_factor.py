"""The second factor: administrators, programme managers and finance officers type a
code from an authenticator app after the password (and enrol one first); other roles
may. Recovery codes work once; wrong codes are limited; an administrator resets a
user's devices; the API with a key is untouched; JARING_OTP_REQUIRED=0 lifts it."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import resvg_py
import zxingcpp
from django.core.checks import Warning as CheckWarning
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from jaring.accounts import second_factor
from jaring.accounts.checks import production_settings
from jaring.accounts.models import AccessAction, AccessLog, Role, User
from jaring.accounts.tokens import create_token
from second_factor_helpers import code_for

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-panjang-1"
KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def person(username: str, role: str) -> User:
    if role == Role.ADMIN:
        return User.objects.create_superuser(username, None, PASSWORD, role=role)
    return User.objects.create_user(username, password=PASSWORD, role=role, wilayah_id="64.71")


def signed_in(user: User) -> Client:
    """A client past the password only, through the login page."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def redirected_to(response) -> tuple[str, dict]:
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query)


def enrol(client: Client, user: User) -> list[str]:
    """Enrol through the pages: read the secret the page shows, answer with its code."""
    page = client.get(reverse("second_factor_enrol"))
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    device = second_factor.app_device(user, confirmed=False)
    assert second_factor.secret_text(device) == secret
    done = client.post(reverse("second_factor_enrol"), {"kode": code_for(device)})
    assert redirected_to(done)[0] == reverse("second_factor_recovery_codes")
    codes = client.get(reverse("second_factor_recovery_codes")).context["codes"]
    client.post(reverse("second_factor_recovery_codes"))
    return codes


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.FINANCE])
def test_a_required_role_without_a_device_is_sent_to_enrolment_from_every_page(role):
    client = signed_in(person("wajib", role))

    for page in ("/", "/pekerja/", "/dasbor/", "/admin/", "/log-akses/", "/akun/"):
        path, query = redirected_to(client.get(page))
        assert path == reverse("second_factor_enrol"), page
        assert query["next"] == [page]
    enrolment = client.get(reverse("second_factor_enrol"))
    assert enrolment.status_code == 200
    assert "Peran Anda mewajibkan verifikasi dua langkah" in enrolment.content.decode()
    assert 'class="mainnav"' not in enrolment.content.decode()  # no menu to pages it cannot open
    # Signing out and the language menu still work.
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert redirected_to(client.get("/"))[0] == reverse("login")


def test_enrolment_shows_a_qr_code_of_the_secret_and_a_wrong_code_does_not_confirm_it():
    user = person("pengelola", Role.MANAGER)
    client = signed_in(user)
    client.get(reverse("second_factor_enrol"))
    device = second_factor.app_device(user, confirmed=False)

    qr = client.get(reverse("second_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    image = Image.open(io.BytesIO(bytes(resvg_py.svg_to_bytes(svg_string=qr.content.decode()))))
    (found,) = [c.text for c in zxingcpp.read_barcodes(image)]
    assert found == device.config_url
    assert found.startswith("otpauth://totp/Jaring%3Apengelola?secret=")

    wrong = client.post(reverse("second_factor_enrol"), {"kode": "000000"})
    assert wrong.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in wrong.content.decode()
    assert not second_factor.is_enrolled(user)
    assert redirected_to(client.get("/"))[0] == reverse("second_factor_enrol")


def test_enrolment_confirms_the_device_and_shows_ten_recovery_codes_once():
    user = person("keuangan", Role.FINANCE)
    client = signed_in(user)
    client.get(reverse("second_factor_enrol"))
    device = second_factor.app_device(user, confirmed=False)

    done = client.post(
        reverse("second_factor_enrol"), {"kode": code_for(device), "next": "/dasbor/"}
    )
    path, query = redirected_to(done)
    assert path == reverse("second_factor_recovery_codes") and query["next"] == ["/dasbor/"]
    codes = client.get(path).context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    text = client.get(reverse("second_factor_recovery_download"))
    assert text["Content-Disposition"].startswith("attachment")
    assert all(c in text.content.decode() for c in codes)

    assert redirected_to(client.post(path, {"next": "/dasbor/"}))[0] == "/dasbor/"
    assert client.get("/").status_code == 200  # verified in this session
    assert redirected_to(client.get(path))[0] == reverse("account")  # shown once
    assert second_factor.is_enrolled(user)
    assert AccessLog.objects.filter(user=user, action=AccessAction.OTP_ENROLLED).count() == 1


def test_after_the_password_a_user_with_a_device_types_the_code():
    user = person("admin2", Role.ADMIN)
    device = second_factor.install_device(user, KEY)
    client = signed_in(user)

    path, query = redirected_to(client.get("/program/"))
    assert path == reverse("second_factor_code") and query["next"] == ["/program/"]
    wrong = client.post(path, {"kode": "123456" if code_for(device) != "123456" else "654321"})
    assert "Kode salah atau sudah kedaluwarsa" in wrong.content.decode()
    assert redirected_to(client.get("/"))[0] == path

    right = client.post(path, {"kode": code_for(device), "next": "/program/"})
    assert redirected_to(right)[0] == "/program/"
    assert client.get("/").status_code == 200
    assert AccessLog.objects.filter(user=user, action=AccessAction.OTP_WRONG).count() == 1


def test_a_code_is_accepted_once():
    user = person("pengelola", Role.MANAGER)
    device = second_factor.install_device(user, KEY)
    code = code_for(device)
    first = signed_in(user)
    assert redirected_to(first.post(reverse("second_factor_code"), {"kode": code}))[0] == "/"

    again = signed_in(user)
    refused = again.post(reverse("second_factor_code"), {"kode": code})
    assert refused.status_code == 200 and "Kode salah" in refused.content.decode()


def test_wrong_codes_are_limited_per_user_and_then_even_the_right_one_waits(settings):
    settings.JARING_OTP_LIMITS = {"LIMIT": 3, "WINDOW_SECONDS": 900}
    user = person("keuangan", Role.FINANCE)
    device = second_factor.install_device(user, KEY)
    client = signed_in(user)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    for _ in range(3):
        assert client.post(reverse("second_factor_code"), {"kode": wrong}).status_code == 200

    limited = client.post(reverse("second_factor_code"), {"kode": code_for(device)})
    assert limited.status_code == 429
    assert "Terlalu banyak kode salah. Coba lagi dalam 15 menit." in limited.content.decode()
    assert redirected_to(client.get("/"))[0] == reverse("second_factor_code")
    assert AccessLog.objects.filter(user=user, action=AccessAction.OTP_WRONG).count() == 3

    AccessLog.objects.filter(user=user, action=AccessAction.OTP_WRONG).delete()  # window passed
    let_in = client.post(reverse("second_factor_code"), {"kode": code_for(device)})
    assert redirected_to(let_in)[0] == "/"


def test_a_recovery_code_signs_in_once_and_is_logged():
    user = person("pengelola", Role.MANAGER)
    codes = enrol(signed_in(user), user)

    client = signed_in(user)
    used = client.post(reverse("second_factor_code"), {"kode": codes[3].upper()}, follow=True)
    assert used.redirect_chain[0][0] == "/"
    assert "tersisa 9 kode" in used.content.decode()
    log = AccessLog.objects.get(user=user, action=AccessAction.OTP_RECOVERY_USED)
    assert log.detail == "sisa 9"

    again = signed_in(user)
    refused = again.post(reverse("second_factor_code"), {"kode": codes[3]})
    assert "Kode salah" in refused.content.decode()
    assert second_factor.remaining_recovery_codes(user) == 9


def test_new_recovery_codes_replace_the_old_ones():
    user = person("pengelola", Role.MANAGER)
    client = signed_in(user)
    old = enrol(client, user)

    made = client.post(reverse("account"), {"tindakan": "kode_baru"})
    assert redirected_to(made)[0] == reverse("second_factor_recovery_codes")
    new = client.get(reverse("second_factor_recovery_codes")).context["codes"]
    assert set(new).isdisjoint(old)

    other = signed_in(user)
    refused = other.post(reverse("second_factor_code"), {"kode": old[0]})
    assert "Kode salah" in refused.content.decode()
    assert redirected_to(other.post(reverse("second_factor_code"), {"kode": new[0]}))[0] == "/"
    assert AccessLog.objects.filter(user=user, action=AccessAction.OTP_NEW_CODES).exists()


def test_an_optional_role_is_not_asked_and_may_turn_it_on_and_off():
    user = person("verifikator", Role.VERIFIER)
    client = signed_in(user)
    assert client.get("/").status_code == 200
    account = client.get(reverse("account")).content.decode()
    assert "Belum aktif." in account and "Tidak wajib untuk peran Anda" in account

    enrol(client, user)
    later = signed_in(user)
    assert redirected_to(later.get("/"))[0] == reverse("second_factor_code")
    next_code = code_for(second_factor.app_device(user), steps_ahead=1)  # the first is used
    later.post(reverse("second_factor_code"), {"kode": next_code})
    assert later.get("/").status_code == 200

    later.post(reverse("account"), {"tindakan": "matikan"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert signed_in(user).get("/").status_code == 200


def test_a_required_role_cannot_turn_it_off():
    user = person("pengelola", Role.MANAGER)
    client = Client()
    client.force_login(user)  # verified, as after the code

    assert "Matikan" not in client.get(reverse("account")).content.decode()
    client.post(reverse("account"), {"tindakan": "matikan"})
    assert second_factor.is_enrolled(user)


def test_api_keys_are_unaffected_and_a_session_owing_the_code_reads_nothing():
    user = person("pengelola", Role.MANAGER)  # no device yet
    _, key = create_token(user, "uji")

    by_key = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/wilayah/64.71")
    assert by_key.status_code == 200

    session = signed_in(user)
    assert session.get("/api/v1/wilayah/64.71").status_code == 401


def test_an_administrator_resets_a_users_second_factor_in_the_admin():
    admin = person("admin2", Role.ADMIN)
    user = person("keuangan", Role.FINANCE)
    enrol(signed_in(user), user)
    client = Client()
    client.force_login(admin)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "Verifikasi dua langkah 1 pengguna diatur ulang." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    log = AccessLog.objects.get(action=AccessAction.OTP_RESET)
    assert (log.user, log.target, log.detail) == (admin, f"pengguna:{user.pk}", "keuangan")
    assert redirected_to(signed_in(user).get("/"))[0] == reverse("second_factor_enrol")


def test_the_admin_shows_no_device_secrets():
    admin = person("admin2", Role.ADMIN)
    client = Client()
    client.force_login(admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "otp_totp" not in index and "otp_static" not in index


def test_the_setting_off_lifts_the_requirement_and_the_deploy_check_warns(settings):
    settings.JARING_OTP_REQUIRED = False
    client = signed_in(person("pengelola", Role.MANAGER))
    assert client.get("/").status_code == 200
    assert "jaring.W006" in [p.id for p in production_settings() if isinstance(p, CheckWarning)]

    settings.JARING_OTP_REQUIRED = True
    assert "jaring.W006" not in [p.id for p in production_settings()]
    assert redirected_to(client.get("/"))[0] == reverse("second_factor_enrol")


def test_english_pages_are_english():
    user = person("keuangan", Role.FINANCE)
    client = signed_in(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("second_factor_enrol")).content.decode()
    assert "Turn on two-step verification" in page
    second_factor.install_device(user, KEY)
    code = client.get(reverse("second_factor_code")).content.decode()
    assert "Two-step verification" in code and "authenticator app" in code


def test_the_command_line_resets_a_locked_out_administrator():
    admin = person("admin2", Role.ADMIN)
    second_factor.install_device(admin, KEY)
    out = io.StringIO()

    call_command("otp", "reset", "admin2", stdout=out)

    assert "diatur ulang" in out.getvalue()
    assert not second_factor.is_enrolled(admin)
    log = AccessLog.objects.get(action=AccessAction.OTP_RESET)
    assert log.user is None and log.detail.startswith("baris perintah (")
    assert log.detail.endswith("admin2")
    with pytest.raises(CommandError):
        call_command("otp", "reset", "tidak-ada")


def test_the_qr_code_is_not_shown_again_once_enrolled():
    user = person("pengelola", Role.MANAGER)
    client = signed_in(user)
    enrol(client, user)
    assert client.get(reverse("second_factor_qr")).status_code == 404
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()
