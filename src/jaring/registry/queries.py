"""Reads of the registry that pages, exports and the API share. Scope is applied here,
once: every list or detail of persons starts from ``persons_for(user)``.

Lists and counts see golden records only (``Person.objects.golden()``): a person merged
into another is reached through its survivor, whose page shows the merged person's
source records too. Searching a merged person's NIK finds the survivor."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Exists, F, Func, OuterRef, Q, QuerySet
from django.db.models.functions import Collate

from jaring.accounts.models import Role
from jaring.accounts.policy import can_search_by_nik, is_admin
from jaring.core import nik as nik_rules
from jaring.core.names import search_key_one
from jaring.core.paging import CappedPaginator
from jaring.registry.apps import NAME_COLLATION
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
MAX_LISTED_SURVIVORS = 1000


def persons_for(user) -> QuerySet[Person]:
    """Golden persons ``user`` may see: an operator those its agency submitted (directly
    or through a person merged into them); other roles those living in their region
    (province or regency/city); an administrator all."""
    persons = Person.objects.golden()
    if is_admin(user):
        return persons
    if user.role == Role.OPERATOR:
        if user.agency_id is None:
            return persons.none()
        return persons.filter(_has_source(agency_id=user.agency_id))
    if user.wilayah_id is None:
        return persons.none()
    return persons.filter(prefix_range(user.wilayah_id, "wilayah"))


def _has_source(**source_filter) -> Q:
    """The person has a source record matching ``source_filter``, or a person merged
    into it has one."""
    own = Exists(SourceRecord.objects.filter(person=OuterRef("pk"), **source_filter))
    # The survivors concerned are few, found from the merged persons (a partial index)
    # before the main query: with none, the query stays the plain EXISTS, whose plan
    # an OR would spoil (a registry page went from 55 to 160 ms at 100,000 persons).
    survivors = (
        SourceRecord.objects.filter(
            person__in=Person.objects.filter(merged_into__isnull=False), **source_filter
        )
        .values_list("person__merged_into", flat=True)
        .distinct()
    )
    found = list(survivors[: MAX_LISTED_SURVIVORS + 1])
    if not found:
        return Q(own)
    if len(found) > MAX_LISTED_SURVIVORS:
        return Q(own) | Q(pk__in=survivors)
    return Q(own) | Q(pk__in=found)


def nik_is(user, nik: str, field: str = "nik") -> Q:
    """Rows whose ``field`` is ``nik``, for a user who may search by NIK; for a role
    that sees NIKs masked, no row: its search gives the same "not found" as an unknown
    NIK, so it cannot confirm a NIK it may not see (``policy.can_search_by_nik``).
    Every search box over NIKs (registry, programme lists, participants, the API)
    matches NIKs through here."""
    return Q(**{field: nik}) if can_search_by_nik(user) else Q(pk__in=[])


def nik_sort_allowed(user, sort: str) -> bool:
    """Sorting by NIK orders persons by their hidden birth-date digits: not for roles
    that see NIKs masked."""
    return sort not in ("nik", "-nik") or can_search_by_nik(user)


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
    nik = nik_rules.in_query(q)
    if nik is not None:
        # Resolved first on the unique NIK index, so the scoped query is a primary-key
        # lookup.
        golden = golden_id_for_nik(user, nik)
        persons = persons.filter(pk=golden) if golden else persons.none()
    elif q:
        for word in search_key_one(q).split():
            persons = name_key_contains(persons, word)
    if criteria.wilayah:
        region = criteria.wilayah.strip()
        persons = persons.filter(prefix_range(region, "wilayah", include_self=True))
    if criteria.pekerjaan:
        persons = persons.filter(pekerjaan_id=criteria.pekerjaan)
    if criteria.agency:
        persons = persons.filter(_has_source(agency__kode=criteria.agency))
    sort = criteria.sort if nik_sort_allowed(user, criteria.sort) else DEFAULT_SORT
    return persons.order_by(*name_order(SORTS.get(sort, SORTS[DEFAULT_SORT])))


def name_order(ordering: tuple[str, ...]) -> tuple:
    """``ordering`` with names in reading order: case and accents aside (Budi, BUDI,
    budi together; ``core.names.sort_key``). PostgreSQL's ``nama`` column has that order
    as its collation (ICU), so its index still drives the sort; SQLite sorts through
    the collation each connection registers (``registry.apps``)."""
    if connection.vendor != "sqlite":
        return ordering
    keys = []
    for field in ordering:
        name = field.lstrip("-")
        if name == "nama":
            key = Collate(F(name), NAME_COLLATION)
            keys.append(key.desc() if field.startswith("-") else key.asc())
        else:
            keys.append(field)
    return tuple(keys)


def golden_id_for_nik(user, nik: str) -> int | None:
    """The golden record a NIK names — a merged person's NIK names the record it was
    merged into — or None: unknown, or asked by a role that sees NIKs masked
    (``nik_is``). The registry's search and every list searched by NIK use it, so a
    merged duplicate's NIK finds the worker everywhere."""
    hit = Person.objects.filter(nik_is(user, nik)).values_list("pk", "merged_into_id").first()
    return (hit[1] or hit[0]) if hit else None


