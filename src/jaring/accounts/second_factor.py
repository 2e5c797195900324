"""The second factor: after the password, a 6-digit code from an authenticator app
(TOTP, RFC 6238, through django-otp), or one of ten single-use recovery codes.

Who must have one is ``policy.must_use_second_factor`` (administrators, programme
managers, finance officers), unless ``JARING_OTP_REQUIRED`` is off; anyone else may turn
it on from the account page. A user who has one is asked for a code after every
password sign-in; a user who must have one and has none is sent to enrolment first
(``accounts.middleware``). Wrong codes are counted in the access log and limited per
user (``JARING_OTP_LIMITS``, ``audit.too_often``); recovery codes used, new sets and
resets by an administrator are logged there too.

django-otp keeps the recovery codes as written (its ``StaticToken``); they are random,
single-use, and unreadable from the pages and the admin.
"""

import base64
import binascii
import secrets
from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jaring.accounts import policy
from jaring.accounts.audit import log_access, log_command_access, too_often
from jaring.accounts.models import AccessAction

RECOVERY_CODES = 10
# Recovery codes: ten characters without the ones people misread (0/O, 1/I/L).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_APP_DEVICE = "aplikasi autentikator"
_RECOVERY_DEVICE = "kode pemulihan"


def is_required(user) -> bool:
    return settings.JARING_OTP_REQUIRED and policy.must_use_second_factor(user)


def app_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    """Whether this session has passed the second factor (django-otp's middleware
    found the device that confirmed it)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def owed(request) -> str | None:
    """What the signed-in user still owes before any other page: ``"code"``,
    ``"enrolment"``, or None."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    if is_enrolled(user):
        return "code"
    return "enrolment" if is_required(user) else None


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__confirmed=True, device__name=_RECOVERY_DEVICE
    ).count()


# --- enrolment ----------------------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: a new secret, kept unconfirmed (and useless) until the
    user types a code from it. Opening the page again shows the same secret."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_APP_DEVICE, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def otpauth_uri(device: TOTPDevice) -> str:
    return device.config_url


def _token_matches(device: TOTPDevice, code: str) -> bool:
    """django-otp's own check (one step either side, never the same step twice)."""
    return code.isdigit() and len(code) == device.digits and device.verify_token(code)


@dataclass(frozen=True)
class Outcome:
    """What a code did: ``ok``; ``limited`` when too many wrong codes came first;
    ``recovery_left`` after a recovery code (how many remain)."""

    ok: bool
    limited: bool = False
    recovery_left: int | None = None


def _limited(user) -> bool:
    return too_often(AccessAction.OTP_WRONG, settings.JARING_OTP_LIMITS, user=user)


def _wrong(user, request) -> Outcome:
    log_access(user, AccessAction.OTP_WRONG, f"pengguna:{user.pk}", request=request)
    return Outcome(ok=False)


def confirm_enrolment(request, code: str) -> tuple[Outcome, list[str]]:
    """Confirm the pending device with a code from it: it replaces any earlier device,
    the session counts as verified, and ten new recovery codes are returned (to be
    shown once)."""
    user = request.user
    if _limited(user):
        return Outcome(ok=False, limited=True), []
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, pk=pending_device(user).pk)
            .first()
        )
        if device is None or not _token_matches(device, normalise(code)):
            return _wrong(user, request), []
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        log_access(user, AccessAction.OTP_ENROLLED, f"pengguna:{user.pk}", request=request)
    django_otp.login(request, device)
    return Outcome(ok=True), codes


# --- signing in ---------------------------------------------------------------------


def normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())[:40]


def verify(request, code: str) -> Outcome:
    """Check a code typed after the password: 6 digits are the app's code, anything
    else a recovery code (used up, and logged). On success the session is verified."""
    user = request.user
    if _limited(user):
        return Outcome(ok=False, limited=True)
    code = normalise(code)
    with transaction.atomic():
        if code.isdigit():
            devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
            device = next((d for d in devices if _token_matches(d, code)), None)
            left = None
        else:
            device = (
                StaticDevice.objects.select_for_update()
                .filter(user=user, confirmed=True, name=_RECOVERY_DEVICE)
                .first()
            )
            if device is not None and not device.verify_token(code):
                device = None
            left = remaining_recovery_codes(user)
            if device is not None:
                log_access(
                    user, AccessAction.OTP_RECOVERY_USED, f"pengguna:{user.pk}",
                    detail=f"sisa {left}", request=request,
                )  # fmt: skip
    if device is None:
        return _wrong(user, request)
    django_otp.login(request, device)
    return Outcome(ok=True, recovery_left=left)


# --- recovery codes, turning off, reset ---------------------------------------------


def _random_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def shown(code: str) -> str:
    """A recovery code as printed: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_RECOVERY_DEVICE, confirmed=True)
    codes = [_random_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [shown(c) for c in codes]


def new_recovery_codes(request) -> list[str]:
    """Ten new codes for the signed-in (verified) user; the old ones stop working."""
    user = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        log_access(user, AccessAction.OTP_NEW_CODES, f"pengguna:{user.pk}", request=request)
    return codes


def remove_devices(user, *, by, request=None) -> int:
    """Remove every device of ``user`` (an administrator's reset, or a user of an
    optional role turning it off): the user signs in with the password alone, or — in
    a role that requires it — enrols again at the next page. Logged under ``by`` (None:
    the command line, ``jaring otp reset``)."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        StaticDevice.objects.filter(user=user).delete()
        target = f"pengguna:{user.pk}"
        if by is None:
            log_command_access(AccessAction.OTP_RESET, target, detail=user.get_username())
        else:
            log_access(
                by, AccessAction.OTP_RESET, target, detail=user.get_username(), request=request
            )
    return removed


def install_device(user, key_base32: str, *, name: str = _APP_DEVICE) -> TOTPDevice:
    """Give ``user`` a confirmed device with a known secret, replacing any other: for the
    demo users (``jaring demo`` prints the secret), never for a real account."""
    try:
        key = base64.b32decode(key_base32.replace(" ", "").upper()).hex()
    except (binascii.Error, ValueError) as exc:
        raise ValueError(key_base32) from exc
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, key=key, confirmed=True).first()
        TOTPDevice.objects.filter(user=user).exclude(pk=getattr(device, "pk", None)).delete()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=name, key=key, confirmed=True)
    return device
