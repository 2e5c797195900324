"""Reads of matching that programmes, pages and reports share: the BPJS membership
snapshot, and (further down) the review queue and merges, scoped to the user's region.

"Actively covered" is decided here, once. A registry person is actively covered on a
date when some membership row with **exactly the same NIK** is ``aktif`` and its last
paid month is no earlier than the month before that date: BPJS collects a month's
contribution up to the 15th of the following month, so on any day the previous month
may legitimately be the last one paid. Only the exact NIK links a person to a row; the
name and birth date are shown next to it as evidence for a verifier, never used to
link (linkage on names belongs to the Splink model, with its review queue).

The answer is computed from the current snapshot at read time, so a person registered
after the membership import is flagged as soon as they exist. A golden record counts as
covered when its own NIK or the NIK of a person merged into it is (the merged listing
may carry the NIK BPJS knows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from jaring.accounts.models import Role
from jaring.accounts.policy import is_admin
from jaring.core.months import add_months
from jaring.matching.models import (
    CandidatePair,
    LinkRun,
    Membership,
    MembershipImport,
    Merge,
    PairStatus,
    StatusKepesertaan,
)
from jaring.registry.models import Person
from jaring.wilayah.queries import prefix_range

# Months of arrears that still count as covered (see the module docstring).
GRACE_MONTHS = 1


def earliest_covering_month(as_of: dt.date | None = None) -> dt.date:
    """The oldest last-paid month that still counts as covered on ``as_of``."""
    return add_months(as_of or timezone.localdate(), -GRACE_MONTHS)


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


def person_actively_covered(as_of: dt.date | None = None) -> Q:
    """A filter for golden persons: actively covered through their own NIK or the NIK
    of a person merged into them."""
    merged = Person.objects.filter(merged_into=OuterRef("pk")).filter(actively_covered(as_of))
    return Q(actively_covered(as_of)) | Q(Exists(merged))


def actively_covered_person_ids(as_of: dt.date | None = None) -> QuerySet:
    """Ids of golden registry persons actively covered on ``as_of`` (default today), as a
    subquery: ``persons.exclude(id__in=actively_covered_person_ids(start))``."""
    return Person.objects.golden().filter(person_actively_covered(as_of)).values("id")


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
    """Every membership row with the person's NIK or the NIK of a person merged into it,
    the covering ones first."""
    earliest = earliest_covering_month(as_of)
    niks = [person.nik, *Person.objects.filter(merged_into=person).values_list("nik", flat=True)]
    rows = Membership.objects.filter(nik__in=niks).select_related("source_import")
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


# --- Review queue and merges (registry linking) ---------------------------------------


def _both_in_scope(user, first: str, second: str) -> Q:
    """Both persons named by the relations ``first`` and ``second`` lie in the user's
    region. A pair across two regencies is therefore reviewed at province level: a
    regency's verifier never sees a person of another regency."""
    if is_admin(user):
        return Q()
    if user.role == Role.OPERATOR or not user.wilayah_id:
        return Q(pk__in=[])
    return prefix_range(user.wilayah_id, f"{first}__wilayah") & prefix_range(
        user.wilayah_id, f"{second}__wilayah"
    )


def pairs_for(user) -> QuerySet[CandidatePair]:
    """Candidate pairs whose two persons lie in the user's region (any status)."""
    return CandidatePair.objects.filter(_both_in_scope(user, "person_a", "person_b"))


def review_queue(user) -> QuerySet[CandidatePair]:
    """Waiting pairs in scope whose persons are still two golden records (a pair inside
    a merged group waits silently: it comes back if the merge is undone), surest first."""
    root_a = Coalesce("person_a__merged_into_id", "person_a_id")
    root_b = Coalesce("person_b__merged_into_id", "person_b_id")
    return (
        pairs_for(user)
        .filter(status=PairStatus.WAITING)
        .alias(root_a=root_a, root_b=root_b)
        .exclude(root_a=F("root_b"))
        .select_related("person_a__wilayah", "person_b__wilayah")
        .order_by("-match_probability", "id")
    )


def pair_detail(user, pair_id: int) -> CandidatePair | None:
    """The pair, or None when out of scope (404)."""
    related = [f"{side}__{path}" for side in ("person_a", "person_b")
               for path in ("wilayah__induk__induk", "pekerjaan")]  # fmt: skip
    pairs = pairs_for(user).select_related(*related, "decided_by", "run")
    return pairs.filter(pk=pair_id).first()


def next_in_queue(user, after: CandidatePair) -> CandidatePair | None:
    """The next waiting pair after ``after`` in queue order, for "decide and go on"."""
    return (
        review_queue(user)
        .filter(
            Q(match_probability__lt=after.match_probability)
            | Q(match_probability=after.match_probability, id__gt=after.pk)
        )
        .first()
    )


def merges_for(user) -> QuerySet[Merge]:
    """Merges whose two persons lie in the user's region, newest first."""
    return (
        Merge.objects.filter(_both_in_scope(user, "survivor", "merged"))
        .select_related("survivor", "merged", "merged_by", "undone_by", "pair", "run")
        .order_by("-merged_at", "-id")
    )


def merge_detail(user, merge_id: int) -> Merge | None:
    return merges_for(user).filter(pk=merge_id).first()


def merge_history(person: Person) -> QuerySet[Merge]:
    """Every merge into this golden record, active or undone (made into it directly, or
    into a person that was later merged into it), and its own undone merges."""
    return (
        Merge.objects.filter(Q(survivor=person) | Q(merged__merged_into=person) | Q(merged=person))
        .select_related("survivor", "merged", "merged_by", "undone_by", "pair")
        .order_by("-merged_at", "-id")
    )


def latest_runs(limit: int = 5) -> QuerySet[LinkRun]:
    """The last linkage runs: counts only, no identities."""
    return LinkRun.objects.select_related("submission", "started_by")[:limit]
