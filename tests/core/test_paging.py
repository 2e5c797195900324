"""Counting stops at the cap, so a million-row registry never gets counted."""

import pytest

from jaring.core.paging import CappedPaginator
from jaring.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def test_count_is_exact_below_the_cap():
    regencies = Wilayah.objects.filter(tingkat=2, induk_id="64")
    paginator = CappedPaginator(regencies, 3)
    assert paginator.count == 10
    assert not paginator.capped
    assert paginator.num_pages == 4


def test_count_stops_just_past_the_cap():
    villages = Wilayah.objects.filter(tingkat=4).order_by("kode")
    paginator = CappedPaginator(villages, 50)
    assert paginator.count == CappedPaginator.cap + 1
    assert paginator.capped
    assert [w.kode for w in paginator.page(2)] == list(
        villages.values_list("kode", flat=True)[50:100]
    )
