"""Labour-force import: BPS codes mapped to Kemendagri, all-or-nothing, idempotent."""

import pytest

from jaring.wilayah.models import AngkatanKerja
from jaring.wilayah.services import AngkatanKerjaError, HasilAngkatanKerja, import_angkatan_kerja

pytestmark = pytest.mark.django_db


def write(tmp_path, text, *, name="ak.csv", bom=False):
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def stored():
    return sorted(
        AngkatanKerja.objects.values_list("wilayah_id", "tahun", "angkatan_kerja", "bekerja")
    )


HAPPY = """kode_bps,tahun,angkatan_kerja,bekerja
6403,2023,412345,390001
6471,2023,350000,331000
6472,2023,470000,
"""


def test_happy_path_maps_bps_to_kemendagri(tmp_path):
    counts = import_angkatan_kerja(write(tmp_path, HAPPY), sumber="BPS Sakernas Agustus 2023")
    assert counts == HasilAngkatanKerja(baris=3, ditambahkan=3, diperbarui=0, tidak_berubah=0)
    assert stored() == [
        ("64.02", 2023, 412345, 390001),
        ("64.71", 2023, 350000, 331000),
        ("64.72", 2023, 470000, None),
    ]
    assert set(AngkatanKerja.objects.values_list("sumber", flat=True)) == {
        "BPS Sakernas Agustus 2023"
    }


def test_reimport_of_the_same_file_changes_nothing(tmp_path):
    path = write(tmp_path, HAPPY)
    import_angkatan_kerja(path, sumber="S")
    stamps = list(AngkatanKerja.objects.values_list("pk", "updated_at"))
    counts = import_angkatan_kerja(path, sumber="S")
    assert counts == HasilAngkatanKerja(baris=3, ditambahkan=0, diperbarui=0, tidak_berubah=3)
    assert list(AngkatanKerja.objects.values_list("pk", "updated_at")) == stamps


def test_new_figures_replace_old_ones_for_the_same_year(tmp_path):
    import_angkatan_kerja(write(tmp_path, HAPPY))
    changed = HAPPY.replace("412345,390001", "412999,391000")
    counts = import_angkatan_kerja(write(tmp_path, changed, name="revisi.csv"))
    assert counts == HasilAngkatanKerja(baris=3, ditambahkan=0, diperbarui=1, tidak_berubah=2)
    assert ("64.02", 2023, 412999, 391000) in stored()
    assert AngkatanKerja.objects.count() == 3


@pytest.mark.parametrize(
    ("text", "bom"),
    [
        ("Kode BPS;Tahun;Angkatan Kerja;Bekerja\n6403;2023;412345;390001\n", True),
        ("KODE_BPS,TAHUN,ANGKATAN_KERJA,BEKERJA\r\n6403,2023,412345,390001\r\n", False),
        ("Nama Kabupaten/Kota;Kode BPS;Tahun;Jumlah Angkatan Kerja;Penduduk Bekerja\n"
         "Kutai Kartanegara;6403;2023;412345;390001\n", False),
        ('"kode bps","tahun","angkatan kerja","bekerja"\n" 6403 ","2023","412345","390001"\n',
         True),
    ],
)  # fmt: skip
def test_header_variants_semicolons_and_bom(tmp_path, text, bom):
    counts = import_angkatan_kerja(write(tmp_path, text, bom=bom))
    assert counts.ditambahkan == 1
    assert stored() == [("64.02", 2023, 412345, 390001)]


def test_bekerja_column_is_optional(tmp_path):
    import_angkatan_kerja(write(tmp_path, "kode_bps,tahun,angkatan_kerja\n6405,2022,120000\n\n"))
    assert stored() == [("64.03", 2022, 120000, None)]


