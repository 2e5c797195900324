"""Reading a clerk's CSV or XLSX into a frame of text cells, losing nothing.

All cells stay text: a NIK must never pass through a float. For XLSX, numeric NIK cells
are turned into digits exactly where that is possible and flagged, so validation can
refuse the ones Excel has already truncated; date cells become ``YYYY-MM-DD``.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jaring.intake.columns import LABELS, REQUIRED, map_headers

# The shared reading rules (encodings, Excel numbers); re-exported under the names
# intake's modules (and older callers) use.
from jaring.sheets import MSG_BAD_CSV, NIK_FROM_NUMBER, ROW, UnusableFile
from jaring.sheets import cell_text as _cell_text
from jaring.sheets import digits_cell_text as _nik_cell_text
from jaring.sheets import looks_like_text as _looks_like_text
from jaring.sheets import unique_headers as _unique_headers
from jaring.sheets import utf8_bytes as _utf8_bytes


@dataclass
class SheetData:
    """The rows of one file: canonical columns plus the original headers and cells."""

    frame: pl.DataFrame  # canonical text columns + _row (+ _nik_angka for XLSX)
    headers: list[str]  # original header texts, in file order
    original: pl.DataFrame  # every original column as text, + _row


def read(path: Path, original_name: str | None = None) -> SheetData:
    name = (original_name or path.name).lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(path)
    if name.endswith((".xls", ".ods")) or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableFile(
            "Format berkas tidak didukung: simpan ulang sebagai Excel Workbook (.xlsx) atau CSV."
        )
    if name.endswith((".csv", ".txt")) or _looks_like_text(path):
        return _read_csv(path)
    raise UnusableFile(
        "Format berkas tidak dikenal. Unggah berkas CSV atau Excel (.xlsx) dengan baris judul "
        "kolom di baris pertama."
    )


def _read_csv(path: Path) -> SheetData:
    data = _utf8_bytes(path)
    first_line = data.split(b"\n", 1)[0].decode("utf-8")
    if not first_line.strip():
        raise UnusableFile("Berkas kosong atau baris pertama tidak berisi judul kolom.")
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    headers = next(csv.reader(io.StringIO(first_line), delimiter=separator))
    headers = _unique_headers(headers)
    _check_headers(headers)
    try:
        original = (
            pl.read_csv(
                data,
                separator=separator,
                has_header=False,
                skip_rows=1,
                new_columns=headers,
                infer_schema=False,
                truncate_ragged_lines=True,
                quote_char='"',
            )
            if b"\n" in data.strip()
            else pl.DataFrame(schema={h: pl.Utf8 for h in headers})
        )
    except pl.exceptions.ComputeError as exc:  # an unbalanced quote, for one
        raise UnusableFile(MSG_BAD_CSV) from exc
    return _build(original, headers)


def _read_xlsx(path: Path) -> SheetData:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnusableFile(f"Berkas Excel tidak dapat dibaca ({exc}).") from exc
    if not rows:
        raise UnusableFile("Lembar pertama berkas Excel kosong.")
    headers = _unique_headers([_cell_text(c) for c in rows[0]])
    _check_headers(headers)
    mapping = map_headers(headers)
    nik_position = next((p for p, name in mapping.items() if name == "nik"), None)
    width = len(headers)
    columns: list[list[str]] = [[] for _ in range(width)]
    nik_numeric: list[bool] = []
    for row in rows[1:]:
        cells = list(row[:width]) + [""] * (width - len(row))
        for position, cell in enumerate(cells):
            if position == nik_position:
                columns[position].append(_nik_cell_text(cell))
            else:
                columns[position].append(_cell_text(cell))
        nik_numeric.append(
            nik_position is not None and isinstance(cells[nik_position], (int, float))
        )
    original = pl.DataFrame(
        {h: columns[i] for i, h in enumerate(headers)}, schema={h: pl.Utf8 for h in headers}
    )
    data = _build(original, headers)
    data.frame = data.frame.with_columns(pl.Series(NIK_FROM_NUMBER, nik_numeric, pl.Boolean))
    return data


def _check_headers(headers: list[str]) -> None:
    mapping = map_headers(headers)
    if not mapping:
        raise UnusableFile(
            "Baris pertama tidak berisi judul kolom yang dikenali (misalnya NIK, Nama, "
            "Tanggal Lahir). Pastikan judul kolom ada di baris pertama."
        )
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        names = ", ".join(LABELS[c] for c in missing)
        raise UnusableFile(f"Kolom wajib tidak ditemukan: {names}.")


def _build(original: pl.DataFrame, headers: list[str]) -> SheetData:
    original = original.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    # Rows with every cell blank are spreadsheet padding, not submissions.
    non_blank = pl.any_horizontal([pl.col(h).str.strip_chars() != "" for h in headers])
    original = original.filter(non_blank)
    mapping = map_headers(headers)
    frame = original.select(
        pl.col(ROW), *[pl.col(headers[p]).alias(name) for p, name in mapping.items()]
    )
    return SheetData(frame=frame, headers=headers, original=original)
