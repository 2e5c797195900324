"""The Kemendagri ↔ BPS map of East Kalimantan's regencies and cities."""

import csv
from importlib import resources

import pytest

from jaring.wilayah.models import KodeBps, Tingkat, Wilayah
from jaring.wilayah.services import load_bps_map

pytestmark = pytest.mark.django_db

EXPECTED = {
    "64.01": "6401",
    "64.02": "6403",
    "64.03": "6405",
    "64.07": "6402",
    "64.08": "6404",
    "64.09": "6409",
    "64.11": "6411",
    "64.71": "6471",
    "64.72": "6472",
    "64.74": "6474",
}


def test_kutai_kartanegara_both_ways():
    assert KodeBps.objects.get(wilayah_id="64.02").kode_bps == "6403"
    kukar = KodeBps.objects.select_related("wilayah").get(kode_bps="6403").wilayah
    assert (kukar.kode, kukar.nama) == ("64.02", "Kabupaten Kutai Kartanegara")


def test_map_covers_all_ten_regencies_and_cities():
    assert dict(KodeBps.objects.values_list("wilayah_id", "kode_bps")) == EXPECTED
    regencies = set(
        Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA, induk="64").values_list(
            "kode", flat=True
        )
    )
    assert regencies == set(EXPECTED)


def test_shipped_file_names_agree_with_the_reference_data():
    source = resources.files("jaring.wilayah") / "data" / "kode_bps_kaltim.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [*rows[0]] == ["kode_wilayah", "kode_bps", "nama"]
    for row in rows:
        assert Wilayah.objects.get(kode=row["kode_wilayah"]).nama == row["nama"]


def test_swapped_codes_are_repaired():
    KodeBps.objects.filter(wilayah_id__in=["64.01", "64.02"]).delete()
    KodeBps.objects.create(wilayah_id="64.02", kode_bps="6401")
    KodeBps.objects.create(wilayah_id="64.01", kode_bps="6403")
    counts = load_bps_map()
    assert counts == {"kode_bps": 10, "kode_bps_ditulis": 2}
    assert dict(KodeBps.objects.values_list("wilayah_id", "kode_bps")) == EXPECTED
