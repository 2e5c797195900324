"""The poverty-registry import: row-level reasons, the rest loaded, a snapshot that
replaces the previous one, and a re-import that changes nothing."""

import json

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from jaring.programs.models import Dtks

pytestmark = pytest.mark.django_db

ROWS = [
    ("6471010505850001", "Budi Santoso", "3"),  # 2 ok
    ("6471054507900002", "Siti Aminah", ""),  # 3 ok, no decile
    ("6471010505850001", "Budi Santoso", "3"),  # 4 duplicate of row 2
    ("647101050585001", "Andi Wijaya", "2"),  # 5 nik: 15 digits
    ("6471011010900007", "Eko Prasetyo", "11"),  # 6 desil: beyond 10
    ("6.47101E+15", "Rahmat", ""),  # 7 nik: Excel damage
]


def write(path, rows, header=("NIK", "Nama", "Desil")):
    path.write_text("\n".join([";".join(header), *[";".join(r) for r in rows]]) + "\n")
    return path


def run(path, capsys) -> dict:
    call_command("dtks", "import", str(path), "--json")
    return json.loads(capsys.readouterr().out)


def test_bad_rows_are_reported_and_the_rest_loaded(tmp_path, capsys):
    result = run(write(tmp_path / "dtks.csv", ROWS), capsys)

    assert (result["rows"], result["loaded"], result["rejected"], result["duplicates"]) == (
        6,
        2,
        3,
        1,
    )
    assert {(e["row"], e["field"]) for e in result["errors"]} == {
        (5, "nik"),
        (6, "desil"),
        (7, "nik"),
    }
    assert all(e["message"] for e in result["errors"])
    assert dict(Dtks.objects.values_list("nik", "desil")) == {
        "6471010505850001": 3,
        "6471054507900002": None,
    }


def test_a_new_list_replaces_the_old_and_the_same_list_changes_nothing(tmp_path, capsys):
    run(write(tmp_path / "juni.csv", ROWS[:2]), capsys)
    again = run(write(tmp_path / "juni-lagi.csv", ROWS[:2]), capsys)
    assert (again["added"], again["removed"], again["loaded"]) == (0, 0, 2)

    later = run(
        write(tmp_path / "desember.csv", [ROWS[1], ("6471011111910008", "Fajar", "1")]), capsys
    )

    assert (later["added"], later["removed"]) == (1, 1)
    assert set(Dtks.objects.values_list("nik", flat=True)) == {
        "6471054507900002",
        "6471011111910008",
    }


def test_xlsx_with_a_numeric_nik_cell_is_read_exactly(tmp_path, capsys):
    path = tmp_path / "dtks.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["No. KTP", "Desil"])
    sheet.write_number(1, 0, 6471054507900002)
    sheet.write_number(1, 1, 2)
    book.close()

    result = run(path, capsys)

    assert result["loaded"] == 1
    assert Dtks.objects.get().nik == "6471054507900002"


def test_a_file_without_a_nik_column_exits_2_and_keeps_the_old_list(tmp_path, capsys):
    run(write(tmp_path / "ok.csv", ROWS[:1]), capsys)
    with pytest.raises(CommandError, match="NIK") as raised:
        call_command(
            "dtks", "import", str(write(tmp_path / "x.csv", [("a", "b")], ("Nama", "Alamat")))
        )
    assert raised.value.returncode == 2
    assert Dtks.objects.count() == 1


def test_a_file_without_one_valid_nik_exits_2_and_keeps_the_old_list(tmp_path, capsys):
    run(write(tmp_path / "ok.csv", ROWS[:2]), capsys)
    damaged = write(tmp_path / "excel.csv", [ROWS[5], ROWS[3]])  # Excel-mangled, 15 digits

    with pytest.raises(CommandError, match="tidak ada satu pun NIK yang sah") as raised:
        call_command("dtks", "import", str(damaged))

    assert raised.value.returncode == 2
    assert "baris 2" in str(raised.value)
    assert set(Dtks.objects.values_list("nik", flat=True)) == {ROWS[0][0], ROWS[1][0]}


def test_xlsx_row_numbers_are_the_sheets_own(tmp_path, capsys):
    # The table starts in column B: the reasons must still name the rows Excel shows.
    path = tmp_path / "dtks.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 1, ["NIK", "Desil"])
    sheet.write_row(1, 1, ["6471054507900002", "2"])
    sheet.write_row(2, 1, ["647101050585001", "3"])  # row 3: 15 digits
    book.close()

    result = run(path, capsys)

    assert [(e["row"], e["field"]) for e in result["errors"]] == [(3, "nik")]


def test_xlsx_with_a_title_above_the_header_is_refused_not_misnumbered(tmp_path):
    path = tmp_path / "dtks.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(2, 0, ["NIK", "Desil"])  # rows 1–2 left blank
    sheet.write_row(3, 0, ["6471054507900002", "2"])
    book.close()

    with pytest.raises(CommandError, match="Baris pertama harus berisi judul kolom"):
        call_command("dtks", "import", str(path))
    assert not Dtks.objects.exists()
