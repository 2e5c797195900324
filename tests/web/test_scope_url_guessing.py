"""A Balikpapan operator never sees a Samarinda person, not by guessing URLs, ids,
submission numbers or filters either."""

import pytest
from django.urls import reverse
from intake_samples import write_csv
from web_world import BPN2_ROWS, BPN_NIK, SMD_NAME, SMD_NIK

from jaring.accounts.models import AccessLog
from jaring.intake.models import Submission
from jaring.intake.services import intake_file
from jaring.registry.models import Person, SourceRecord

pytestmark = pytest.mark.django_db


def test_operator_gets_404_for_every_person_id_its_agency_did_not_submit(world):
    client = world.client("operator")
    own_ids = set(
        SourceRecord.objects.filter(agency=world.agencies["bpn"]).values_list(
            "person_id", flat=True
        )
    )
    all_ids = list(Person.objects.values_list("pk", flat=True))
    guesses = [*all_ids, max(all_ids) + 1, 0]

    statuses = {pk: client.get(reverse("registry:detail", args=[pk])).status_code for pk in guesses}

    assert {pk for pk, status in statuses.items() if status == 200} == own_ids
    assert {status for pk, status in statuses.items() if pk not in own_ids} == {404}
    samarinda = Person.objects.filter(wilayah__kode__startswith="64.72.").values_list(
        "pk", flat=True
    )
    assert samarinda  # the world has Samarinda persons, and each one was refused
    assert all(statuses[pk] == 404 for pk in samarinda)
    # Only the persons shown were logged as viewed.
    logged = set(AccessLog.objects.values_list("target", flat=True))
    assert logged == {f"pekerja:{pk}" for pk in own_ids}


def test_city_verifier_gets_404_for_every_person_outside_balikpapan(world):
    client = world.client("verifikator")

    for person in Person.objects.select_related("wilayah"):
        status = client.get(reverse("registry:detail", args=[person.pk])).status_code
        expected = 200 if person.wilayah_id.startswith("64.71.") else 404
        assert status == expected, person.wilayah_id


@pytest.mark.parametrize("role", ["operator", "verifikator"])
def test_every_submission_number_outside_scope_is_404(world, role):
    client = world.client(role)
    visible = {"operator": {"bpn"}, "verifikator": {"bpn", "bpn2"}}[role]
    own = {world.submissions[key].nomor for key in visible}

    for nomor in Submission.objects.values_list("nomor", flat=True):
        expected = 200 if nomor in own else 404
        detail = client.get(reverse("intake:detail", args=[nomor]))
        rejected = client.get(reverse("intake:rejected", args=[nomor]))
        partial = client.get(reverse("intake:detail", args=[nomor]), HTTP_HX_REQUEST="true")
        assert (detail.status_code, rejected.status_code, partial.status_code) == (
            expected,
            expected,
            expected,
        ), nomor


# Each guess aims at Samarinda; only the whole-province filter finds anyone, and then
# only the persons already in scope (operator: DKP-6471's three; Balikpapan roles: four).
GUESSES = {
    "nik": ({"q": SMD_NIK}, False),
    "name": ({"q": SMD_NAME}, False),
    "city": ({"wilayah": "64.72"}, False),
    "village": ({"wilayah": "64.72.01.1001"}, False),
    "agency": ({"instansi": "DINSOS-6472"}, False),
    "province": ({"wilayah": "64", "urut": "nik"}, True),
}
IN_SCOPE_COUNT = {"operator": 3, "verifikator": 4, "keuangan": 4}


@pytest.mark.parametrize("guess", GUESSES)
@pytest.mark.parametrize("role", IN_SCOPE_COUNT)
def test_registry_filters_never_widen_the_scope(world, role, guess):
    params, finds_own = GUESSES[guess]

    response = world.client(role).get(reverse("registry:list"), params)
    html = response.content.decode()
    results = html[html.index('<table id="persons">') :]  # the search box echoes the query

    assert response.status_code == 200
    assert response.context["page"].paginator.count == (IN_SCOPE_COUNT[role] if finds_own else 0)
    assert SMD_NAME not in results
    assert SMD_NIK not in results
    assert "6472********0001" not in results


def test_operator_does_not_see_a_balikpapan_person_another_agency_submitted(world):
    client = world.client("operator")
    other = world.persons["bpn2"]

    assert client.get(reverse("registry:detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("registry:list"), {"q": other.nik}).content.decode()
    assert other.nama not in listing


def test_operator_sees_a_person_once_its_agency_also_submitted_it(world, tmp_path):
    """Scope follows the submission: when DKP-6471 sends Rudi Hartono too, the operator
    may see him (and his record from the other agency), nothing else changes."""
    intake_file(
        path=write_csv(tmp_path / "ulang.csv", BPN2_ROWS[:1]),
        agency=world.agencies["bpn"],
        user=world.users["operator"],
    )
    client = world.client("operator")

    assert (
        client.get(reverse("registry:detail", args=[world.persons["bpn2"].pk])).status_code == 200
    )
    assert client.get(reverse("registry:detail", args=[world.persons["smd"].pk])).status_code == 404


def test_operator_list_holds_only_its_own_agency_persons(world):
    response = world.client("operator").get(reverse("registry:list"), {"urut": "nik"})
    niks = [p.nik for p in response.context["page"].object_list]

    assert BPN_NIK in niks
    assert niks == sorted(
        Person.objects.filter(sources__agency=world.agencies["bpn"])
        .distinct()
        .values_list("nik", flat=True)
    )
