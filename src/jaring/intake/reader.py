"""Reading a clerk's CSV or XLSX into a frame of text cells, losing nothing.

All cells stay text: a NIK must never pass through a float. For XLSX, numeric NIK cells
are turned into digits exactly where that is possible and flagged, so validation can
refuse the ones Excel has already truncated; date cells become ``YYYY-MM-DD``.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jaring.intake.columns import LABELS, REQUIRED, map_headers

ROW = "_row"
NIK_FROM_NUMBER = "_nik_angka"


class UnusableFile(Exception):
    """The file as a whole cannot be processed; the message is for the clerk."""


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


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still text.
        return exc.start >= len(sample) - 3
    return True


def _utf8_bytes(path: Path) -> bytes:
    """The file as UTF-8 bytes without a BOM. UTF-8 files pass through untouched (no
    decode/encode round trip of a large file); Excel on Windows saves "CSV" in the
    ANSI code page, which is converted."""
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace").encode("utf-8")
    return raw


def _read_csv(path: Path) -> SheetData:
    data = _utf8_bytes(path)
    first_line = data.split(b"\n", 1)[0].decode("utf-8")
    if not first_line.strip():
        raise UnusableFile("Berkas kosong atau baris pertama tidak berisi judul kolom.")
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    headers = next(csv.reader(io.StringIO(first_line), delimiter=separator))
    headers = _unique_headers(headers)
    _check_headers(headers)
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


def _nik_cell_text(cell: object) -> str:
    """Digits of a numeric NIK cell without passing through scientific notation."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return _cell_text(cell)


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time(0) else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell)


def _unique_headers(headers: list[str]) -> list[str]:
    """Blank or repeated headers get a suffix so no column is dropped."""
    seen: dict[str, int] = {}
    result = []
    for position, header in enumerate(headers):
        name = header.strip() or f"Kolom {position + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        result.append(name)
    return result


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
