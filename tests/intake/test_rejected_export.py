"""The rejected-rows spreadsheet a clerk downloads, fixes and uploads again."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from intake_samples import EXPECTED_REJECTIONS, MIXED_ROWS, write_csv
from python_calamine import CalamineWorkbook

from jaring.accounts.models import AccessAction, AccessLog
from jaring.intake.export import REASON_HEADER, rejected_rows_xlsx
from jaring.intake.services import intake_file
from jaring.registry.models import Person

pytestmark = pytest.mark.django_db


def _read(content: bytes, tmp_path: Path) -> list[list]:
    path = tmp_path / "ditolak.xlsx"
    path.write_bytes(content)
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_export_has_original_columns_and_reasons(agency, mixed_csv, tmp_path):
    result = intake_file(path=mixed_csv, agency=agency)

    rows = _read(rejected_rows_xlsx(result.submission), tmp_path)

    header = rows[0]
    assert header[:10] == ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah",
                           "alamat", "pekerjaan", "penghasilan", "no_hp", "no_kk"]  # fmt: skip
    assert REASON_HEADER in header
    body = rows[1:]
    assert len(body) == len(EXPECTED_REJECTIONS)
    reason_at = header.index(REASON_HEADER)
    by_nik = {row[0]: row for row in body}
    assert by_nik["647101050585001"][reason_at].startswith("nik: NIK hanya 15 digit")
    # The formula in a name is written as text, never as a live formula.
    formula = next(row for row in body if "HYPERLINK" in row[1])
    assert formula[1].startswith("'=")


def test_fixed_export_can_be_uploaded_again(agency, mixed_csv, tmp_path):
    result = intake_file(path=mixed_csv, agency=agency)
    rows = _read(rejected_rows_xlsx(result.submission), tmp_path)
    header, body = rows[0][:10], rows[1:]
    fixed = {"647101050585001": "6471010505850002"}  # the clerk retypes the 15-digit NIK
    corrected = [[fixed.get(row[0], row[0]), *row[1:10]] for row in body if row[0] in fixed]

    again = intake_file(
        path=write_csv(tmp_path / "perbaikan.csv", corrected, header=header), agency=agency
    )

    assert (again.accepted, again.rejected) == (1, 0), again.errors
    assert Person.objects.filter(nik="6471010505850002").exists()
    assert len(MIXED_ROWS) == 16


def test_command_line_export_is_in_the_access_log(agency, mixed_csv, tmp_path):
    """``jaring intake --rejected-out`` writes personal data to a file: the trail names
    the command line and the server account, since no Jaring account made it."""
    out = tmp_path / "ditolak.xlsx"

    call_command("intake", str(mixed_csv), agency="DKP-6471", rejected_out=out, no_link=True,
                 stdout=StringIO(), stderr=StringIO())  # fmt: skip

    assert len(_read(out.read_bytes(), tmp_path)) == len(EXPECTED_REJECTIONS) + 1
    entry = AccessLog.objects.get()
    assert entry.user is None and entry.action == AccessAction.EXPORT_REJECTED
    assert entry.detail.startswith("baris perintah (")
    assert f"{len(EXPECTED_REJECTIONS)} baris" in entry.detail and str(out) in entry.detail
