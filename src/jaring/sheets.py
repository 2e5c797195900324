"""Reading a spreadsheet someone sent us (CSV or XLSX) into a frame of text cells.

One definition of how a file becomes text, shared by every import (worker lists, BPJS
membership, poverty registry, BPJS responses, payments, claims, coverage and labour-force
figures): encodings and BOMs, comma or semicolon CSV, Excel's first sheet, and Excel
numbers that must not pass through a float (NIK, KPJ). Each import describes its columns
with a :class:`Layout` — canonical names, the header spellings people actually use, which
are required — and validates the text afterwards with the rules in ``jaring.core``.

The reader is bounded, because a file is whatever its sender made it: before calamine
sees a workbook, :mod:`jaring.sheet_guard` measures what it would unpack (bytes, the
farthest filled cell, the cells of the table that spans them) and refuses with a reason
what would not fit (:class:`Limits`); a CSV is refused the same way by its size, width and
length. Text that is not clean (UTF-16 is read; NUL or other control bytes, or UTF-8 with
damaged bytes, are refused naming the lines) never reaches an importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from jaring.core.frames import clean_text
from jaring.core.money import thousands
from jaring.sheet_guard import Limits, UnusableFile, check_xlsx, sheet_limits

ROW = "_row"  # the spreadsheet row number (the header is row 1)
NIK_FROM_NUMBER = "_nik_angka"  # the NIK came from a numeric Excel cell
RESERVED = (ROW, NIK_FROM_NUMBER)
# Rows converted from calamine's cells to a frame at a time: Python holds one block of
# cells, not the whole sheet, which keeps a large workbook's peak memory near the frame's.
BLOCK_ROWS = 50_000
SHOWN_LINES = 10

MSG_BAD_CSV = (
    'Berkas CSV tidak dapat dibaca: ada tanda kutip (") yang tidak ditutup. '
    "Simpan ulang dari Excel sebagai CSV lalu unggah lagi."
)
MSG_UNSUPPORTED = (
    "Format berkas tidak didukung: simpan ulang sebagai Excel Workbook (.xlsx) atau CSV."
)
MSG_UNKNOWN = (
    "Format berkas tidak dikenal. Gunakan CSV atau Excel (.xlsx) dengan judul kolom "
    "di baris pertama."
)

__all__ = [
    "NIK_FROM_NUMBER",
    "ROW",
    "Layout",
    "Limits",
    "Table",
    "UnusableFile",
    "decode_text",
    "read_sheet",
    "read_table",
    "sheet_limits",
]


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
                _(
                    "Kolom wajib tidak ditemukan: %(kolom)s. Baris pertama harus berisi judul "
                    "kolom, misalnya: %(contoh)s."
                )
                % {"kolom": ", ".join(missing), "contoh": self.example}
            )
        return mapping


@dataclass
class Table:
    """Every column of a file as text, named by its (made unique) header, plus ``_row``
    and, when a ``nik`` column was found, ``_nik_angka``; ``mapping`` says which header
    position is which canonical column. Blank rows are already dropped."""

    headers: list[str]
    mapping: dict[int, str]
    frame: pl.DataFrame

    def canonical(self, columns: Iterable[str] = ()) -> pl.DataFrame:
        """``_row`` (and ``_nik_angka``), then the canonical columns found, then any of
        ``columns`` not found, as nulls."""
        found = {name: self.headers[p] for p, name in self.mapping.items()}
        extra = [NIK_FROM_NUMBER] if NIK_FROM_NUMBER in self.frame.columns else []
        wanted = list(dict.fromkeys([*found, *columns]))
        return self.frame.select(
            ROW,
            *extra,
            *[
                pl.col(found[c]).alias(c) if c in found else pl.lit(None, pl.Utf8).alias(c)
                for c in wanted
            ],
        )


HeaderCheck = Callable[[list[str]], dict[int, str]]


def read_sheet(path: Path, layout: Layout, original_name: str | None = None) -> pl.DataFrame:
    """The file's rows as text in the layout's canonical columns (missing optional
    columns are null), plus ``_row`` and, when the layout has a ``nik`` column,
    ``_nik_angka``. Rows with every cell blank are spreadsheet padding and dropped."""
    table = read_table(path, layout.check_headers, original_name, digits=layout.digits)
    frame = table.canonical(layout.columns)
    if "nik" in layout.variants and NIK_FROM_NUMBER not in frame.columns:
        frame = frame.with_columns(pl.lit(False).alias(NIK_FROM_NUMBER))
    extra = [NIK_FROM_NUMBER] if "nik" in layout.variants else []
    return frame.select(ROW, *extra, *layout.columns)


def read_table(
    path: Path,
    check: HeaderCheck,
    original_name: str | None = None,
    *,
    digits: Iterable[str] = ("nik",),
    limits: Limits | None = None,
) -> Table:
    """Read any CSV or XLSX within ``limits``; ``check`` maps the headers to canonical
    columns or raises :class:`UnusableFile` with what is missing."""
    path = Path(path)
    limits = limits or sheet_limits()
    name = (original_name or path.name).lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UnusableFile(
            _("Berkas tidak dapat dibuka (%(alasan)s).") % {"alasan": exc.strerror}
        ) from exc
    if size > limits.file_bytes:
        raise UnusableFile(
            _(
                "Berkas terlalu besar (%(ukuran)s MB); batasnya %(batas)s MB. Bagi berkas "
                "menjadi beberapa bagian."
            )
            % {"ukuran": thousands(size / 1e6), "batas": thousands(limits.file_bytes / 1e6)}
        )
    if head.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        if not head.startswith(b"PK\x03\x04"):
            raise UnusableFile(
                _(
                    "Berkas bernama .xlsx ini bukan berkas Excel yang utuh. Buka di Excel lalu "
                    "simpan ulang sebagai Excel Workbook (.xlsx)."
                )
            )
        return _read_xlsx(path, check, set(digits), limits)
    if name.endswith((".xls", ".ods")) or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableFile(MSG_UNSUPPORTED)
    if name.endswith((".csv", ".txt")) or looks_like_text(path):
        return _read_csv(path, check, limits)
    raise UnusableFile(MSG_UNKNOWN)


def _read_csv(path: Path, check: HeaderCheck, limits: Limits) -> Table:
    size = path.stat().st_size
    if size > limits.csv_bytes:
        raise UnusableFile(
            _(
                "Berkas CSV terlalu besar (%(ukuran)s MB); batasnya %(batas)s MB. Bagi berkas "
                "menjadi beberapa bagian."
            )
            % {"ukuran": thousands(size / 1e6), "batas": thousands(limits.csv_bytes / 1e6)}
        )
    data = decode_text(path.read_bytes())
    first_line = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    if not first_line.strip():
        raise UnusableFile(_("Berkas kosong atau baris pertama tidak berisi judul kolom."))
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        headers = next(csv.reader(io.StringIO(first_line), delimiter=separator))
    except (csv.Error, StopIteration) as exc:
        raise UnusableFile(MSG_BAD_CSV) from exc
    _check_width(len(headers), limits)
    headers = unique_headers(headers)
    mapping = check(headers)
    if b"\n" in data.strip():
        try:
            frame = pl.read_csv(
                data,
                separator=separator,
                has_header=False,
                skip_rows=1,
                new_columns=headers,
                infer_schema=False,
                truncate_ragged_lines=True,
                quote_char='"',
            )
        except pl.exceptions.PolarsError as exc:  # an unbalanced quote, for one
            raise UnusableFile(MSG_BAD_CSV) from exc
        # A row wider than the header is cut to it, so only the header's columns exist.
        frame = frame.select(headers)
    else:
        frame = pl.DataFrame(schema={h: pl.Utf8 for h in headers})
    if frame.height > limits.rows:
        raise UnusableFile(
            _(
                "Berkas terlalu panjang: %(baris)s baris data; batasnya %(batas)s baris. Bagi "
                "berkas menjadi beberapa bagian."
            )
            % {"baris": thousands(frame.height), "batas": thousands(limits.rows)}
        )
    frame = frame.with_columns(pl.all().fill_null(""))
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    return Table(headers, mapping, _drop_blank(frame, headers))


def _read_xlsx(path: Path, check: HeaderCheck, digits: set[str], limits: Limits) -> Table:
    from python_calamine import CalamineWorkbook

    check_xlsx(path, limits)
    try:
        # Blank rows before the table are kept (iter_rows starts at the sheet's first
        # row), so row numbers are the sheet's own; blank columns before it are padded.
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        first = next(rows, None)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnusableFile(
            _("Berkas Excel tidak dapat dibaca (%(alasan)s).") % {"alasan": exc}
        ) from exc
    if first is None:
        raise UnusableFile(_("Lembar pertama berkas Excel kosong."))
    start = sheet.start or (0, 0)
    pad = [""] * start[1]
    headers = unique_headers([cell_text(c) for c in [*pad, *first]])
    _check_width(len(headers), limits)
    mapping = check(headers)
    # Identifiers are numbers to Excel; their digits must not pass through a float's text.
    as_digits = {p for p, c in mapping.items() if c in digits}
    nik_position = next((p for p, c in mapping.items() if c == "nik"), None)
    blocks = []
    try:
        block: list[list] = []
        for row in rows:
            block.append(row)
            if len(block) == BLOCK_ROWS:
                blocks.append(_xlsx_block(block, headers, start[1], as_digits, nik_position))
                block = []
        blocks.append(_xlsx_block(block, headers, start[1], as_digits, nik_position))
    except Exception as exc:
        raise UnusableFile(
            _("Berkas Excel tidak dapat dibaca (%(alasan)s).") % {"alasan": exc}
        ) from exc
    frame = pl.concat(blocks, how="vertical")
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    return Table(headers, mapping, _drop_blank(frame, headers))


def _xlsx_block(
    rows: list[list], headers: list[str], offset: int, as_digits: set[int], nik: int | None
) -> pl.DataFrame:
    """One block of calamine's rows as text columns. Work is per column (``zip``, ``map``
    and ``set`` run in C): a column holding only text — most of a worker list — is taken
    as it is, and only the others go through :func:`cell_text` cell by cell."""
    width = len(headers)
    filler = [""] * width
    padded = [
        row if not offset and len(row) == width else ([""] * offset + row + filler)[:width]
        for row in rows
    ]
    columns = list(zip(*padded, strict=True)) if padded else [()] * width
    frame = pl.DataFrame(
        {
            h: _column_text(columns[p] if p < len(columns) else (), p in as_digits)
            for p, h in enumerate(headers)
        },
        schema={h: pl.Utf8 for h in headers},
    )
    if nik is not None:
        numeric = [isinstance(cell, (int, float)) for cell in columns[nik]] if padded else []
        frame = frame.with_columns(pl.Series(NIK_FROM_NUMBER, numeric, pl.Boolean))
    return frame


def _column_text(cells: tuple, digits: bool) -> list[str]:
    if set(map(type, cells)) <= {str}:
        return list(cells)
    return list(map(digits_cell_text if digits else cell_text, cells))


def _drop_blank(frame: pl.DataFrame, headers: list[str]) -> pl.DataFrame:
    """Rows with every cell blank are spreadsheet padding, not data; the row numbers of
    the others stay the sheet's own."""
    if not headers:
        return frame
    blank = pl.all_horizontal([clean_text(pl.col(h)).is_null() for h in headers])
    return frame.filter(~blank)