def name_key_contains(rows: QuerySet, word: str, field: str = "nama_kunci") -> QuerySet:
    """Rows whose person's name key (``field``) contains ``word``.

    On PostgreSQL the trigram index finds a word of three letters or more. A two-letter
    word (Budi ``bd``, Dewi ``dw``) has no trigram, so ``LIKE`` read the whole registry,
    twice (the count, then the page). Name keys hold only ``a-z`` and spaces
    (``core.names.search_key``), so such a word always follows the key's start, a space
    or a letter: the same rows as a regular expression saying so, whose trigrams
    (`` dw``, ``adw`` … ``zdw``) the index looks up. Asked alone, not beside the
    ``LIKE``: the planner would multiply their selectivities and, expecting a handful of
    rows, skip the region index that narrows a regency's search.
    """
    if len(word) == 2 and connection.vendor == "postgresql":
        return rows.filter(**{f"{field}__regex": f"(^|[a-z ]){re.escape(word)}"})
    return rows.filter(**{f"{field}__contains": word})


def is_name_search(criteria: PersonFilter) -> bool:
    return bool(criteria.q.strip()) and nik_rules.in_query(criteria.q) is None


def paginate(persons: QuerySet[Person], criteria: PersonFilter, per_page: int):
    """The paginator of a search: a name search with at most ``cap`` matches takes its
    page from the matches found through the trigram index, sorted (``sorted_apart``)."""
    few = sorted_apart if is_name_search(criteria) else None
    return CappedPaginator(persons, per_page, few=few)


class _SameText(Func):
    """``nama || ''``: the same text under the same collation, so the same order, but
    no longer the indexed column, so its btree index cannot drive the sort."""

    template = "(%(expressions)s || '')"
    output_field = CharField()


def sorted_apart(persons: QuerySet[Person]) -> QuerySet[Person]:
    """The same persons in the same order, sorted after they are found rather than by
    walking the index of the sort column. For a few thousand name matches among a
    million the planner, expecting matches everywhere, walks ``nama`` from A and tests
    each row (580,000 rows to find Muhammad's first 50); found through the trigram index
    and sorted they take milliseconds. Only the leading key matters to the planner."""
    ordering = list(persons.query.order_by)
    if not ordering or not isinstance(ordering[0], str):
        return persons
    first = ordering[0]
    name = first.lstrip("-")
    if not isinstance(Person._meta.get_field(name), CharField):
        return persons
    key = _SameText(F(name))
    return persons.order_by(key.desc() if first.startswith("-") else key.asc(), *ordering[1:])


def person_detail(user, person_id: int) -> Person | None:
    """The person, or None when out of the user's scope (the page then answers 404, so
    guessing ids reveals nothing). A merged person is returned when the user may see
    its survivor, so that the page can send the user on to it."""
    related = ("wilayah__induk__induk", "pekerjaan", "first_submission")
    # The usual case, a golden record in scope, in one query; then the others.
    person = persons_for(user).select_related(*related).filter(pk=person_id).first()
    if person is not None:
        return person
    person = Person.objects.filter(pk=person_id, merged_into__isnull=False).first()
    if person is None:
        return None
    return person if persons_for(user).filter(pk=person.merged_into_id).exists() else None


def sources_of(person: Person) -> QuerySet[SourceRecord]:
    """Every source record of the person and of every person merged into it (these
    carry ``person.merged_into_id`` = this person; the page marks them)."""
    # The ids first: an OR across the join to persons would scan every source record.
    merged = Person.objects.filter(merged_into=person).values_list("pk", flat=True)
    return (
        SourceRecord.objects.filter(person_id__in=[person.pk, *merged])
        .select_related("agency", "submission", "person", "pekerjaan")
        .order_by("created_at", "id")
    )


def region_filter_ok(code: str) -> bool:
    return is_valid_kode(code.strip())


def person_by_identity(nik: str, tanggal_lahir) -> Person | None:
    """The golden record of the worker who holds both ``nik`` and ``tanggal_lahir``
    (a ``datetime.date`` or ``YYYY-MM-DD``), or None — for the worker's own door (status
    check, complaints), where no login says who asks. One answer for every kind of
    mismatch (malformed, unknown, wrong birth date), so a caller cannot learn which part
    was wrong. A merged duplicate's NIK reaches the survivor, whose birth date must
    match too."""
    digits = (nik or "").strip()
    if len(digits) != 16 or not digits.isascii() or not digits.isdigit():
        return None
    if isinstance(tanggal_lahir, str):
        try:
            tanggal_lahir = dt.date.fromisoformat(tanggal_lahir.strip())
        except ValueError:
            return None
    if not isinstance(tanggal_lahir, dt.date):
        return None
    person = Person.objects.filter(nik=digits).first()
    if person is not None and person.merged_into_id is not None:
        person = Person.objects.filter(pk=person.merged_into_id).first()
    if person is None or person.tanggal_lahir != tanggal_lahir:
        return None
    return person
