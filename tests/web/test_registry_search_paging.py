"""The registry search finds the same persons in the same order however its page is
fetched, and a name search with few matches is fetched through its own filter, not by
walking the sort column's index: at a million persons that walk made a province user's
search of a common name take seconds, and 15 users at once queued behind it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jaring.accounts.models import Role, User
from jaring.core.names import search_key_one
from jaring.core.paging import CappedPaginator
from jaring.intake.services import intake_file
from jaring.registry.models import Person
from jaring.registry.queries import SORTS, PersonFilter, search
from jaring.registry.services import add_agency
from jaring.synthetic.bulk import write_intake_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tmp_path):
    agency = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    intake_file(path=write_intake_csv(tmp_path / "a.csv", rows=600, seed=5), agency=agency)
    assert Person.objects.count() > 400
    return agency


@pytest.fixture
def province_user():
    return User.objects.create_user(
        "pengelola.kaltim", password="rahasia-panjang-1", role=Role.MANAGER, wilayah_id="64"
    )


def _queries(persons):
    """Searches that find many persons, a few, one word of a name, and none."""
    names = list(persons.values_list("nama", flat=True)[:6])
    return ["a", "siti", "muhammad", *names, *(n.split()[0] for n in names), "xqzxqz"]


def test_pages_of_a_search_are_the_plainly_sorted_matches(registry, province_user, monkeypatch):
    searches = [(q, sort) for q in _queries(Person.objects.all()) for sort in SORTS]
    # A cap of 7 makes most searches "more than the cap", the paginator's other branch.
    for cap in (10_000, 7):
        monkeypatch.setattr(CappedPaginator, "cap", cap)
        for q, sort in searches:
            criteria = PersonFilter(q=q, sort=sort)
            expected = list(search(province_user, criteria).values_list("pk", flat=True))
            paginator = CappedPaginator(search(province_user, criteria), 5)
            assert paginator.count == min(len(expected), cap + 1), (q, sort)
            pages = min(paginator.num_pages, 4)
            found = [p.pk for n in range(1, pages + 1) for p in paginator.page(n)]
            assert found == expected[: len(found)], (q, sort)
            assert len(found) == min(len(expected), pages * 5, cap + 1)


NAME_ORDER_SQLITE = '"registry_person"."nama" COLLATE "jaring_nama"'


def test_name_search_with_few_matches_is_not_ordered_by_the_indexed_column(
    registry, province_user, client
):
    client.force_login(province_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registry:list") + "?q=muhammad")
    assert response.status_code == 200
    person_queries = [q["sql"] for q in queries if 'FROM "registry_person"' in q["sql"]]
    count, page = person_queries[0], person_queries[1]
    # The capped count needs no order; the page sorts the matches once they are found.
    assert "COUNT(*)" in count and "ORDER BY" not in count
    if connection.vendor == "sqlite":  # no planner to mislead: the names' own collation
        assert f'ORDER BY {NAME_ORDER_SQLITE} ASC, "registry_person"."id" ASC' in page
    else:
        assert 'ORDER BY ("registry_person"."nama" || \'\') ASC, "registry_person"."id" ASC' in page


def test_list_without_a_name_keeps_its_indexed_order(registry, province_user, client):
    # The province's whole list is "more than the cap": walking the name index is right.
    client.force_login(province_user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("registry:list"))
    page = [q["sql"] for q in queries if 'FROM "registry_person"' in q["sql"]][1]
    name = NAME_ORDER_SQLITE if connection.vendor == "sqlite" else '"registry_person"."nama"'
    assert f'ORDER BY {name} ASC, "registry_person"."id" ASC' in page


def test_two_letter_words_find_every_key_containing_them(registry, province_user):
    # On PostgreSQL a regular expression lets the trigram index answer these, beside LIKE.
    keys = Person.objects.values_list("nama_kunci", flat=True)
    # Whole two-letter words and pieces from inside longer ones.
    words = {w[i : i + 2] for key in keys for w in key.split() for i in range(len(w) - 1)}
    # The query is keyed like the names ("st" is a title and drops out): keep words
    # whose key is themselves.
    words = {w for w in words if search_key_one(w) == w}
    assert len(words) > 10
    for word in sorted(words):
        found = set(search(province_user, PersonFilter(q=word)).values_list("pk", flat=True))
        contains = Person.objects.golden().filter(nama_kunci__contains=word)
        assert found == set(contains.values_list("pk", flat=True)), word
        assert found, word