def _check_width(width: int, limits: Limits) -> None:
    if width > limits.columns:
        raise UnusableFile(
            _(
                "Baris judul berisi %(kolom)s kolom; batasnya %(batas)s. Hapus kolom yang tidak "
                "dipakai lalu unggah lagi."
            )
            % {"kolom": thousands(width), "batas": thousands(limits.columns)}
        )


def looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still text.
        return exc.start >= len(sample) - 3
    return True


CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A byte sequence that is valid UTF-8 for a character beyond ASCII: a file holding some
# was written as UTF-8, even when a few of its bytes are damaged.
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text(raw: bytes) -> bytes:
    """The text of a CSV as UTF-8 bytes without a BOM, or :class:`UnusableFile` naming
    the lines that are not clean text.

    UTF-8 passes through untouched (no decode/encode round trip of a large file); UTF-16
    (with its BOM, as Excel's "Unicode text" saves) is converted; so is Windows ANSI
    (cp1252), which Excel on Windows uses for "CSV" — but only when nothing in the file
    is UTF-8, so a UTF-8 file with one damaged byte is refused instead of being turned
    into mojibake wholesale ("Désirée" → "DÃ©sirÃ©e")."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeError as exc:
            raise UnusableFile(
                _(
                    "Berkas teks UTF-16 ini rusak dan tidak dapat dibaca. Simpan ulang sebagai "
                    '"CSV UTF-8" lalu unggah lagi.'
                )
            ) from exc
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    bad = CONTROL.search(raw)
    if bad is not None:
        lines = _lines_matching(raw, CONTROL)
        raise UnusableFile(
            _(
                "Berkas ini bukan teks CSV yang bersih: ada karakter kontrol (misalnya NUL) di "
                "baris %(baris)s. Mungkin ini berkas lain yang diberi nama .csv; simpan ulang "
                'dari Excel sebagai "CSV UTF-8" lalu unggah lagi.'
            )
            % {"baris": lines}
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        if UTF8_MULTIBYTE.search(raw) is None:
            return raw.decode("cp1252", errors="replace").encode("utf-8")
        lines = _lines_matching(raw, None)
        raise UnusableFile(
            _(
                "Berkas ini ditulis sebagai UTF-8, tetapi ada huruf yang rusak di baris "
                '%(baris)s. Periksa baris itu, simpan ulang sebagai "CSV UTF-8", lalu unggah lagi.'
            )
            % {"baris": lines}
        ) from None
    return raw


def _lines_matching(raw: bytes, pattern: re.Pattern | None) -> str:
    """The first line numbers (the header is line 1) holding ``pattern``, or bytes that
    are not UTF-8 when ``pattern`` is None; "3, 7, 9 dan 12 baris lain"."""
    found: list[int] = []
    total = 0
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if pattern is not None:
            hit = pattern.search(line) is not None
        else:
            try:
                line.decode("utf-8")
                hit = False
            except UnicodeDecodeError:
                hit = True
        if hit:
            total += 1
            if len(found) < SHOWN_LINES:
                found.append(number)
    shown = ", ".join(str(n) for n in found)
    return (
        shown if total <= len(found) else f"{shown} dan {thousands(total - len(found))} baris lain"
    )


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
    """Blank or repeated headers get a suffix so no column is dropped; a header that
    happens to be one of the reader's own column names is renamed too."""
    seen: dict[str, int] = {name: 1 for name in RESERVED}
    result = []
    for position, header in enumerate(headers):
        name = str(header).strip() or f"Kolom {position + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
            while name in seen:
                name = f"{name}*"
        seen[name] = 1
        result.append(name)
    return result
