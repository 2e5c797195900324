"""The access trail of personal data (UU 27/2022 on personal data protection asks
controllers to be able to show who processed whose data)."""

import datetime as dt
import getpass
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.models import AccessAction, AccessLog
from jaring.core import nik as nik_rules
from jaring.refusals import Refused


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def log_access(user, action: str, target: str, *, detail: str = "", request=None) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        action=action,
        target=target[:100],
        detail=detail[:300],
        ip_address=client_ip(request),
    )


def log_command_access(action: str, target: str, *, detail: str = "") -> AccessLog:
    """An export of personal data from the command line: no Jaring account made it,
    so the trail names the server account that ran the command."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        account = "?"
    return log_access(None, action, target, detail=f"baris perintah ({account}): {detail}")


def _nik_log_key() -> bytes:
    configured = settings.JARING_NIK_SEARCH.get("LOG_KEY")
    if configured:
        return configured.encode()
    # Derived from SECRET_KEY, but not SECRET_KEY itself.
    return hashlib.sha256(b"jaring.nik-search-log:" + settings.SECRET_KEY.encode()).digest()


def nik_log_detail(digits: str) -> str:
    """What the access log keeps of a searched NIK: a keyed hash (HMAC-SHA256) of the
    whole query. The administrator finds every search for a NIK by hashing it again
    (the access log page does); without the key, 16 digits cannot be recovered from
    the log by trying the few candidates a masked NIK leaves."""
    digest = hmac.new(_nik_log_key(), digits.encode(), hashlib.sha256).hexdigest()
    return f"hmac-sha256:{digest}"


def too_often(action: str, limits: dict, *, user=None, ip: str | None = None) -> bool:
    """Whether ``action`` is already in the access log ``limits["LIMIT"]`` times within
    the last ``limits["WINDOW_SECONDS"]`` for ``user`` (or, without a user, for the
    client address ``ip``). The one way Jaring limits how often something is tried —
    NIK searches per user, the worker's status checks and complaints per address —
    counted in the access log itself, so the limit holds across server processes."""
    return recent_tries(action, limits, user=user, ip=ip).count() >= limits["LIMIT"]


def recent_tries(action: str, limits: dict, *, user=None, ip: str | None = None):
    """The access-log rows ``too_often`` counts (each address-limited action has its
    own partial index for this query)."""
    since = timezone.now() - dt.timedelta(seconds=limits["WINDOW_SECONDS"])
    rows = AccessLog.objects.filter(action=action, at__gte=since)
    return rows.filter(user=user) if user is not None else rows.filter(ip_address=ip)


def log_nik_search(user, query: str, *, target: str = "pencarian", request=None) -> None:
    """A search by NIK (or by any run of digits) is a read of an identity: logged, and
    limited per user to ``JARING_NIK_SEARCH["LIMIT"]`` in ``["WINDOW_SECONDS"]``.
    Beyond it the search is refused (429) before it runs; the refused attempt is
    logged too, so guessing in a loop stays refused. Call before searching."""
    digits = nik_rules.query_digits(query)
    if not digits:
        return
    limits = settings.JARING_NIK_SEARCH
    over = too_often(AccessAction.SEARCH_NIK, limits, user=user)
    log_access(
        user, AccessAction.SEARCH_NIK, target,
        detail=nik_log_detail(digits) + (" (ditolak: terlalu sering)" if over else ""),
        request=request,
    )  # fmt: skip
    if over:
        minutes = max(1, limits["WINDOW_SECONDS"] // 60)
        raise Refused(
            429,
            _(
                "Terlalu banyak pencarian NIK dalam waktu singkat. Coba lagi dalam "
                "%(minutes)s menit."
            )
            % {"minutes": minutes},
            _("Terlalu banyak pencarian"),
        )
