"""Intake of hand-made files whose every row has a known outcome."""

import datetime as dt
import json
from io import StringIO

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from intake_samples import EXPECTED_REJECTIONS, HEADER, MIXED_ROWS, write_csv

from jaring.intake import load
from jaring.intake.models import RejectedRow, RowError, Submission, SubmissionStatus
from jaring.intake.services import UnusableFile, intake_file
from jaring.registry.models import Person, SourceRecord

pytestmark = pytest.mark.django_db


def test_mixed_file_gives_exact_outcome_per_row(agency, mixed_csv):
    result = intake_file(path=mixed_csv, agency=agency)

    assert (result.rows, result.accepted, result.rejected, result.duplicates) == (16, 3, 12, 1)
    assert result.accepted + result.rejected + result.duplicates == result.rows
    assert {e["row"]: e["field"] for e in result.errors} == EXPECTED_REJECTIONS
    assert len(result.errors) == len(EXPECTED_REJECTIONS)  # one reason each, no echoes
    assert set(Person.objects.values_list("nik", flat=True)) == {
        "6471010505850001", "6471054507900002", "3578014101950003",
    }  # fmt: skip
    assert result.submission.status == SubmissionStatus.DONE


def test_normalised_values_are_stored(agency, mixed_csv):
    intake_file(path=mixed_csv, agency=agency)

    siti = Person.objects.get(nik="6471054507900002")
    assert siti.tanggal_lahir == dt.date(1990, 7, 5)
    assert siti.jenis_kelamin == "P"
    assert siti.pekerjaan_id == "pedagang_pasar"
    assert siti.penghasilan == 1_500_000
    assert siti.no_hp == "+6281234567890"
    assert siti.wilayah_id == "64.71.05.1002"
    dewi = Person.objects.get(nik="3578014101950003")
    assert dewi.no_hp == "+6281355551234"


def test_duplicate_in_file_is_kept_as_another_source(agency, mixed_csv):
    intake_file(path=mixed_csv, agency=agency)

    budi = Person.objects.get(nik="6471010505850001")
    assert budi.nama == "Budi Santoso"  # the first row is the golden record
    assert sorted(budi.sources.values_list("row_number", "nama")) == [
        (2, "Budi Santoso"),
        (4, "BUDI SANTOSO"),
    ]


def test_reimport_is_harmless(agency, mixed_csv):
    intake_file(path=mixed_csv, agency=agency)
    persons = list(Person.objects.order_by("nik").values())
    sources = SourceRecord.objects.count()

    again = intake_file(path=mixed_csv, agency=agency)

    assert (again.accepted, again.duplicates, again.rejected) == (0, 4, 12)
    assert list(Person.objects.order_by("nik").values()) == persons
    assert SourceRecord.objects.count() == sources


def test_same_person_from_another_agency_adds_a_source(agency, other_agency, tmp_path):
    intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS[:1]), agency=agency)
    variant = [[*MIXED_ROWS[0][:1], "Budi Santosa", *MIXED_ROWS[0][2:]]]

    result = intake_file(path=write_csv(tmp_path / "b.csv", variant), agency=other_agency)

    assert (result.accepted, result.duplicates) == (0, 1)
    budi = Person.objects.get(nik="6471010505850001")
    assert budi.nama == "Budi Santoso"
    assert sorted(budi.sources.values_list("agency__kode", "nama")) == [
        ("DINSOS-6471", "Budi Santosa"),
        ("DKP-6471", "Budi Santoso"),
    ]


def test_semicolon_bom_and_indonesian_headers(agency, tmp_path):
    header = ["No. KTP", "Nama Lengkap", "Tgl Lahir", "L/P", "Kode Desa", "Pekerjaan", "No HP"]
    rows = [["6471010505850001", "Budi Santoso", "05/05/1985", "l", "6471011001", "Nelayan", ""]]
    path = write_csv(tmp_path / "daftar.csv", rows, header=header, delimiter=";", bom=True)

    result = intake_file(path=path, agency=agency)

    assert (result.accepted, result.rejected) == (1, 0), result.errors
    assert Person.objects.get().wilayah_id == "64.71.01.1001"


def test_windows_ansi_csv_is_read(agency, tmp_path):
    path = tmp_path / "ansi.csv"
    lines = [
        ",".join(HEADER),
        "6471010505850001,Budi Santoso,1985-05-05,L,64.71.01.1001,Jl. Café,nelayan,,,",
    ]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))

    result = intake_file(path=path, agency=agency)

    assert result.accepted == 1
    assert Person.objects.get().alamat == "Jl. Café"


def _xlsx(path, rows):
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for column, header in enumerate(HEADER):
        sheet.write_string(0, column, header)
    for line, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(
                    line, column, dt.datetime.combine(value, dt.time()), date_format
                )
            elif isinstance(value, int):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, value)
    workbook.close()
    return path


def test_xlsx_numeric_nik_and_date_cells(agency, tmp_path):
    rows = [
        # numeric NIK cell with a non-zero 16th digit: exact, accepted
        [6471010505850001, "Budi Santoso", dt.date(1985, 5, 5), "L", "64.71.01.1001", "", "nelayan", 2000000, "", ""],
        # numeric NIK ending in 0: what Excel's 15-digit precision leaves, refused
        [6471010606860010, "Dedi Kurniawan", dt.date(1986, 6, 6), "L", "64.71.01.1001", "", "nelayan", "", "", ""],
        # text NIK ending in 0 is a genuine NIK: accepted
        ["6471010707870010", "Wahyu Pratama", dt.date(1987, 7, 7), "L", "64.71.01.1001", "", "nelayan", "", "", ""],
    ]  # fmt: skip
    result = intake_file(path=_xlsx(tmp_path / "daftar.xlsx", rows), agency=agency)

    assert (result.accepted, result.rejected) == (2, 1)
    assert [(e["row"], e["field"]) for e in result.errors] == [(3, "nik")]
    assert "Excel" in result.errors[0]["message"]
    budi = Person.objects.get(nik="6471010505850001")
    assert (budi.tanggal_lahir, budi.penghasilan) == (dt.date(1985, 5, 5), 2_000_000)


