"""Reads of the registry that pages, exports and the API share. Scope is applied here,
once: every list or detail of persons starts from ``persons_for(user)``."""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from jaring.accounts.models import Role
from jaring.accounts.policy import is_admin
from jaring.core.names import search_key_one
from jaring.registry.models import Person, SourceRecord
from jaring.wilayah.queries import is_valid_kode, prefix_range

SORTS = {
    "nama": ("nama", "id"),
    "-nama": ("-nama", "-id"),
    "nik": ("nik",),
    "-nik": ("-nik",),
    "baru": ("-created_at", "-id"),
    "lama": ("created_at", "id"),
}
DEFAULT_SORT = "nama"


def persons_for(user) -> QuerySet[Person]:
    """Persons ``user`` may see: an operator those its agency submitted; other roles
    those living in their region (province or regency/city); an administrator all."""
    persons = Person.objects.all()
    if is_admin(user):
        return persons
    if user.role == Role.OPERATOR:
        if user.agency_id is None:
            return persons.none()
        submitted = SourceRecord.objects.filter(person=OuterRef("pk"), agency_id=user.agency_id)
        return persons.filter(Exists(submitted))
    if user.wilayah_id is None:
        return persons.none()
    return persons.filter(prefix_range(user.wilayah_id, "wilayah"))


@dataclass
class PersonFilter:
    q: str = ""
    wilayah: str = ""  # any region code: regency, district or village
    pekerjaan: str = ""
    agency: str = ""
    sort: str = DEFAULT_SORT


def search(user, criteria: PersonFilter) -> QuerySet[Person]:
    """Scoped, filtered, sorted persons. A 16-digit query is an exact NIK lookup;
    anything else searches names by their spelling-tolerant key, word by word."""
    persons = persons_for(user)
    q = criteria.q.strip()
    digits = re.sub(r"[\s\-]", "", q)
    if re.fullmatch(r"[0-9]{16}", digits):
        persons = persons.filter(nik=digits)
    elif q:
        for word in search_key_one(q).split():
            persons = persons.filter(nama_kunci__contains=word)
    if criteria.wilayah:
        region = criteria.wilayah.strip()
        persons = persons.filter(prefix_range(region, "wilayah", include_self=True))
    if criteria.pekerjaan:
        persons = persons.filter(pekerjaan_id=criteria.pekerjaan)
    if criteria.agency:
        persons = persons.filter(
            Exists(SourceRecord.objects.filter(person=OuterRef("pk"), agency__kode=criteria.agency))
        )
    return persons.order_by(*SORTS.get(criteria.sort, SORTS[DEFAULT_SORT]))


def person_detail(user, person_id: int) -> Person | None:
    """The person, or None when out of the user's scope (the page then answers 404, so
    guessing ids reveals nothing)."""
    return (
        persons_for(user)
        .select_related("wilayah__induk__induk", "pekerjaan", "first_submission")
        .filter(pk=person_id)
        .first()
    )


def sources_of(person: Person) -> QuerySet[SourceRecord]:
    return person.sources.select_related("agency", "submission").order_by("created_at", "id")


def region_filter_ok(code: str) -> bool:
    return is_valid_kode(code.strip())
