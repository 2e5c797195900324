"""Measuring a workbook before it is opened, so no file can take the process down.

calamine (the XLSX reader) builds a dense grid from the first to the last filled cell of
a sheet: one filled cell at XFD1048576 asks for 16,384 × 1,048,576 cells — 550 GB — and
the process aborts before any Python error can be raised. And an XLSX is a zip: 4 MB can
unpack to gigabytes of sheet XML. So before calamine sees a workbook, this module reads
what calamine would read — the zip's directory, then the first sheet's XML as a stream —
and refuses, with a reason a clerk can act on, a file whose unpacked size, farthest
filled cell, or table area (rows × columns) is beyond :class:`Limits`. The scan holds one
chunk of XML at a time and stops at the first limit crossed, so a bomb costs its limit,
not its size.
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from xml.parsers import expat

from django.utils.translation import gettext as _

from jaring.core.money import thousands

CHUNK = 1 << 22


class UnusableFile(Exception):
    """The file as a whole cannot be processed; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    """What one file may hold. The defaults admit Excel's own maximum of rows for a
    table of ordinary width and keep a hostile file's reading well under 1 GB of memory;
    ``JARING_SHEET_LIMITS`` in the settings overrides any of them."""

    rows: int = 1_048_576  # data rows (Excel's own sheet length)
    columns: int = 256
    cells: int = 16_000_000  # rows × columns of the area calamine would allocate
    xml_bytes: int = 700_000_000  # unpacked size of the parts calamine reads
    file_bytes: int = 500_000_000  # the file as sent
    # A CSV is decoded and parsed whole (a UTF-16 one doubles in decoding): its own,
    # lower bound keeps that under 1 GB; a million-row worker list is about 150 MB.
    csv_bytes: int = 250_000_000
    seconds: float = 120.0  # measuring a workbook


def sheet_limits() -> Limits:
    try:
        from django.conf import settings

        overrides = getattr(settings, "JARING_SHEET_LIMITS", {}) if settings.configured else {}
    except ImportError:  # pragma: no cover - the reader also runs without Django
        overrides = {}
    return replace(Limits(), **overrides)


# The common form, written by Excel and every library we know: ``<c r="B7" …>``; its
# column letters and its row number, found separately because two flat lists cost less
# than one list of pairs (the quick pass is a fraction of calamine's own parse).
PLAIN_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
PLAIN_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_xlsx(path: Path, limits: Limits) -> None:
    """Raise :class:`UnusableFile` unless the workbook's first sheet fits ``limits``."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            declared = sum(m.file_size for m in members)
            if declared > limits.xml_bytes:
                raise UnusableFile(_too_big(declared, limits))
            sheet = _first_sheet(archive)
            unpacked = 0
            for member in members:
                if member.filename != sheet and not member.is_dir():
                    unpacked += _unpacked_size(archive, member, limits.xml_bytes - unpacked)
            _check_sheet(archive, sheet, limits, unpacked, time.monotonic() + limits.seconds)
    except UnusableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as exc:
        raise UnusableFile(
            _(
                "Berkas Excel rusak dan tidak dapat dibaca (%(alasan)s). Buka di Excel lalu "
                "simpan ulang sebagai Excel Workbook (.xlsx)."
            )
            % {"alasan": exc}
        ) from exc
    except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
        raise UnusableFile(
            _(
                "Berkas Excel ini tidak dapat dibuka (%(alasan)s); mungkin dilindungi kata "
                "sandi. Simpan ulang tanpa kata sandi sebagai Excel Workbook (.xlsx)."
            )
            % {"alasan": exc}
        ) from exc


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"Isi berkas Excel ini terlalu besar setelah dibuka (lebih dari "
        f"{thousands(limits.xml_bytes / 1e6)} MB; tercatat {thousands(size / 1e6)} MB). "
        "Bagi berkas menjadi beberapa bagian, atau simpan sebagai CSV."
    )


def _unpacked_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> int:
    size = 0
    with archive.open(member) as stream:
        while block := stream.read(CHUNK):
            size += len(block)
            if size > budget:
                raise UnusableFile(_too_big(size, Limits(xml_bytes=budget)))
    return size


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part calamine reads as the first sheet: the first ``<sheet>`` of the
    workbook, through the workbook's relationships."""
    names = set(archive.namelist())
    workbook = _small_part(archive, "xl/workbook.xml")
    relations = _small_part(archive, "xl/_rels/workbook.xml.rels")
    first = re.search(rb"<(?:\w+:)?sheet\b[^>]*>", workbook)
    if first is not None:
        rel_id = re.search(rb'\b\w+:id="([^"]+)"', first.group(0))
        if rel_id is not None:
            for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", relations):
                if re.search(rb'\bId="' + re.escape(rel_id.group(1)) + rb'"', tag):
                    target = re.search(rb'\bTarget="([^"]+)"', tag)
                    if target is not None:
                        name = target.group(1).decode("utf-8", "replace")
                        name = name.lstrip("/") if name.startswith("/") else f"xl/{name}"
                        name = posixpath.normpath(name)
                        if name in names:
                            return name
    sheets = sorted(n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n))
    if not sheets:
        raise UnusableFile(_("Berkas Excel ini tidak berisi lembar kerja."))
    return sheets[0]


