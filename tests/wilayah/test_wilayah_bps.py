"""The Kemendagri ↔ BPS map: East Kalimantan from the official table, West Sulawesi
derived from BPS's names, every other province by BPS's usual numbering."""

import csv
from importlib import resources

import pytest

from jaring.wilayah.models import AsalKodeBps, KodeBps, Tingkat, Wilayah
from jaring.wilayah.services import derive_bps_map, load_bps_map
from jaring.wilayah.sources import ReferenceDataError

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


def kaltim_map():
    return dict(
        KodeBps.objects.filter(wilayah__induk_id="64").values_list("wilayah_id", "kode_bps")
    )


def test_map_covers_all_ten_regencies_and_cities():
    assert kaltim_map() == EXPECTED
    assert set(KodeBps.objects.filter(wilayah__induk_id="64").values_list("asal", flat=True)) == {
        AsalKodeBps.RESMI
    }
    regencies = set(
        Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA, induk="64").values_list(
            "kode", flat=True
        )
    )
    assert regencies == set(EXPECTED)


def test_shipped_file_names_agree_with_the_reference_data():
    source = resources.files("jaring.wilayah") / "data" / "kode_bps.csv"
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
    assert counts["kode_bps_ditulis"] == 2
    assert counts["kode_bps_resmi"] == 10
    assert kaltim_map() == EXPECTED
    assert load_bps_map()["kode_bps_ditulis"] == 0


# BPS numbers West Sulawesi's regencies in another order than Kemendagri does.
SULBAR = {
    "76.05": "7601",  # Majene
    "76.04": "7602",  # Polewali Mandar
    "76.03": "7603",  # Mamasa
    "76.02": "7604",  # Mamuju
    "76.01": "7605",  # Pasangkayu (formerly Mamuju Utara)
    "76.06": "7606",  # Mamuju Tengah
}


def test_every_regency_of_every_province_has_a_bps_code():
    regencies = Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA)
    assert regencies.count() > 500
    assert not regencies.filter(kode_bps__isnull=True).exists()


def test_west_sulawesi_is_derived_from_bps_names_not_assumed():
    derived = dict(
        KodeBps.objects.filter(wilayah__induk_id="76").values_list("wilayah_id", "kode_bps")
    )
    assert derived == SULBAR
    assert set(KodeBps.objects.filter(wilayah__induk_id="76").values_list("asal", flat=True)) == {
        AsalKodeBps.NAMA
    }
    # Elsewhere BPS's usual numbering is assumed, and marked so.
    assert KodeBps.objects.get(wilayah_id="65.01").kode_bps == "6501"
    assert KodeBps.objects.get(wilayah_id="65.01").asal == AsalKodeBps.KODE


REGENCIES = {
    "76": {"76.01": "Kabupaten Pasangkayu", "76.02": "Kabupaten Mamuju",
           "76.05": "Kabupaten Majene"},
    "32": {"32.04": "Kabupaten Bandung", "32.73": "Kota Bandung"},
}  # fmt: skip


def test_derivation_by_name_tolerates_how_bps_writes_names():
    names = {"7601": "MAJENE", "7604": "Kab. Mamuju", "7605": "Pasang Kayu"}
    derived = derive_bps_map(REGENCIES, {}, names, {"76": "Sulawesi Barat"})
    assert {k: v for k, v in derived.items() if k.startswith("76")} == {
        "76.05": ("7601", "nama"),
        "76.02": ("7604", "nama"),
        "76.01": ("7605", "nama"),
    }
    # A province without a BPS list: the usual numbering, marked as assumed.
    assert derived["32.73"] == ("3273", "kode")


def test_official_table_wins_over_names_and_numbering():
    derived = derive_bps_map(REGENCIES, {"32.04": "3204", "32.73": "3273"}, {}, {})
    assert derived["32.04"] == ("3204", "resmi")
    # An assumed code never takes a code the table or the names already gave.
    derived = derive_bps_map(REGENCIES, {"76.02": "7601"}, {}, {})
    assert derived["76.02"] == ("7601", "resmi")
    assert "76.01" not in derived  # its usual number 7601 is Mamuju's here
    assert derived["76.05"] == ("7605", "kode")


@pytest.mark.parametrize(
    ("names", "reason"),
    [
        ({"7601": "Mamuju Selatan Raya"}, "tidak ditemukan"),
        ({"7601": "Mamuju", "7602": "Kab Mamuju"}, "sama-sama dibaca sebagai Kabupaten Mamuju"),
    ],
)
def test_a_packaged_name_list_that_does_not_match_stops_the_load(names, reason):
    with pytest.raises(ReferenceDataError, match=reason):
        derive_bps_map(REGENCIES, {}, names, {"76": "Sulawesi Barat"})
