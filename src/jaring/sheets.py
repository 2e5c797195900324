"""Reading a spreadsheet someone sent us (CSV or XLSX) into a frame of text cells.

One definition of how a file becomes text, shared by every import (worker lists, BPJS
membership, poverty registry, BPJS responses, payments, claims): encodings and BOMs,
comma or semicolon CSV, Excel's first sheet, and Excel numbers that must not pass through
a float (NIK, KPJ). Each import describes its columns with a :class:`Layout` — canonical
names, the header spellings people actually use, which are required — and validates the
text afterwards with the rules in ``jaring.core``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from jaring.core.frames import clean_text

ROW = "_row"  # the spreadsheet row number (the header is row 1)
NIK_FROM_NUMBER = "_nik_angka"  # the NIK came from a numeric Excel cell


class UnusableFile(Exception):
    """The file as a whole cannot be processed; the message is for the user."""


MSG_BAD_CSV = (
    'Berkas CSV tidak dapat dibaca: ada tanda kutip (") yang tidak ditutup. '
    "Simpan ulang dari Excel sebagai CSV lalu unggah lagi."
)


def header_key(text: object) -> str:
    """A header reduced to lower-case letters and digits: "No. KTP" → "noktp"."""
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


@dataclass(frozen=True)
class Layout:
    """The columns one kind of file carries.

    ``variants`` maps each canonical column to the header spellings accepted (compared
    after :func:`header_key`); ``labels`` names the columns in messages; ``digits`` are
    identifier columns Excel stores as numbers, read as exact digits.
    """

    variants: dict[str, list[str]]
    required: tuple[str, ...]
    labels: dict[str, str]
    example: str  # "KPJ, NIK, Nama, …": what a header row should look like
    digits: tuple[str, ...] = ("nik",)
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {header_key(v): c for c, spellings in self.variants.items() for v in spellings}
        object.__setattr__(self, "_lookup", lookup)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.variants)

    def map_headers(self, headers: list[str]) -> dict[int, str]:
        """Column position → canonical name, first occurrence wins."""
        mapping: dict[int, str] = {}
        for position, header in enumerate(headers):
            column = self._lookup.get(header_key(header))
            if column and column not in mapping.values():
                mapping[position] = column
        return mapping

    def check_headers(self, headers: list[str]) -> dict[int, str]:
        mapping = self.map_headers(headers)
        missing = [self.labels.get(c, c) for c in self.required if c not in mapping.values()]
        if missing:
            raise UnusableFile(
                f"Kolom wajib tidak ditemukan: {', '.join(missing)}. Baris pertama harus "
                f"berisi judul kolom, misalnya: {self.example}."
            )
        return mapping


def read_sheet(path: Path, layout: Layout, original_name: str | None = None) -> pl.DataFrame:
    """The file's rows as text in the layout's canonical columns (missing optional
    columns are null), plus ``_row`` and, when the layout has a ``nik`` column,
    ``_nik_angka``. Rows with every cell blank are spreadsheet padding and dropped."""
    path = Path(path)
    name = (original_name or path.name).lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        headers, columns, nik_numeric = _read_xlsx(path, layout)
    elif name.endswith((".xls", ".ods")) or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableFile(
            "Format berkas tidak didukung: simpan ulang sebagai Excel Workbook (.xlsx) atau CSV."
        )
    elif name.endswith((".csv", ".txt")) or looks_like_text(path):
        headers, columns, nik_numeric = _read_csv(path, layout)
    else:
        raise UnusableFile(
            "Format berkas tidak dikenal. Gunakan CSV atau Excel (.xlsx) dengan judul kolom "
            "di baris pertama."
        )
    mapping = layout.check_headers(headers)
    frame = pl.DataFrame(
        {c: columns[p] for p, c in mapping.items()}, schema={c: pl.Utf8 for c in mapping.values()}
    )
    frame = frame.with_columns(pl.Series(ROW, range(2, frame.height + 2), pl.Int64))
    if "nik" in layout.variants:
        frame = frame.with_columns(pl.Series(NIK_FROM_NUMBER, nik_numeric, pl.Boolean))
    for column in layout.columns:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Utf8).alias(column))
    blank = pl.all_horizontal([clean_text(pl.col(c)).is_null() for c in layout.columns])
    extra = [NIK_FROM_NUMBER] if "nik" in layout.variants else []
    return frame.filter(~blank).select(ROW, *extra, *layout.columns)


def _read_csv(path: Path, layout: Layout) -> tuple[list[str], dict[int, list[str]], list[bool]]:
    data = utf8_bytes(path)
    first_line = data.split(b"\n", 1)[0].decode("utf-8")
    if not first_line.strip():
        raise UnusableFile("Berkas kosong atau baris pertama tidak berisi judul kolom.")
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    headers = unique_headers(next(csv.reader(io.StringIO(first_line), delimiter=separator)))
    layout.check_headers(headers)
    if b"\n" in data.strip():
        try:
            table = pl.read_csv(
                data,
                separator=separator,
                has_header=False,
                skip_rows=1,
                new_columns=headers,
                infer_schema=False,
                truncate_ragged_lines=True,
            )
        except pl.exceptions.ComputeError as exc:  # an unbalanced quote, for one
            raise UnusableFile(MSG_BAD_CSV) from exc
    else:
        table = pl.DataFrame(schema={h: pl.Utf8 for h in headers})
    columns = {p: table.get_column(h).fill_null("").to_list() for p, h in enumerate(headers)}
    return headers, columns, [False] * table.height


def _read_xlsx(path: Path, layout: Layout) -> tuple[list[str], dict[int, list[str]], list[bool]]:
    from python_calamine import CalamineWorkbook

    try:
        # Blank rows or columns before the table are kept, so row numbers are the
        # sheet's own (calamine would otherwise start at the first filled cell).
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnusableFile(f"Berkas Excel tidak dapat dibaca ({exc}).") from exc
    if not rows:
        raise UnusableFile("Lembar pertama berkas Excel kosong.")
    headers = unique_headers([cell_text(c) for c in rows[0]])
    mapping = layout.check_headers(headers)
    # Identifiers are numbers to Excel; their digits must not pass through a float's text.
    as_digits = {p for p, c in mapping.items() if c in layout.digits}
    nik_position = next((p for p, c in mapping.items() if c == "nik"), None)
    width = len(headers)
    columns: dict[int, list[str]] = {p: [] for p in range(width)}
    nik_numeric: list[bool] = []
    for row in rows[1:]:
        cells = list(row[:width]) + [""] * (width - len(row))
        for position, cell in enumerate(cells):
            text = digits_cell_text(cell) if position in as_digits else cell_text(cell)
            columns[position].append(text)
        nik_numeric.append(
            nik_position is not None and isinstance(cells[nik_position], (int, float))
        )
    return headers, columns, nik_numeric


def looks_like_text(path: Path) -> bool:
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


def utf8_bytes(path: Path) -> bytes:
    """The file as UTF-8 bytes without a BOM. UTF-8 files pass through untouched (no
    decode/encode round trip of a large file); Excel on Windows saves "CSV" in the
    ANSI code page, which is converted."""
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace").encode("utf-8")
    return raw


def digits_cell_text(cell: object) -> str:
    """Digits of a numeric identifier cell without passing through scientific notation."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return cell_text(cell)


def cell_text(cell: object) -> str:
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


def unique_headers(headers: list[str]) -> list[str]:
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