def _small_part(archive: zipfile.ZipFile, name: str, limit: int = 10_000_000) -> bytes:
    try:
        with archive.open(name) as stream:
            return stream.read(limit)
    except KeyError:
        return b""


@dataclass
class _Extent:
    rows: int = 0  # the farthest filled row (1-based)
    columns: int = 0  # the farthest filled column (1-based)


def _check_sheet(
    archive: zipfile.ZipFile, sheet: str, limits: Limits, unpacked: int, deadline: float
) -> None:
    extent = _Extent()
    if not _scan(archive, sheet, limits, unpacked, deadline, _QuickScan(extent)):
        extent = _Extent()
        _scan(archive, sheet, limits, unpacked, deadline, _XmlScan(extent))
    _check_extent(extent, limits)


def _scan(
    archive: zipfile.ZipFile, sheet: str, limits: Limits, unpacked: int, deadline: float, scan
) -> bool:
    """Feed the sheet's XML to ``scan`` one chunk at a time, within the byte and time
    limits and checking the extent found so far after each chunk; False when the quick
    scan met a cell it cannot place (the precise scan then reads the sheet again)."""
    tail = b""
    with archive.open(sheet) as stream:
        while True:
            block = stream.read(CHUNK)
            unpacked += len(block)
            if unpacked > limits.xml_bytes:
                raise UnusableFile(_too_big(unpacked, limits))
            if time.monotonic() > deadline:
                raise UnusableFile(
                    _(
                        "Berkas Excel ini terlalu rumit untuk dibaca dalam batas waktu. Simpan "
                        "sebagai CSV lalu unggah lagi."
                    )
                )
            data, tail = _split_at_last_tag(tail + block, final=not block)
            if not scan.feed(data, final=not block):
                return False
            _check_extent(scan.extent, limits)
            if not block:
                return True


def _split_at_last_tag(data: bytes, *, final: bool) -> tuple[bytes, bytes]:
    """The chunk up to its last tag's start, and that unfinished tag for the next one
    (a tag is never split between two scans)."""
    cut = data.rfind(b"<")
    if final or cut == -1:
        return data, b""
    if len(data) - cut > CHUNK:
        raise UnusableFile(
            _(
                "Berkas Excel ini rusak (ada penanda XML yang tidak pernah ditutup). Buka di "
                "Excel lalu simpan ulang sebagai Excel Workbook (.xlsx)."
            )
        )
    return data[:cut], data[cut:]


# Every way a cell's opening tag can begin (``<c``, ``<x:c`` and the character after
# the name); text that merely looks like one only sends a file to the precise scan.
CELL_STARTS = tuple(
    lead + b"c" + after
    for lead in (b"<", b":")
    for after in (b" ", b">", b"/", b"\t", b"\n", b"\r")
)


