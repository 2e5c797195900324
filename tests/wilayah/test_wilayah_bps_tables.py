"""BPS labour-force tables for any province, as BPS publishes them: rows named by BPS
code or by regency name (bare, "Kab.", "KOTA", misspelt), matched to Kemendagri within
the province; anything unmatched or ambiguous refused row by row, nothing written."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jaring.wilayah.models import AngkatanKerja
from jaring.wilayah.services import AngkatanKerjaError, import_angkatan_kerja

pytestmark = pytest.mark.django_db


def write(tmp_path, text, name="bps.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored():
    return dict(AngkatanKerja.objects.values_list("wilayah_id", "angkatan_kerja"))


# Sulawesi Barat as BPS's provincial table prints it: bare names, the province's total
# last. Kemendagri numbers these regencies in another order (Majene is 76.05).
SULBAR_BY_NAME = """Kabupaten/Kota,Tahun,Angkatan Kerja,Bekerja
Majene,2024,88120,85010
Polewali Mandar,2024,230400,222000
Mamasa,2024,90210,88000
Mamuju,2024,160300,153900
Mamuju Utara,2024,95000,91000
Mamuju Tengah,2024,70100,68000
Sulawesi Barat,2024,734130,707910
"""
SULBAR = {"76.05": 88120, "76.04": 230400, "76.03": 90210, "76.02": 160300,
          "76.01": 95000, "76.06": 70100}  # fmt: skip


def test_west_sulawesi_by_name_as_bps_prints_it(tmp_path):
    result = import_angkatan_kerja(write(tmp_path, SULBAR_BY_NAME), provinsi="76")
    assert (result.baris, result.ditambahkan, result.dilewati) == (6, 6, 1)
    assert stored() == SULBAR


def test_west_sulawesi_by_bps_code(tmp_path):
    text = "kode_bps,tahun,angkatan_kerja\n" + "".join(
        f"{bps},2024,{n}\n"
        for bps, n in [("7601", 88120), ("7602", 230400), ("7603", 90210), ("7604", 160300),
                       ("7605", 95000), ("7606", 70100), ("7600", 734130)]
    )  # fmt: skip
    result = import_angkatan_kerja(write(tmp_path, text))
    assert (result.baris, result.dilewati) == (6, 1)
    assert stored() == SULBAR


def test_kaltim_by_name_with_prefixes_case_spacing_and_a_misspelling(tmp_path):
    text = (
        "Nama Kabupaten/Kota;Tahun;Angkatan Kerja\n"
        "Kab. Paser;2024;150000\n"
        "KABUPATEN  KUTAI   KARTANAGARA;2024;400000\n"  # misspelt, capitals, spaces
        "Kab Berau;2024;130000\n"
        "kutai barat;2024;90000\n"
        "Kota Balikpapan;2024;380000\n"
        "Samarinda;2024;450000\n"  # bare: no Kabupaten Samarinda, so the city
        "Provinsi Kalimantan Timur;2024;1600000\n"
    )
    # No --provinsi: the names point to East Kalimantan.
    result = import_angkatan_kerja(write(tmp_path, text))
    assert (result.baris, result.dilewati) == (6, 1)
    assert stored() == {"64.01": 150000, "64.02": 400000, "64.03": 130000, "64.07": 90000,
                        "64.71": 380000, "64.72": 450000}  # fmt: skip
    assert result.dibaca_mirip == (
        (3, "KABUPATEN  KUTAI   KARTANAGARA", "Kabupaten Kutai Kartanegara"),
    )


def test_kaltim_by_code_and_name_must_agree(tmp_path):
    text = "kode_bps,kabupaten_kota,tahun,angkatan_kerja\n6403,Kutai Kartanegara,2024,400000\n"
    import_angkatan_kerja(write(tmp_path, text))
    assert stored() == {"64.02": 400000}


# Deliberate mismatches, one per row after the good first row.
BAD_SULBAR = """Kabupaten/Kota,Tahun,Angkatan Kerja
Majene,2024,88120
Mamuju Selatan,2024,1000
Kota Mamuju,2024,1000
Kab. Polewali Mandr,2024,1000
Kab. Majene,2024,1000
,2024,1000
"""


def test_mismatched_names_are_listed_row_by_row_and_nothing_is_loaded(tmp_path):
    with pytest.raises(AngkatanKerjaError) as caught:
        import_angkatan_kerja(write(tmp_path, BAD_SULBAR), provinsi="76")
    reasons = dict(caught.value.errors)
    assert set(reasons) == {3, 4, 6, 7}  # row 5 is only misspelt: read as Polewali Mandar
    assert "'Mamuju Selatan' tidak ditemukan di Provinsi Sulawesi Barat" in reasons[3]
    assert "Yang paling mirip: Kabupaten Mamuju Tengah" in reasons[3]
    assert "tidak ada 'Kota Mamuju'; yang ada Kabupaten Mamuju" in reasons[4]
    assert "Kabupaten Majene tahun 2024 sudah ada di baris 2" in reasons[6]
    assert "nama kabupaten/kota kosong" in reasons[7]
    assert "4 baris bermasalah" in str(caught.value)
    assert AngkatanKerja.objects.count() == 0


def test_code_and_name_that_disagree_or_leave_the_province_are_refused(tmp_path):
    text = (
        "kode_bps,nama,tahun,angkatan_kerja\n"
        "7601,Majene,2024,88120\n"
        "7604,Majene,2024,1000\n"  # 7604 is Mamuju
        "6403,,2024,1000\n"  # Kutai Kartanegara: another province
        "7699,,2024,1000\n"
    )
    with pytest.raises(AngkatanKerjaError) as caught:
        import_angkatan_kerja(write(tmp_path, text), provinsi="76")
    reasons = dict(caught.value.errors)
    assert "kode BPS 7604 adalah Kabupaten Mamuju, tetapi nama tertulis 'Majene'" in reasons[3]
    assert (
        "kode BPS 6403 adalah Kabupaten Kutai Kartanegara, di luar Provinsi Sulawesi Barat"
        in (reasons[4])
    )
    assert "kode BPS '7699' tidak dikenal" in reasons[5]
    assert AngkatanKerja.objects.count() == 0


def test_a_name_two_regencies_share_is_refused_unless_the_file_says_which(tmp_path):
    ambiguous = "kabupaten_kota,tahun,angkatan_kerja\nBandung,2024,1000\n"
    with pytest.raises(AngkatanKerjaError, match="lebih dari satu kabupaten/kota") as caught:
        import_angkatan_kerja(write(tmp_path, ambiguous), provinsi="32")
    assert "Kabupaten Bandung, Kota Bandung" in str(caught.value)
    # BPS's way: the city says "Kota", so the bare name is the regency.
    both = ambiguous + "Kota Bandung,2024,2000\n"
    import_angkatan_kerja(write(tmp_path, both, "jabar.csv"), provinsi="32")
    assert stored() == {"32.04": 1000, "32.73": 2000}


def test_names_without_a_province_to_match_in_are_refused(tmp_path):
    with pytest.raises(AngkatanKerjaError, match="Provinsi '99' tidak dikenal"):
        import_angkatan_kerja(write(tmp_path, SULBAR_BY_NAME), provinsi="99")
    nowhere = "kabupaten_kota,tahun,angkatan_kerja\nAtlantis,2024,1000\n"
    with pytest.raises(AngkatanKerjaError, match="sebutkan provinsinya"):
        import_angkatan_kerja(write(tmp_path, nowhere))


def test_command_by_name_lists_what_it_read_and_exits_2_on_mismatches(tmp_path, capsys):
    text = SULBAR_BY_NAME.replace("Polewali Mandar", "Kab. Polewali Mandr")
    call_command("wilayah", "angkatan-kerja", str(write(tmp_path, text)), "--provinsi", "76")
    out = capsys.readouterr().out
    assert "6 baris" in out and "1 baris jumlah provinsi dilewati" in out
    assert "Baris 3: 'Kab. Polewali Mandr' dibaca sebagai Kabupaten Polewali Mandar." in out
    with pytest.raises(CommandError) as caught:
        call_command(
            "wilayah", "angkatan-kerja", str(write(tmp_path, BAD_SULBAR, "b.csv")),
            "--provinsi", "76",
        )  # fmt: skip
    assert caught.value.returncode == 2
    assert "Baris 4:" in str(caught.value)


def test_kaltim_mismatches_by_name_and_by_code_are_listed_row_by_row(tmp_path):
    by_name = (
        "Kabupaten/Kota;Tahun;Angkatan Kerja\n"
        "Kab. Paser;2024;150000\n"
        "Kab. Kutai Kartanagara;2024;400000\n"  # misspelt but close: read
        "Kab. Kutai Baratimur;2024;1000\n"  # too far from both Kutai Barat and Kutai Timur
        "Kota Tenggarong;2024;1000\n"  # a town, not a regency or city
        "Kabupaten Balikpapan;2024;1000\n"  # Balikpapan is a city
    )
    with pytest.raises(AngkatanKerjaError) as caught:
        import_angkatan_kerja(write(tmp_path, by_name), provinsi="64")
    reasons = dict(caught.value.errors)
    assert set(reasons) == {4, 5, 6}
    assert "'Kab. Kutai Baratimur' tidak ditemukan di Provinsi Kalimantan Timur" in reasons[4]
    assert "Yang paling mirip: Kabupaten Kutai" in reasons[4]
    assert "'Kota Tenggarong' tidak ditemukan" in reasons[5]
    assert "tidak ada 'Kabupaten Balikpapan'; yang ada Kota Balikpapan" in reasons[6]

    by_code = "kode_bps,nama,tahun,angkatan_kerja\n6401,Paser,2024,1\n6402,Kab. Kutai Kartanegara,2024,1\n6499,,2024,1\n"
    with pytest.raises(AngkatanKerjaError) as caught:
        import_angkatan_kerja(write(tmp_path, by_code, "kode.csv"))
    reasons = dict(caught.value.errors)
    # BPS 6402 is Kutai Barat: a Kemendagri-numbered file is caught by its names.
    assert "kode BPS 6402 adalah Kabupaten Kutai Barat, tetapi nama tertulis" in reasons[3]
    assert "kode BPS '6499' tidak dikenal" in reasons[4]
    assert set(reasons) == {3, 4}
    assert AngkatanKerja.objects.count() == 0
