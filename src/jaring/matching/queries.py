"""Reads of the BPJS membership snapshot that programmes, pages and reports share.

"Actively covered" is decided here, once. A registry person is actively covered on a
date when some membership row with **exactly the same NIK** is ``aktif`` and its last
paid month is no earlier than the month before that date: BPJS collects a month's
contribution up to the 15th of the following month, so on any day the previous month
may legitimately be the last one paid. Only the exact NIK links a person to a row; the
name and birth date are shown next to it as evidence for a verifier, never used to
link (linkage on names belongs to the Splink model, with its review queue).

The answer is computed from the current snapshot at read time, so a person registered
after the membership import is flagged as soon as they exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from jaring.matching.models import Membership, MembershipImport, StatusKepesertaan
from jaring.registry.models import Person

# Months of arrears that still count as covered (see the module docstring).
GRACE_MONTHS = 1


def earliest_covering_month(as_of: dt.date | None = None) -> dt.date:
    """The oldest last-paid month that still counts as covered on ``as_of``."""
    as_of = as_of or timezone.localdate()
    total = as_of.year * 12 + as_of.month - 1 - GRACE_MONTHS
    return dt.date(total // 12, total % 12 + 1, 1)


def active_memberships(as_of: dt.date | None = None) -> QuerySet[Membership]:
    """Membership rows that make their NIK actively covered on ``as_of`` (default today)."""
    return Membership.objects.filter(
        status=StatusKepesertaan.AKTIF,
        bulan_terakhir_bayar__gte=earliest_covering_month(as_of),
    )


def actively_covered(as_of: dt.date | None = None, *, nik_ref: str = "nik") -> Exists:
    """An ``Exists`` expression for querysets of persons (or anything with a NIK
    column named ``nik_ref``): ``Person.objects.filter(~actively_covered(date))``."""
    return Exists(active_memberships(as_of).filter(nik=OuterRef(nik_ref)))


def actively_covered_person_ids(as_of: dt.date | None = None) -> QuerySet:
    """Ids of registry persons actively covered on ``as_of`` (default today), as a
    subquery: ``persons.exclude(id__in=actively_covered_person_ids(start))``."""
    return Person.objects.filter(actively_covered(as_of)).values("id")


@dataclass(frozen=True)
class Evidence:
    """One membership row matched to a person on the exact NIK, with what agrees."""

    membership: Membership
    covered: bool  # this row alone makes the person actively covered
    nama_sama: bool  # same name after case and spacing
    nama_mirip: bool  # same spelling-tolerant key (Muhamad/Muhammad, titles dropped)
    tanggal_lahir_sama: bool

    @property
    def source(self) -> MembershipImport:
        return self.membership.source_import


def evidence_for(person: Person, as_of: dt.date | None = None) -> list[Evidence]:
    """Every membership row with the person's NIK, the covering ones first."""
    earliest = earliest_covering_month(as_of)
    rows = Membership.objects.filter(nik=person.nik).select_related("source_import")
    person_name = " ".join(person.nama.upper().split())
    evidence = [
        Evidence(
            membership=row,
            covered=row.status == StatusKepesertaan.AKTIF
            and row.bulan_terakhir_bayar is not None
            and row.bulan_terakhir_bayar >= earliest,
            nama_sama=" ".join(row.nama.upper().split()) == person_name,
            nama_mirip=bool(row.nama_kunci) and row.nama_kunci == person.nama_kunci,
            tanggal_lahir_sama=row.tanggal_lahir == person.tanggal_lahir,
        )
        for row in rows
    ]
    return sorted(evidence, key=lambda e: (not e.covered, e.membership.kpj))


def imports() -> QuerySet[MembershipImport]:
    """Membership imports, newest first. They hold counts and file names, no identities."""
    return MembershipImport.objects.select_related("imported_by")
