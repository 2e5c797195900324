"""The Kemendagri reference load: complete, parent-first, set-based and idempotent.

The session fixture in tests/conftest.py has already loaded the real package, so these
tests check what `jaring init` leaves in the database and what a second run does.
"""

import pytest
from django.db.models import F

from jaring.wilayah import services
from jaring.wilayah.models import KodeBps, MuatanReferensi, Tingkat, Wilayah
from jaring.wilayah.queries import kabupaten_kota, prefix_range
from jaring.wilayah.services import (
    ReferenceDataError,
    _rows_from_source,
    ensure_reference_data,
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
    # Reads and compares, plus the fingerprint row and its two counts.
    with django_assert_max_num_queries(14):
        counts = load_reference_data()
    assert counts["wilayah_baru"] == 0
    assert counts["wilayah_diperbarui"] == 0
    assert counts["wilayah_usang"] == 0
    assert counts["kode_bps_ditulis"] == 0
    assert counts["desa_kelurahan"] == 83762
    assert snapshot() == before
    assert list(KodeBps.objects.values_list("pk", "wilayah", "kode_bps")) == bps_before


def test_unchanged_sources_are_not_read_again(django_assert_max_num_queries):
    """`jaring init` on a database holding this very load: a fingerprint and two
    counts, not 90,000 regions read and compared."""
    recorded = MuatanReferensi.objects.get()
    assert recorded.jumlah_wilayah == Wilayah.objects.count() == 91599
    with django_assert_max_num_queries(3):
        assert ensure_reference_data() is None


def test_a_region_deleted_since_the_load_makes_init_load_again():
    Wilayah.objects.filter(kode="64.71.01.1001").delete()
    counts = ensure_reference_data()
    assert counts is not None and counts["wilayah_baru"] == 1
    assert Wilayah.objects.filter(kode="64.71.01.1001").exists()
    assert ensure_reference_data() is None


def test_a_new_loader_or_source_makes_init_load_again(monkeypatch):
    """A release whose loader or sources differ (here: the loader's version) reloads
    once, then is quiet again."""
    monkeypatch.setattr(services, "LOADER_VERSION", services.LOADER_VERSION + "-next")
    assert MuatanReferensi.objects.get().sidik != services.reference_fingerprint()
    counts = ensure_reference_data()
    assert counts is not None and counts["wilayah_baru"] == 0
    assert MuatanReferensi.objects.get().sidik == services.reference_fingerprint()
    assert ensure_reference_data() is None


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
