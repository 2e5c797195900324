"""Formula-leading text is written so that a spreadsheet shows it and never runs it;
numbers, phone numbers and plain text stay as they were. The column rule gives what the
one-value rule gives, and every workbook made by ``jaring.exports`` applies it to every
string however it is written."""

import zipfile

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from jaring import exports
from jaring.core.cells import safe_cell, safe_cell_expr

ATTACKS = [
    '=HYPERLINK("http://x","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "  =1+1",
    "\t=1+1",
    "\r=1+1",
    "\tanything",
    "-A1",
]
KEPT = ["Jl. Merdeka 5", "-5", "-1.500.000", "+6281234567890", "+62 812-3456-789", "-", "=",
        "", "Budi", "5-6", "a=b"]  # fmt: skip


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_leading_text_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", KEPT)
def test_numbers_phones_and_plain_text_are_kept(text):
    assert safe_cell(text) == text


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet=st.sampled_from("=+-@ \t\r\n0123456789.,abc|!'("), max_size=8),
            st.text(max_size=6),
        )
    )
)
def test_column_rule_is_the_one_value_rule(values):
    frame = pl.DataFrame({"v": values}, schema={"v": pl.Utf8})

    written = frame.select(safe_cell_expr(pl.col("v"))).to_series().to_list()

    assert written == [None if v is None else safe_cell(v) for v in values]


def test_csv_quotes_attacks_in_every_text_column():
    frame = pl.DataFrame({"alamat": ATTACKS, "no": list(range(len(ATTACKS)))})

    text = exports.csv_bytes(frame).decode("utf-8-sig")

    back = pl.read_csv(text.encode(), infer_schema=False)
    assert back.get_column("alamat").to_list() == ["'" + a for a in ATTACKS]


def test_workbook_writes_every_string_as_quoted_text_never_a_formula(tmp_path):
    path = tmp_path / "x.xlsx"
    book = exports.workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write(0, 0, ATTACKS[0])
    sheet.write_string(0, 1, ATTACKS[1])
    sheet.write_row(1, 0, ATTACKS[2:4])
    sheet.write(2, 0, -5)
    book.close()

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["'" + ATTACKS[0], "'" + ATTACKS[1]]
    assert rows[1][:2] == ["'" + ATTACKS[2], "'" + ATTACKS[3]]
    assert rows[2][0] == -5
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