class _QuickScan:
    """Cells written as Excel and every library we know write them, ``<c r="B7"``:
    their column letters and row numbers are found by two regular expressions over
    the chunk (C speed; the scan costs a fraction of calamine's own parse). Sound only
    when every cell of the chunk has that form, so anything else — another spacing or
    quoting, a prefix, lower-case or long references, leading zeros — makes it give up.
    Every cell counts, styled empty ones (``<c r="Z9" s="1"/>``, which calamine skips)
    included: at worst a file formatted far beyond its table is refused with the cell
    to clear."""

    def __init__(self, extent: _Extent):
        self.extent = extent

    def feed(self, data: bytes, *, final: bool) -> bool:
        columns = PLAIN_COLUMN.findall(data)
        rows = PLAIN_ROW.findall(data)
        cells = sum(data.count(start) for start in CELL_STARTS)
        if not (len(columns) == len(rows) == cells):
            return False
        if columns:
            letters = max(set(columns), key=lambda c: (len(c), c))
            number = max(map(int, set(rows)))
            _extend(self.extent, number, column_number(letters))
        return True


REFERENCE = re.compile(r"\s*([A-Za-z]+)\s*([0-9]+)\s*")


class _XmlScan:
    """Rows and cells as an XML parser reads them (expat, streaming): any namespace
    prefix, quoting or spacing, references in any case and of any length; a cell
    without a reference follows the one before it, a row without one the row before.
    One Python call per element, so it is kept for sheets the quick scan cannot read."""

    def __init__(self, extent: _Extent):
        self.extent = extent
        self.row = 0
        self.column = 0
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start

    def _start(self, name: str, attributes: dict) -> None:
        local = name.rpartition(":")[2]
        reference = next((v for k, v in attributes.items() if k.rpartition(":")[2] == "r"), None)
        if local == "row":
            self.row = self._number(reference) if reference is not None else self.row + 1
            self.column = 0
        elif local == "c":
            if reference is None:
                self.column += 1
            else:
                found = REFERENCE.fullmatch(reference)
                if found is None:
                    raise UnusableFile(_BROKEN)
                self.column = column_number(found.group(1).upper())
                self.row = int(found.group(2))
            _extend(self.extent, max(self.row, 1), self.column)

    @staticmethod
    def _number(text: str) -> int:
        if not text.strip().isdigit():
            raise UnusableFile(_BROKEN)
        return int(text)

    def feed(self, data: bytes, *, final: bool) -> bool:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as exc:
            raise UnusableFile(_BROKEN) from exc
        return True


_BROKEN = (
    "Berkas Excel ini rusak (isi lembar kerjanya bukan XML yang sah). Buka di Excel lalu "
    "simpan ulang sebagai Excel Workbook (.xlsx)."
)


def _extend(extent: _Extent, row: int, column: int) -> None:
    extent.rows, extent.columns = max(extent.rows, row), max(extent.columns, column)


def _check_extent(extent: _Extent, limits: Limits) -> None:
    farthest = f"{column_letters(extent.columns)}{extent.rows}"
    advice = _(
        "Sel terisi yang terjauh: %(sel)s. Hapus isi sel di luar tabel (atau bagi berkasnya) "
        "lalu unggah lagi."
    ) % {"sel": farthest}
    if extent.rows > limits.rows + 1:  # the header row is not a data row
        raise UnusableFile(
            _(
                "Berkas Excel ini terisi sampai baris %(baris)s; batasnya %(batas)s baris "
                "termasuk judul. %(saran)s"
            )
            % {
                "baris": thousands(extent.rows),
                "batas": thousands(limits.rows + 1),
                "saran": advice,
            }
        )
    if extent.columns > limits.columns:
        raise UnusableFile(
            _(
                "Berkas Excel ini terisi sampai kolom %(huruf)s (kolom ke-%(kolom)s); batasnya "
                "%(batas)s kolom. %(saran)s"
            )
            % {
                "huruf": column_letters(extent.columns),
                "kolom": thousands(extent.columns),
                "batas": thousands(limits.columns),
                "saran": advice,
            }
        )
    area = extent.rows * extent.columns
    if area > limits.cells:
        raise UnusableFile(
            _(
                "Tabel di berkas Excel ini terlalu luas: dari sel A1 sampai %(sel)s ada "
                "%(luas)s sel; batasnya %(batas)s sel. %(saran)s"
            )
            % {
                "sel": farthest,
                "luas": thousands(area),
                "batas": thousands(limits.cells),
                "saran": advice,
            }
        )
