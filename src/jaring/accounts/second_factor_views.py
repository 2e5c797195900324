"""Pages of the second factor: the code after the password, enrolment (QR code and
secret), the recovery codes shown once, and the user's account page."""

import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jaring.accounts import second_factor

# The codes just made, kept in the session until the user says they are saved (shown
# on the page and offered as a text file, then gone).
_NEW_CODES = "jaring_recovery_codes"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _limit_message() -> str:
    minutes = max(1, settings.JARING_OTP_LIMITS["WINDOW_SECONDS"] // 60)
    return ngettext(
        "Terlalu banyak kode salah. Coba lagi dalam %(minutes)s menit.",
        "Terlalu banyak kode salah. Coba lagi dalam %(minutes)s menit.",
        minutes,
    ) % {"minutes": minutes}


def _wrong_message(outcome: second_factor.Outcome) -> str:
    if outcome.limited:
        return _limit_message()
    return _(
        "Kode salah atau sudah kedaluwarsa. Ketik kode 6 angka yang sedang tampil di "
        "aplikasi autentikator, atau salah satu kode pemulihan."
    )


@never_cache
@login_required
def code(request):
    """The code after the password (or a recovery code, in the same box)."""
    if second_factor.owed(request) != "code":
        return redirect(_next(request))
    error, status = "", 200
    if request.method == "POST":
        outcome = second_factor.verify(request, request.POST.get("kode", ""))
        if outcome.ok:
            if outcome.recovery_left is not None:
                messages.warning(request, _recovery_used_message(outcome.recovery_left))
            return redirect(_next(request))
        error, status = _wrong_message(outcome), 429 if outcome.limited else 200
    return render(
        request,
        "accounts/second_factor_code.html",
        {"error": error, "next": _next(request)},
        status=status,
    )


def _recovery_used_message(left: int) -> str:
    return ngettext(
        "Anda masuk dengan kode pemulihan; tersisa %(left)s kode. Buat kode baru di "
        "halaman Akun bila hampir habis.",
        "Anda masuk dengan kode pemulihan; tersisa %(left)s kode. Buat kode baru di "
        "halaman Akun bila hampir habis.",
        left,
    ) % {"left": left}


@never_cache
@login_required
def enrol(request):
    """QR code and secret of a new device; a code from it confirms it."""
    if second_factor.owed(request) == "code":
        return redirect("second_factor_code")
    if second_factor.is_enrolled(request.user):
        return redirect("account")
    device = second_factor.pending_device(request.user)
    error, status = "", 200
    if request.method == "POST":
        outcome, codes = second_factor.confirm_enrolment(request, request.POST.get("kode", ""))
        if outcome.ok:
            request.session[_NEW_CODES] = codes
            return redirect(_with_next("second_factor_recovery_codes", _next(request)))
        error, status = _wrong_message(outcome), 429 if outcome.limited else 200
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "secret": second_factor.secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "required": second_factor.is_required(request.user),
            "error": error,
            "next": _next(request),
        },
        status=status,
    )


def _with_next(name: str, target: str) -> str:
    return reverse(name) + "?" + urlencode({"next": target})


@never_cache
@login_required
def qr(request):
    """The pending device's otpauth:// address as an SVG QR code (served from here: the
    Content-Security-Policy allows no inline image data but this). Only while enrolling:
    a confirmed device's secret is never shown again."""
    if second_factor.is_enrolled(request.user):
        raise Http404
    device = second_factor.pending_device(request.user)
    buffer = io.BytesIO()
    segno.make(second_factor.otpauth_uri(device), error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, light="#fff"
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
def recovery_codes(request):
    """The new codes, once: "saved" forgets them."""
    codes = request.session.get(_NEW_CODES)
    if not codes:
        return redirect("account")
    if request.method == "POST":
        del request.session[_NEW_CODES]
        return redirect(_next(request))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": _next(request)},
    )


@never_cache
@login_required
def recovery_download(request):
    codes = request.session.get(_NEW_CODES)
    if not codes:
        return redirect("account")
    text = "\n".join(
        [
            _("Kode pemulihan Jaring untuk %(user)s") % {"user": request.user.get_username()},
            _("Setiap kode hanya dapat dipakai sekali. Simpan di tempat aman."),
            "",
            *codes,
            "",
        ]
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jaring-kode-pemulihan.txt"'
    return response


@never_cache
@login_required
def account(request):
    """Who the user is, and the second factor: turn it on, make new recovery codes, or
    (where the role does not require it) turn it off."""
    user = request.user
    if request.method == "POST":
        return _account_action(request)
    return render(
        request,
        "accounts/account.html",
        {
            "enrolled": second_factor.is_enrolled(user),
            "required": second_factor.is_required(user),
            "recovery_left": second_factor.remaining_recovery_codes(user),
        },
    )


@require_POST
def _account_action(request):
    user = request.user
    action = request.POST.get("tindakan")
    if action == "kode_baru" and second_factor.is_enrolled(user):
        request.session[_NEW_CODES] = second_factor.new_recovery_codes(request)
        return redirect("second_factor_recovery_codes")
    if action == "matikan" and not second_factor.is_required(user):
        second_factor.remove_devices(user, by=user, request=request)
        messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("account")
