"""``registry.queries.person_by_identity``: the worker's own door finds a golden record
by NIK and birth date, and one ``None`` for every kind of mismatch."""

import datetime as dt

import pytest
from django.utils import timezone

from jaring.registry.models import Person
from jaring.registry.queries import person_by_identity

pytestmark = pytest.mark.django_db
BORN = dt.date(1985, 6, 1)


def person(nik: str, born=BORN, **fields) -> Person:
    now = timezone.now()
    return Person.objects.create(
        nik=nik, nama="Siti Aminah", tanggal_lahir=born, jenis_kelamin="P",
        wilayah_id="64.71.01.1001", pekerjaan_id="ojek", created_at=now, updated_at=now, **fields,
    )  # fmt: skip


def test_both_matching_find_the_person_as_date_or_text():
    siti = person("6471014106850001")
    assert person_by_identity("6471014106850001", BORN) == siti
    assert person_by_identity(" 6471014106850001 ", "1985-06-01") == siti


def test_a_merged_duplicates_nik_reaches_the_survivor_only_with_the_survivors_date():
    survivor = person("6471014106850001")
    person("6471014106850010", born=dt.date(1985, 6, 2), merged_into=survivor)
    assert person_by_identity("6471014106850010", BORN) == survivor
    # The duplicate's own (mistyped) birth date does not open the survivor.
    assert person_by_identity("6471014106850010", dt.date(1985, 6, 2)) is None


@pytest.mark.parametrize(
    ("nik", "born"),
    [
        ("6471014106850001", dt.date(1985, 6, 2)),  # wrong date
        ("6471014106850001", "1985-02-30"),  # impossible date
        ("6471014106850001", "01-06-1985"),  # another format
        ("6471014106850001", None),
        ("6471014106850001", 19850601),
        ("6471014106850009", BORN),  # unknown NIK
        ("647101410685000", BORN),  # 15 digits
        ("64710141068500011", BORN),  # 17 digits
        ("647101410685000A", BORN),
        ("６４７１０１４１０６８５０００１", BORN),  # full-width digits
        ("", BORN),
        (None, BORN),
    ],
)
def test_every_mismatch_is_none(nik, born):
    person("6471014106850001")
    assert person_by_identity(nik, born) is None
