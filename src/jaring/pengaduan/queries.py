"""Reads of complaints, scoped: the verifier's queue is their region's complaints; an
operator sees those of their region; the worker sees their own, by number and NIK."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from jaring.accounts.policy import can_see_complaints, is_admin
from jaring.pengaduan.models import OPEN, Pengaduan
from jaring.wilayah.queries import prefix_range


def complaints_for(user) -> QuerySet[Pengaduan]:
    """Every complaint ``user`` may see: of workers in their region (none without a
    region or without the right)."""
    rows = Pengaduan.objects.select_related("person")
    if is_admin(user):
        return rows
    if not can_see_complaints(user) or not user.wilayah_id:
        return rows.none()
    return rows.filter(prefix_range(user.wilayah_id, "kode_kabupaten", include_self=True))


def waiting_for(user) -> QuerySet[Pengaduan]:
    """Open complaints (new or being looked into) in ``user``'s scope, oldest first —
    the home page's "to answer" count."""
    return complaints_for(user).filter(status__in=OPEN).order_by("batas_waktu", "id")


def overdue_for(user) -> QuerySet[Pengaduan]:
    """Open complaints past their deadline (``JARING_PENGADUAN["DEADLINE_DAYS"]``)."""
    return waiting_for(user).filter(batas_waktu__lt=timezone.localdate())


def for_worker(nomor: str, nik: str) -> Pengaduan | None:
    """The complaint numbered ``nomor`` when ``nik`` is its worker's (or a NIK merged
    into that worker); None for an unknown number and a wrong NIK alike."""
    nomor, nik = (nomor or "").strip().upper(), (nik or "").strip()
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        return None
    found = Pengaduan.objects.select_related("person").filter(nomor=nomor).first()
    if found is None:
        return None
    person = found.person
    if person.nik == nik or person.merged_persons.filter(nik=nik).exists():
        return found
    return None