def test_rejected_rows_are_kept_verbatim(agency, mixed_csv):
    result = intake_file(path=mixed_csv, agency=agency)

    kept = RejectedRow.objects.filter(submission=result.submission)
    assert sorted(kept.values_list("row_number", flat=True)) == sorted(EXPECTED_REJECTIONS)
    formula_row = kept.get(row_number=11)
    headers = result.submission.headers
    assert (
        dict(zip(headers, formula_row.data, strict=True))["nama"] == '=HYPERLINK("http://x","klik")'
    )
    assert RowError.objects.filter(submission=result.submission).count() == 12


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"%PDF-1.4 binary\x00\x01", "daftar.pdf", "Format berkas"),
        (b"foo,bar\n1,2\n", "daftar.csv", "judul kolom"),
        (b"nik,nama,tanggal_lahir\n1,2,3\n", "daftar.csv", "Kolom wajib tidak ditemukan"),
        (b"", "kosong.csv", "kosong"),
    ],
)
def test_unusable_files_fail_as_a_whole(agency, tmp_path, content, name, fragment):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(UnusableFile, match=fragment):
        intake_file(path=path, agency=agency)

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.FAILED
    assert fragment in submission.failure
    assert Person.objects.count() == 0


def test_failure_while_loading_leaves_nothing_half_written(agency, mixed_csv, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "save_rejections", broken)

    with pytest.raises(RuntimeError):
        intake_file(path=mixed_csv, agency=agency)

    assert Person.objects.count() == 0
    assert SourceRecord.objects.count() == 0
    assert Submission.objects.get().status == SubmissionStatus.FAILED


def test_cli_json_contract(agency, mixed_csv):
    out = StringIO()
    call_command("intake", str(mixed_csv), agency="DKP-6471", json=True, stdout=out)

    payload = json.loads(out.getvalue())
    assert set(payload) == {"rows", "accepted", "rejected", "duplicates", "errors"}
    assert payload["accepted"] + payload["rejected"] + payload["duplicates"] == payload["rows"]
    assert {e["row"]: e["field"] for e in payload["errors"]} == EXPECTED_REJECTIONS
    assert all(e["message"] and set(e) == {"row", "field", "message"} for e in payload["errors"])


def test_cli_unknown_agency_exits_2(db, mixed_csv):
    with pytest.raises(CommandError) as error:
        call_command("intake", str(mixed_csv), agency="TIDAK-ADA", json=True)
    assert error.value.returncode == 2
    assert "tidak dikenal" in str(error.value)


def test_cli_unusable_file_exits_2(agency, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["1"]], header=["nama_barang"])
    with pytest.raises(CommandError) as error:
        call_command("intake", str(path), agency="DKP-6471")
    assert error.value.returncode == 2


def test_regency_tally_follows_new_persons_only(agency, other_agency, mixed_csv, tmp_path):
    from jaring.registry.models import RegencyTally
    from jaring.registry.services import recount_regencies

    intake_file(path=mixed_csv, agency=agency)
    intake_file(path=mixed_csv, agency=agency)  # re-import: nothing new
    intake_file(path=write_csv(tmp_path / "b.csv", MIXED_ROWS[:3]), agency=other_agency)

    kept = dict(RegencyTally.objects.values_list("kode_kabupaten", "jumlah"))
    assert kept == {"64.71": 3}  # Budi, Siti and Dewi all live in Balikpapan
    assert recount_regencies() == kept


def test_values_hash_is_the_md5_of_the_joined_values():
    """Stored hashes must not change between versions: a file re-sent after an upgrade
    must still be recognised as already loaded."""
    import hashlib

    import polars as pl

    from jaring.intake.columns import CANONICAL as VALUE_COLUMNS
    from jaring.intake.validate import _values_hash

    row = {
        "nik": "6471010505850001", "nama": "Budi Santoso", "tanggal_lahir": "1985-05-05",
        "jenis_kelamin": "L", "kode_wilayah": "64.71.01.1001", "alamat": "Jl. Ä",
        "pekerjaan": "nelayan", "penghasilan": None, "no_hp": "", "no_kk": "",
    }  # fmt: skip
    expected = hashlib.md5(
        "\x1f".join("" if row[c] is None else str(row[c]) for c in VALUE_COLUMNS).encode(),
        usedforsecurity=False,
    ).hexdigest()
    assert _values_hash(pl.DataFrame([row])).to_list() == [expected]


def test_a_csv_with_an_unclosed_quote_is_refused_with_a_clear_reason(agency, tmp_path):
    path = tmp_path / "kutip.csv"
    path.write_text(
        "nik,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,pekerjaan\n"
        '6471010505850001,"Budi Santoso,1985-05-05,L,64.71.01.1001,nelayan\n'
    )

    with pytest.raises(UnusableFile, match="tanda kutip"):
        intake_file(path=path, agency=agency)

    assert not Person.objects.exists()
