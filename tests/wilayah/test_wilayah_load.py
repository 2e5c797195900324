"""The Kemendagri reference load: complete, parent-first, set-based and idempotent.

The session fixture in tests/conftest.py has already loaded the real package, so these
tests check what `jaring init` leaves in the database and what a second run does.
"""

import pytest
from django.db.models import F

from jaring.wilayah.models import KodeBps, Tingkat, Wilayah
from jaring.wilayah.queries import kabupaten_kota, prefix_range
from jaring.wilayah.services import (
    ReferenceDataError,
    _rows_from_source,
    load_reference_data,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return list(Wilayah.objects.order_by("kode").values_list("kode", "nama", "tingkat", "induk"))


def test_all_levels_are_loaded():
    per_level = {
        tingkat: Wilayah.objects.filter(tingkat=tingkat).count() for tingkat in Tingkat.values
    }
    assert per_level == {1: 38, 2: 514, 3: 7285, 4: 83762}


def test_east_kalimantan_counts():
    assert kabupaten_kota("64").count() == 10
    inside = Wilayah.objects.filter(prefix_range("64"))
    assert inside.filter(tingkat=Tingkat.KECAMATAN).count() == 105
    assert inside.filter(tingkat=Tingkat.DESA).count() == 1038


def test_every_region_but_provinces_has_its_parent_as_induk():
    assert not Wilayah.objects.filter(tingkat=Tingkat.PROVINSI, induk__isnull=False).exists()
    assert not Wilayah.objects.filter(tingkat__gt=1, induk__isnull=True).exists()
    # The parent is one level up; its code is the child's code minus the last part.
    wrong_level = Wilayah.objects.filter(tingkat__gt=1).exclude(tingkat=F("induk__tingkat") + 1)
    assert not wrong_level.exists()
    children = Wilayah.objects.filter(tingkat__gt=1).values_list("kode", "induk")
    assert all(kode.rpartition(".")[0] == induk for kode, induk in children)


def test_induk_chain_of_a_village():
    village = Wilayah.objects.get(kode="64.71.01.1001")
    chain = []
    node = village
    while node is not None:
        chain.append((node.kode, node.nama, node.tingkat))
        node = node.induk
    assert chain == [
        ("64.71.01.1001", "Manggar", Tingkat.DESA),
        ("64.71.01", "Balikpapan Timur", Tingkat.KECAMATAN),
        ("64.71", "Kota Balikpapan", Tingkat.KABUPATEN_KOTA),
        ("64", "Kalimantan Timur", Tingkat.PROVINSI),
    ]


def test_second_load_changes_nothing_in_a_few_queries(django_assert_max_num_queries):
    before = snapshot()
    bps_before = list(KodeBps.objects.values_list("pk", "wilayah", "kode_bps"))
    with django_assert_max_num_queries(10):
        counts = load_reference_data()
    assert counts["wilayah_baru"] == 0
    assert counts["wilayah_diperbarui"] == 0
    assert counts["wilayah_usang"] == 0
    assert counts["kode_bps_ditulis"] == 0
    assert counts["desa_kelurahan"] == 83762
    assert snapshot() == before
    assert list(KodeBps.objects.values_list("pk", "wilayah", "kode_bps")) == bps_before


def test_load_repairs_missing_and_renamed_regions_set_based(django_assert_max_num_queries):
    before = snapshot()
    kaltim_villages = Wilayah.objects.filter(prefix_range("64"), tingkat=Tingkat.DESA)
    kaltim_villages.delete()
    Wilayah.objects.filter(kode="64.72").update(nama="Samarinda (salah)")
    KodeBps.objects.filter(wilayah="64.02").delete()

    # 1,038 inserts must be batched, not one query per row.
    with django_assert_max_num_queries(40):
        counts = load_reference_data()

    assert counts["wilayah_baru"] == 1038
    assert counts["wilayah_diperbarui"] == 1
    assert counts["kode_bps_ditulis"] == 1
    assert snapshot() == before
    assert KodeBps.objects.get(wilayah="64.02").kode_bps == "6403"


def test_regions_missing_from_the_source_are_kept_and_counted():
    Wilayah.objects.create(kode="64.99", nama="Uji", tingkat=2, induk_id="64")
    counts = load_reference_data()
    assert counts["wilayah_usang"] == 1
    assert Wilayah.objects.filter(kode="64.99").exists()


@pytest.mark.parametrize(
    "tables",
    [
        # a village code with the wrong shape
        {"villages": [("64.71.01.101", "64.71.01", "X")]},
        # a village whose parent column disagrees with its code
        {"villages": [("64.71.01.1001", "64.71.02", "X")]},
        # a district whose parent is not in the data
        {"districts": [("64.98.01", "64.98", "X")]},
        # the same code twice
        {"provinces": [("64", None, "A"), ("64", None, "B")]},
    ],
)
def test_malformed_source_is_rejected(tables):
    full = {"provinces": [("64", None, "Kalimantan Timur")], "regencies": [], "districts": []}
    full.update({"villages": []})
    full["regencies"] = [("64.71", "64", "Kota Balikpapan")]
    full["districts"] = [("64.71.01", "64.71", "Balikpapan Timur")]
    full.update(tables)
    with pytest.raises(ReferenceDataError):
        _rows_from_source(full)
