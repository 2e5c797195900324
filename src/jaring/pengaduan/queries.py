"""Reads of complaints, scoped: the verifier's queue is their region's complaints; an
operator sees those of their region; the worker sees their own, by number and NIK."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from jaring.accounts.policy import can_see_complaints, is_admin
from jaring.pengaduan.models import OPEN, Pengaduan
from jaring.wilayah.queries import prefix_range


def complaints_for(user) -> QuerySet[Pengaduan]:
    """Every complaint ``user`` may see: of workers in their region (none without a
    region or without the right)."""
    rows = Pengaduan.objects.select_related("person__wilayah__induk", "person__pekerjaan")
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


@dataclass
class Tally:
    """Complaints of one regency/city and kind filed in a period, for the dashboard."""

    kode_kabupaten: str
    jenis: str
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    days_open: int = 0  # summed over the complaints: to closing, or to today if open

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def tally(region_q: Q, dari: dt.date, sampai: dt.date, today: dt.date | None = None) -> list[Tally]:
    """Complaints filed from ``dari`` to ``sampai`` (inclusive dates) among the rows
    ``region_q`` keeps (a filter on ``kode_kabupaten``), by regency/city and kind, with
    their statuses, how many are open past their deadline and the days each has been
    open. Reads the complaints themselves: a few thousand rows a year."""
    today = today or timezone.localdate()
    rows = (
        Pengaduan.objects.filter(region_q)
        .filter(created_at__date__gte=dari, created_at__date__lte=sampai)
        .order_by()
        .values_list("kode_kabupaten", "jenis", "status", "batas_waktu", "created_at", "closed_at")
    )
    found: dict[tuple[str, str], Tally] = {}
    for kabupaten, jenis, status, batas, created, closed in rows:
        one = found.setdefault((kabupaten, jenis), Tally(kabupaten, jenis))
        one.by_status[status] = one.by_status.get(status, 0) + 1
        is_open = status in OPEN
        one.overdue += is_open and batas < today
        end = today if is_open or closed is None else timezone.localtime(closed).date()
        one.days_open += max(0, (end - timezone.localtime(created).date()).days)
    return [found[key] for key in sorted(found)]
