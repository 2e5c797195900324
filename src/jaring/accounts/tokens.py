"""API keys: made, checked and revoked here, stored only as their SHA-256. Every key
ends after its term (``JARING_API_KEY_DAYS`` by default); a read-only key may call only
the API's reading methods."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.models import ApiToken, User

# Keys start with a fixed marker: a key pasted where it should not be is recognisable,
# and a prefix never starts with "-" (which a command line would read as an option).
MARKER = "jrg_"
PREFIX_LENGTH = len(MARKER) + 8


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


READING = frozenset({"GET", "HEAD", "OPTIONS"})


def create_token(
    user: User, nama: str = "", *, days: int | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """A new key for ``user`` that ends after ``days`` (default ``JARING_API_KEY_DAYS``);
    the key is returned once and never stored."""
    days = settings.JARING_API_KEY_DAYS if days is None else days
    if days <= 0:
        raise ValueError(_("Masa berlaku token harus sedikitnya 1 hari."))
    key = MARKER + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        nama=nama,
        prefix=key[:PREFIX_LENGTH],
        key_hash=_digest(key),
        berlaku_sampai=timezone.now() + dt.timedelta(days=days),
        hanya_baca=read_only,
    )
    return token, key


def token_for_key(key: str) -> ApiToken | None:
    """The key's token while it may be used (known, not revoked, not expired, its user
    active), else None."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(key), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gt=timezone.now()))
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def may_call(token: ApiToken, method: str) -> bool:
    """Whether ``token`` may make a request with HTTP ``method``."""
    return not token.hanya_baca or method.upper() in READING


def revoke(prefix: str) -> int:
    """Revoke the key starting with ``prefix``; the number of keys revoked (0 or 1)."""
    return ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
