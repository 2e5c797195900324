"""A role that sees NIKs masked cannot confirm a NIK by searching for it: an exact NIK
finds nothing for it, exactly as an unknown NIK does, on every search box over NIKs
(registry page and API, programme lists); sorting by NIK is not offered to it either.
Searches by digits are limited per user (429 in Indonesian beyond the limit) and logged
as a keyed hash of the whole query, never as the masked or the whole NIK."""

import pytest
from django.test import override_settings
from django.urls import reverse
from web_world import BPN_NIK

from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessAction, AccessLog

pytestmark = pytest.mark.django_db

MASKED = ["pimpinan", "keuangan"]
UNKNOWN_NIK = "6471010505850099"
# Budi Santoso's NIK with the eight hidden digits guessed: the ninth guess is his.
GUESSES = [f"6471{day:02d}0505850001"[:16] for day in range(2, 10)] + [BPN_NIK]


def found(client, url, **params) -> list[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [row[0].pk for row in response.context["rows"]]


@pytest.mark.parametrize("role", MASKED)
def test_masked_role_finds_nothing_by_a_nik_it_may_not_see_whole(world, role):
    client = world.client(role)
    url = reverse("registry:list")

    answers = [found(client, url, q=guess) for guess in GUESSES]

    assert answers == [[]] * len(GUESSES)
    assert found(client, url, q=UNKNOWN_NIK) == []
    # The person is in the role's scope: the name finds them.
    assert world.persons["bpn"].pk in found(client, url, q="Budi Santoso")


def test_full_identity_role_still_finds_a_person_by_nik(world):
    client = world.client("verifikator")

    assert found(client, reverse("registry:list"), q=BPN_NIK) == [world.persons["bpn"].pk]


@pytest.mark.parametrize("role", MASKED)
def test_partial_digits_answer_the_same_whatever_the_digits(world, role):
    client = world.client(role)
    url = reverse("registry:list")

    right = found(client, url, q=BPN_NIK[:12])
    wrong = found(client, url, q="647199999999")

    assert right == wrong


@pytest.mark.parametrize("role", MASKED)
def test_masked_role_cannot_sort_by_nik(world, role):
    client = world.client(role)
    url = reverse("registry:list")

    assert found(client, url, urut="nik") == found(client, url)
    assert found(client, url, urut="-nik") == found(client, url)


def test_api_search_answers_the_same_for_a_known_and_an_unknown_nik(world):
    client = world.client("pimpinan")
    url = "/api/v1/pekerja"

    known = client.get(url, {"q": BPN_NIK}).json()
    unknown = client.get(url, {"q": UNKNOWN_NIK}).json()

    assert known == unknown
    assert known["jumlah"] == 0
    assert client.get(url, {"q": "Budi"}).json()["jumlah"] >= 1
    assert world.client("verifikator").get(url, {"q": BPN_NIK}).json()["jumlah"] == 1


@pytest.mark.parametrize("view", ["programs:selection", "programs:beneficiaries"])
def test_programme_lists_find_nothing_by_nik_for_a_masked_role(world, view):
    url = reverse(view, args=[world.programs["bpn"].pk])

    def count(role, q):
        response = world.client(role).get(url, {"q": q})
        assert response.status_code == 200
        return response.context["page"].paginator.count

    assert count("pengelola_kota", BPN_NIK) == 1
    assert count("pimpinan", BPN_NIK) == count("pimpinan", UNKNOWN_NIK) == 0


def test_search_is_logged_as_a_keyed_hash_of_the_whole_query(world):
    world.client("pimpinan").get(reverse("registry:list"), {"q": BPN_NIK})
    world.client("pimpinan").get(reverse("registry:list"), {"q": "6471 0105 0585 0001"})

    details = list(
        AccessLog.objects.filter(action=AccessAction.SEARCH_NIK).values_list("detail", flat=True)
    )
    assert details == [nik_log_detail(BPN_NIK)] * 2
    assert details[0].startswith("hmac-sha256:") and len(details[0]) == 12 + 64
    assert "6471" not in details[0] and "0001" not in details[0]
    assert nik_log_detail(UNKNOWN_NIK) != details[0]


def test_administrator_finds_the_searches_for_a_nik_in_the_access_log(world):
    world.client("pimpinan").get(reverse("registry:list"), {"q": BPN_NIK})
    world.client("pimpinan").get(reverse("registry:list"), {"q": UNKNOWN_NIK})

    page = world.client("admin").get(reverse("access_log"), {"nik": BPN_NIK})

    assert [e.detail for e in page.context["page"]] == [nik_log_detail(BPN_NIK)]


@override_settings(JARING_NIK_SEARCH={"LIMIT": 3, "WINDOW_SECONDS": 600, "LOG_KEY": ""})
def test_repeated_nik_searches_are_refused_beyond_the_limit(world):
    client = world.client("verifikator")
    url = reverse("registry:list")

    statuses = [client.get(url, {"q": guess}).status_code for guess in GUESSES[:5]]
    api = client.get("/api/v1/pekerja", {"q": BPN_NIK})
    by_name = client.get(url, {"q": "Budi"})

    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get(url, {"q": BPN_NIK})
    assert refused.status_code == 429
    assert "Terlalu banyak pencarian NIK" in refused.content.decode()
    assert api.status_code == 429 and "Terlalu banyak" in api.json()["detail"]
    assert by_name.status_code == 200  # names are not limited
    # Every attempt is logged, the refused ones too.
    assert AccessLog.objects.filter(action=AccessAction.SEARCH_NIK).count() == 7
    other = world.client("operator").get(url, {"q": BPN_NIK})
    assert other.status_code == 200  # the limit is per user


@override_settings(JARING_NIK_SEARCH={"LIMIT": 3, "WINDOW_SECONDS": 600, "LOG_KEY": "k2"})
def test_log_key_setting_changes_the_hash(world):
    world.client("verifikator").get(reverse("registry:list"), {"q": BPN_NIK})

    with override_settings(JARING_NIK_SEARCH={"LIMIT": 3, "WINDOW_SECONDS": 600, "LOG_KEY": ""}):
        default = nik_log_detail(BPN_NIK)
    assert AccessLog.objects.get().detail == nik_log_detail(BPN_NIK) != default
