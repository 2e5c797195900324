"""API keys: made, checked and revoked here, stored only as their SHA-256."""

import hashlib
import secrets

from django.utils import timezone

from jaring.accounts.models import ApiToken, User

# Keys start with a fixed marker: a key pasted where it should not be is recognisable,
# and a prefix never starts with "-" (which a command line would read as an option).
MARKER = "jrg_"
PREFIX_LENGTH = len(MARKER) + 8


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user: User, nama: str = "") -> tuple[ApiToken, str]:
    """A new key for ``user``; the key is returned once and never stored."""
    key = MARKER + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, nama=nama, prefix=key[:PREFIX_LENGTH], key_hash=_digest(key)
    )
    return token, key


def user_for_key(key: str) -> User | None:
    """The active user a key belongs to, or None (unknown, revoked, user inactive)."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def revoke(prefix: str) -> int:
    """Revoke the key starting with ``prefix``; the number of keys revoked (0 or 1)."""
    return ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