VALID_ROW = "6471,2023,350000,331000"


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("9999,2023,1000,900", "kode BPS '9999' tidak dikenal"),
        ("64.02,2023,1000,900", "tidak dikenal"),
        ("6403,2023,12.5,10", "angkatan kerja harus bilangan bulat"),
        ("6403,2023,abc,", "angkatan kerja harus bilangan bulat"),
        ("6403,2023,-5,", "angkatan kerja tidak boleh negatif"),
        ("6403,2023,1000,-1", "bekerja tidak boleh negatif"),
        ("6403,2023,1000,1001", "bekerja (1001) melebihi angkatan kerja (1000)"),
        ("6403,1999,1000,900", "tahun 1999 di luar rentang 2000–2100"),
        ("6403,2101,1000,900", "tahun 2101 di luar rentang"),
        ("6403,dua ribu,1000,900", "tahun harus bilangan bulat"),
        (",2023,1000,900", "kode BPS kosong"),
        ("6403,2023,,900", "angkatan kerja kosong"),
        ("6471,2023,1,1", "sudah ada di baris 2"),
    ],
)
def test_any_invalid_row_writes_nothing(tmp_path, bad_row, reason):
    path = write(tmp_path, f"kode_bps,tahun,angkatan_kerja,bekerja\n{VALID_ROW}\n{bad_row}\n")
    with pytest.raises(AngkatanKerjaError) as caught:
        import_angkatan_kerja(path)
    assert caught.value.errors, "row errors must be listed"
    assert {row for row, _ in caught.value.errors} == {3}
    assert reason in str(caught.value)
    assert "Baris 3:" in str(caught.value)
    assert AngkatanKerja.objects.count() == 0


def test_failed_import_leaves_earlier_figures_untouched(tmp_path):
    import_angkatan_kerja(write(tmp_path, HAPPY), sumber="lama")
    before = list(AngkatanKerja.objects.values_list("pk", "angkatan_kerja", "sumber"))
    mixed = "kode_bps,tahun,angkatan_kerja\n6403,2023,1\n6403,1990,5\n9999,2023,5\n"
    with pytest.raises(AngkatanKerjaError) as caught:
        import_angkatan_kerja(write(tmp_path, mixed, name="baru.csv"), sumber="baru")
    message = str(caught.value)
    assert "2 baris bermasalah" in message
    assert "Baris 3:" in message and "Baris 4:" in message
    assert "Baris 2:" not in message
    assert list(AngkatanKerja.objects.values_list("pk", "angkatan_kerja", "sumber")) == before


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("kode,tahun,angkatan_kerja\n6403,2023,1\n", "Kolom wajib tidak ditemukan: kode BPS"),
        ("kode_bps,tahun\n6403,2023\n", "angkatan kerja"),
        ("kode_bps,tahun,angkatan_kerja\n", "tidak berisi baris data"),
        ("", "kosong"),
    ],
)
def test_unusable_files(tmp_path, text, reason):
    with pytest.raises(AngkatanKerjaError, match=reason):
        import_angkatan_kerja(write(tmp_path, text))
    assert AngkatanKerja.objects.count() == 0


def test_windows_ansi_is_read_damaged_utf8_refused_and_missing_files(tmp_path):
    """The shared reader's encodings: Windows ANSI (what Excel saves as "CSV") is read,
    so its rows get their own reasons; UTF-8 with a damaged byte is refused naming the
    line instead of being read as ANSI mojibake."""
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "kode_bps,tahun,angkatan_kerja\n6403,2023,1\nKab. Kutai Kartanegara é,2023,1\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(AngkatanKerjaError, match=r"kode BPS 'Kab\. Kutai Kartanegara é'"):
        import_angkatan_kerja(latin)
    damaged = tmp_path / "rusak.csv"
    damaged.write_bytes("kode_bps,tahun,angkatan_kerja\n6403,2023,1\né\n".encode() + b"\xff,1,1\n")
    with pytest.raises(AngkatanKerjaError, match="rusak di baris 4"):
        import_angkatan_kerja(damaged)
    assert AngkatanKerja.objects.count() == 0
    with pytest.raises(AngkatanKerjaError, match="tidak ditemukan"):
        import_angkatan_kerja(tmp_path / "tidak-ada.csv")
