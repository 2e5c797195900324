"""Changing what a user may do: the two-person rule for administrators.

A user's role and scope (``User.role``, ``wilayah``, ``agency``; administrator rights
follow the role) decide what they see and change, so one administrator alone does not
change them: ``propose`` records the change (``PerubahanPeran``, waiting) and the user
keeps the old role and scope — a new account stays inactive — until another active
administrator ``confirm``s it (or either cancels it). The administrator who proposed a
change, and the user it is about, cannot confirm it.

**Bootstrap.** While there is no other active administrator (the first one, made by
``jaring createsuperuser`` or by ``jaring demo``), there is nobody to confirm: a change
proposed then takes effect at once and is recorded as decided by its proposer. As soon
as a second administrator exists, every change waits. Changes made from the command
line (``by`` None: the server's operator, e.g. the demo data) count as that bootstrap.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.models import PerubahanPeran, Role, StatusPerubahan, User
from jaring.accounts.policy import is_admin, require_second_person


class RoleChangeError(ValueError):
    """A role change that cannot be made now; the message says why, in Indonesian."""


def scope_of(user: User) -> dict:
    """The part of a user a role change replaces."""
    return {"role": user.role, "wilayah": user.wilayah_id, "agency": user.agency_id}


def other_admins(by: User | None) -> QuerySet[User]:
    """Active administrators other than ``by``: who could confirm ``by``'s change."""
    admins = User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(role=Role.ADMIN))
    return admins.exclude(pk=by.pk) if by is not None else admins.none()


def waiting(user: User | None = None) -> QuerySet[PerubahanPeran]:
    rows = PerubahanPeran.objects.filter(status=StatusPerubahan.MENUNGGU)
    return rows.filter(user=user) if user is not None else rows


def to_confirm_by(admin: User) -> QuerySet[PerubahanPeran]:
    """Waiting changes ``admin`` may confirm (not their own, not about themselves)."""
    return (
        waiting()
        .exclude(created_by=admin)
        .exclude(user=admin)
        .select_related("user", "wilayah", "agency", "created_by")
    )


@transaction.atomic
def propose(
    *,
    by: User | None,
    user: User,
    role: str,
    wilayah_id: str | None = None,
    agency_id: int | None = None,
) -> PerubahanPeran:
    """Record a change of ``user``'s role and scope by administrator ``by``. It waits
    for a second administrator, unless there is none yet (bootstrap, module docstring)."""
    if by is not None and not is_admin(by):
        raise PermissionDenied
    if role not in Role.values:
        raise RoleChangeError(_("Peran %(peran)s tidak dikenal.") % {"peran": role})
    user = User.objects.select_for_update().get(pk=user.pk)
    if waiting(user).exists():
        raise RoleChangeError(
            _(
                "Perubahan peran %(user)s sebelumnya masih menunggu konfirmasi; konfirmasi "
                "atau batalkan lebih dahulu."
            )
            % {"user": user.username}
        )
    change = PerubahanPeran.objects.create(
        user=user, role=role, wilayah_id=wilayah_id or None, agency_id=agency_id or None,
        sebelumnya=scope_of(user), created_by=by,
    )  # fmt: skip
    if not other_admins(by).exists():
        _apply(change, by)
    return change


def _apply(change: PerubahanPeran, by: User | None) -> None:
    user = change.user
    user.role, user.wilayah_id, user.agency_id = change.role, change.wilayah_id, change.agency_id
    # Administrator rights (and the admin site) follow the role.
    user.is_staff = user.is_superuser = change.role == Role.ADMIN
    user.is_active = True
    user.save(update_fields=["role", "wilayah", "agency", "is_staff", "is_superuser", "is_active"])
    change.status = StatusPerubahan.BERLAKU
    change.decided_by, change.decided_at = by, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])


def _waiting_change(by: User | None, change: PerubahanPeran) -> PerubahanPeran:
    if by is not None and not is_admin(by):
        raise PermissionDenied
    change = PerubahanPeran.objects.select_for_update().select_related("user").get(pk=change.pk)
    if change.status != StatusPerubahan.MENUNGGU:
        raise RoleChangeError(
            _("Perubahan peran ini sudah diputuskan: %(status)s.")
            % {"status": change.get_status_display()}
        )
    return change


@transaction.atomic
def confirm(*, by: User, change: PerubahanPeran) -> PerubahanPeran:
    """A second administrator confirms a waiting change: the role and scope take effect."""
    change = _waiting_change(by, change)
    reason = _(
        "Perubahan peran %(user)s Anda ajukan sendiri; konfirmasinya harus oleh administrator lain."
    ) % {"user": change.user.username}
    require_second_person(by, change.created_by_id, reason)
    require_second_person(
        by,
        change.user_id,
        _("Perubahan peran Anda sendiri dikonfirmasi oleh administrator lain."),
    )
    _apply(change, by)
    return change


@transaction.atomic
def cancel(*, by: User, change: PerubahanPeran) -> PerubahanPeran:
    """A waiting change withdrawn or refused: the user keeps their role and scope."""
    change = _waiting_change(by, change)
    change.status = StatusPerubahan.DIBATALKAN
    change.decided_by, change.decided_at = by, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change
