"""Code-prefix scoping: exactly the regions inside a code, on any field name."""

import pytest

from jaring.wilayah.models import Tingkat, Wilayah
from jaring.wilayah.queries import (
    _like_prefix,
    _range_prefix,
    dalam_wilayah,
    kabupaten_kota,
    kode_induk,
    kode_leluhur,
    kode_set,
    prefix_range,
    tingkat_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def all_codes(django_db_blocker):
    with django_db_blocker.unblock():
        return list(Wilayah.objects.values_list("kode", flat=True))


def sample_regions(all_codes):
    provinces = [k for k in all_codes if len(k) == 2]
    regencies = [k for k in all_codes if len(k) == 5 and k.startswith("64.")]
    districts = [k for k in all_codes if len(k) == 8][::700]
    villages = ["64.71.01.1001"]
    return provinces + regencies + districts + villages


def test_prefix_range_selects_exactly_the_codes_inside(all_codes):
    for kode in sample_regions(all_codes):
        expected = {k for k in all_codes if k.startswith(kode + ".")}
        for build in (_range_prefix, _like_prefix):
            got = set(Wilayah.objects.filter(build(kode, "kode")).values_list("kode", flat=True))
            assert got == expected, (kode, build.__name__)


def test_prefix_range_default_backend_and_include_self():
    inside = set(Wilayah.objects.filter(prefix_range("64.71")).values_list("kode", flat=True))
    assert "64.71" not in inside
    assert "64.71.01.1001" in inside
    assert not any(k.startswith(("64.72", "64.74", "64.7.")) for k in inside)
    assert len(inside) == 6 + 34  # districts and villages of Balikpapan
    with_self = dalam_wilayah("64.71")
    assert set(with_self.values_list("kode", flat=True)) == inside | {"64.71"}


def test_a_shorter_code_does_not_match_longer_siblings():
    # '64.7' is no region, but as a raw range it must not reach 64.71…, nor '1' reach 11…
    assert not Wilayah.objects.filter(_range_prefix("64.7", "kode")).exists()
    assert not Wilayah.objects.filter(_range_prefix("1", "kode")).exists()
    assert not Wilayah.objects.filter(_like_prefix("64.7", "kode")).exists()


@pytest.mark.parametrize("kode", ["64.7", "6", "", "64.71.", "64-71", "64.71.01.101"])
def test_prefix_range_rejects_malformed_codes(kode):
    with pytest.raises(ValueError):
        prefix_range(kode)


def test_prefix_range_on_a_foreign_key():
    via_fk = set(
        Wilayah.objects.filter(prefix_range("64.71", field="induk")).values_list("kode", flat=True)
    )
    villages = set(
        Wilayah.objects.filter(prefix_range("64.71"), tingkat=Tingkat.DESA).values_list(
            "kode", flat=True
        )
    )
    assert via_fk == villages
    with_self = Wilayah.objects.filter(prefix_range("64.71", field="induk", include_self=True))
    assert with_self.count() == len(villages) + 6


def test_kode_set_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        provinces = kode_set(Tingkat.PROVINSI)
    assert len(provinces) == 38
    assert "64" in provinces
    villages = kode_set(Tingkat.DESA)
    assert len(villages) == 83762
    assert "64.71.01.1001" in villages
    assert "64.71.01" not in villages


def test_kabupaten_kota():
    assert list(kabupaten_kota().values_list("kode", flat=True)) == [
        "64.01", "64.02", "64.03", "64.07", "64.08",
        "64.09", "64.11", "64.71", "64.72", "64.74",
    ]  # fmt: skip
    assert kabupaten_kota("65").count() == 5  # Kalimantan Utara


def test_code_helpers():
    assert tingkat_of("64") == Tingkat.PROVINSI
    assert tingkat_of("64.71.01.1001") == Tingkat.DESA
    assert kode_induk("64.71.01.1001") == "64.71.01"
    assert kode_induk("64") is None
    assert kode_leluhur("64.71.01.1001") == ["64", "64.71", "64.71.01"]
    with pytest.raises(ValueError):
        tingkat_of("64.7")
