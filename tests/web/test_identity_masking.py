"""NIK and birth date are masked for roles whose work does not need them (finance,
leadership) and shown in full to the roles that enter, check, decide on or register
them."""

import re

import pytest
from django.urls import reverse
from web_world import BPN_NIK, USERS

pytestmark = pytest.mark.django_db

MASKED_ROLES = ["keuangan", "pimpinan"]
FULL_ROLES = ["operator", "verifikator", "pengelola_kota", "pengelola_prov", "bpjs", "admin"]

# Budi Santoso, born 05-05-1985, submitted by DKP-6471: in scope for every role above.
BPN_NIK_MASKED = "6471********0001"
BPN_BIRTH_FULL = "05-05-1985"
BPN_BIRTH_MASKED = "**-**-1985"
SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
FULL_DATE = re.compile(r"(?<![\d*])\d{2}-\d{2}-\d{4}(?!\d)")


def person_pages(world):
    return {
        "list": reverse("registry:list"),
        "detail": reverse("registry:detail", args=[world.persons["bpn"].pk]),
    }


def test_every_role_is_either_masked_or_full():
    assert sorted(MASKED_ROLES + FULL_ROLES) == sorted(USERS)


@pytest.mark.parametrize("role", MASKED_ROLES)
@pytest.mark.parametrize("page", ["list", "detail"])
def test_masked_role_sees_masked_nik_and_birth_year_only(world, role, page):
    html = world.client(role).get(person_pages(world)[page]).content.decode()

    assert BPN_NIK_MASKED in html
    assert BPN_BIRTH_MASKED in html
    assert BPN_NIK not in html
    assert BPN_BIRTH_FULL not in html


@pytest.mark.parametrize("role", MASKED_ROLES)
@pytest.mark.parametrize("page", ["list", "detail"])
def test_masked_role_page_holds_no_full_nik_or_birth_date_at_all(world, role, page):
    """Not just Budi's: no 16-digit number and no full date of birth anywhere in the
    page (the list holds four persons, the detail page its source records too)."""
    response = world.client(role).get(person_pages(world)[page])
    html = response.content.decode()

    assert SIXTEEN_DIGITS.findall(html) == []
    # Dates of registration (dd-mm-yyyy hh:mm) are not birth dates; drop them first.
    without_timestamps = re.sub(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", "", html)
    assert FULL_DATE.findall(without_timestamps) == []


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_masked_role_nik_search_finds_nobody_as_for_an_unknown_nik(world, role):
    # Finding the person would confirm a NIK the role may not see (test_nik_search.py).
    response = world.client(role).get(reverse("registry:list"), {"q": BPN_NIK})

    assert response.context["page"].paginator.count == 0
    assert BPN_NIK_MASKED not in response.content.decode()


@pytest.mark.parametrize("role", FULL_ROLES)
@pytest.mark.parametrize("page", ["list", "detail"])
def test_role_that_needs_identity_sees_full_nik_and_birth_date(world, role, page):
    html = world.client(role).get(person_pages(world)[page]).content.decode()

    assert BPN_NIK in html
    assert BPN_BIRTH_FULL in html
    assert BPN_NIK_MASKED not in html
    assert BPN_BIRTH_MASKED not in html


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_masked_role_submission_page_quotes_no_identity_values(world, role):
    url = reverse("intake:detail", args=[world.submissions["bpn"].nomor])
    html = world.client(role).get(url).content.decode()

    assert "647101050585001" not in html  # row 5's 15-digit NIK
    assert "07-06-1986" not in html  # row 8's birth date


# --- Programme lists: Budi is selected and a beneficiary of Balikpapan's programme ----


def programme_pages(world):
    program = world.programs["bpn"]
    return {
        "selection": reverse("programs:selection", args=[program.pk]),
        "beneficiaries": reverse("programs:beneficiaries", args=[program.pk]),
    }


@pytest.mark.parametrize("role", MASKED_ROLES)
@pytest.mark.parametrize("page", ["selection", "beneficiaries"])
def test_masked_role_sees_programme_lists_masked(world, role, page):
    html = world.client(role).get(programme_pages(world)[page]).content.decode()

    assert BPN_NIK_MASKED in html
    assert BPN_BIRTH_MASKED in html
    assert SIXTEEN_DIGITS.findall(html) == []
    without_timestamps = re.sub(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", "", html)
    assert FULL_DATE.findall(without_timestamps) == []


@pytest.mark.parametrize("role", [r for r in FULL_ROLES if r != "operator"])
@pytest.mark.parametrize("page", ["selection", "beneficiaries"])
def test_role_that_needs_identity_sees_programme_lists_in_full(world, role, page):
    html = world.client(role).get(programme_pages(world)[page]).content.decode()

    assert BPN_NIK in html
    assert BPN_BIRTH_FULL in html
    assert BPN_NIK_MASKED not in html
