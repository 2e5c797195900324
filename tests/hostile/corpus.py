"""Hostile files, made for any importer from its header and one plausible row.

Each entry is a file someone could send — by accident or on purpose — and the outcome
every importer must give: processed (exit 0), refused with a reason (exit 2), or either,
and never an abort, a traceback or more than 1 GB of memory. The workbooks are written
by hand (a zip of XML) where the attack lives in the XML itself: cells far outside the
table, cells whose reference is not the first attribute or is missing, a namespace
prefix, a sheet that unpacks to far more than its size, a zip that lies about it.
"""

from __future__ import annotations

import csv
import io
import random
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

PROCESSED, REFUSED, EITHER = {0}, {2}, {0, 2}
# The limits the corpus is run under (tests set ``JARING_SHEET_LIMITS`` to these):
# small enough that a bomb costs the test seconds, not minutes.
LIMITS = {
    "xml_bytes": 20_000_000, "cells": 2_000_000, "rows": 100_000, "columns": 64,
    "csv_bytes": 2_000_000,
}  # fmt: skip


@dataclass(frozen=True)
class Hostile:
    name: str  # the file name as sent
    content: bytes
    expect: set[int]
    says: str = ""  # a fragment the refusal must contain


def corpus(header: list[str], row: list[str]) -> list[Hostile]:
    formula = [_formula(cell, i) for i, cell in enumerate(row)]
    return [
        Hostile("sel-jauh.xlsx", far_cell(header, row, "XFD1048576"), REFUSED, "XFD"),
        Hostile("sel-jauh-urutan.xlsx", far_cell(header, row, "AMJ70000", r_last=True), REFUSED),
        Hostile("sel-jauh-tanpa-r.xlsx", unaddressed_wide(header, row), REFUSED),
        Hostile("sel-jauh-prefiks.xlsx", far_cell(header, row, "XFD20", prefix="x"), REFUSED),
        # Cell forms a pattern for Excel's own ``<c r="B7"`` would miss: the guard must
        # read them as calamine does.
        *[
            Hostile(f"sel-jauh-bentuk-{i}.xlsx", odd_cell(header, row, tag), REFUSED)
            for i, tag in enumerate(ODD_CELLS)
        ],
        # Only a style far away: calamine skips it; the guard may refuse it (naming it).
        Hostile("gaya-jauh.xlsx", far_cell(header, row, "XFD1048576", empty=True), EITHER),
        Hostile("bom.xlsx", bomb(header, row), REFUSED, "terlalu besar"),
        Hostile("bom-bohong.xlsx", lying_bomb(header, row), REFUSED),
        Hostile("bom-string.xlsx", shared_strings_bomb(header, row), REFUSED, "terlalu besar"),
        Hostile("baris-kosong.xlsx", workbook([header, row, [], [""] * len(header), row]), EITHER),
        Hostile("satu-baris.xlsx", workbook([header, row]), PROCESSED),
        Hostile("satu-baris.csv", text([header, row]), PROCESSED),
        Hostile("judul-saja.csv", text([header]), EITHER),
        Hostile("kosong.csv", b"", REFUSED),
        Hostile(
            "besar.csv",
            text([header] + [row] * (2_500_000 // len(",".join(row)))),
            REFUSED,
            "terlalu besar",
        ),
        Hostile("utf16.csv", text([header, row]).decode().encode("utf-16"), PROCESSED),
        Hostile("nul.csv", text([header, row]) + b"6471\x00,x\n", REFUSED, "NUL"),
        Hostile("biner.csv", random.Random(7).randbytes(5000), REFUSED),
        Hostile("biner.xlsx", random.Random(8).randbytes(5000), REFUSED),
        Hostile("terpotong.xlsx", workbook([header, row])[:700], REFUSED),
        Hostile("utf8-rusak.csv", text([header, row, ["Désirée"]]) + b"D\xe9sir\xe9e\n", REFUSED),
        Hostile("rumus.csv", text([header, formula]), EITHER),
        Hostile("rumus.xlsx", workbook([header, formula]), EITHER),
        Hostile("lebar.csv", text([[f"k{i}" for i in range(5000)] + header, row]), REFUSED),
        Hostile("kolom-cadangan.csv", text([[*header, "_row", "_nik_angka"], row]), EITHER),
        Hostile("n" * 246 + ".csv", text([header, row]), PROCESSED),
        Hostile("kutip.csv", text([header]) + b'"tidak ditutup,1\n', REFUSED),
    ]


def _formula(cell: str, position: int) -> str:
    return ['=HYPERLINK("http://x","klik")', "+1+cmd|' /C calc'!A0", "@SUM(A1)"][position % 3]


def text(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str | None, value: str, *, r_last: bool = False, prefix: str = "") -> str:
    tag = f"{prefix}:c" if prefix else "c"
    inner = f"<{prefix + ':' if prefix else ''}is><{prefix + ':' if prefix else ''}t>"
    inner += (
        f"{escape(value)}</{prefix + ':' if prefix else ''}t></{prefix + ':' if prefix else ''}is>"
    )
    if ref is None:
        return f'<{tag} t="inlineStr">{inner}</{tag}>'
    attributes = f't="inlineStr" r="{ref}"' if r_last else f'r="{ref}" t="inlineStr"'
    return f"<{tag} {attributes}>{inner}</{tag}>"


def _rows_xml(rows: list[list[str]], prefix: str = "") -> str:
    tag = f"{prefix}:row" if prefix else "row"
    out = []
    for number, cells in enumerate(rows, start=1):
        body = "".join(
            _cell(f"{column_letters(i + 1)}{number}", v, prefix=prefix)
            for i, v in enumerate(cells)
            if v != ""
        )
        out.append(f'<{tag} r="{number}">{body}</{tag}>')
    return "".join(out)


def _package(sheet_xml: bytes | None = None, *, sheet_writer=None, extra=None) -> bytes:
    """A minimal workbook: one sheet, given as XML or written by ``sheet_writer``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
            'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        for name, content in (extra or {}).items():
            if callable(content):
                with archive.open(name, "w") as stream:
                    content(stream)
            else:
                archive.writestr(name, content)
        if sheet_writer is not None:
            with archive.open("xl/worksheets/sheet1.xml", "w") as stream:
                sheet_writer(stream)
        else:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


MAIN = MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(body: str, prefix: str = "") -> bytes:
    if prefix:
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><{prefix}:worksheet xmlns:{prefix}="{MAIN}">'
            f"<{prefix}:sheetData>{body}</{prefix}:sheetData></{prefix}:worksheet>"
        ).encode()
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{body}'
        "</sheetData></worksheet>"
    ).encode()


def workbook(rows: list[list[str]]) -> bytes:
    return _package(_sheet(_rows_xml(rows)))


def far_cell(
    header, row, ref: str, *, r_last: bool = False, empty: bool = False, prefix: str = ""
) -> bytes:
    """The table, then one cell far away: a value (calamine would allocate the whole
    rectangle) or, with ``empty``, only a style (which calamine ignores)."""
    number = int("".join(c for c in ref if c.isdigit()))
    tag = f"{prefix}:row" if prefix else "row"
    far = f'<c r="{ref}" s="1"/>' if empty else _cell(ref, "x", r_last=r_last, prefix=prefix)
    body = _rows_xml([header, row], prefix) + f'<{tag} r="{number}">{far}</{tag}>'
    return _package(_sheet(body, prefix))


# Far cells written in forms other than ``<c r="XFD1048576">``, each valid XML that
# calamine places far away (a tab after the name, single quotes, a prefix on the cell
# alone, lower case, spaces around "=", four letters, eight digits, a leading zero).
ODD_CELLS = (
    '<c\tr="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    "<c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c>",
    f'<x:c xmlns:x="{MAIN_NS}" r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',
    '<c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c>',
    '<c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    '<c r="ZZZZ2000" t="inlineStr"><is><t>x</t></is></c>',
    '<c r="IV99999999" t="inlineStr"><is><t>x</t></is></c>',
    '<c r="IV01048576" t="inlineStr"><is><t>x</t></is></c>',
)


def odd_cell(header, row, tag: str) -> bytes:
    return _package(_sheet(_rows_xml([header, row]) + f"<row>{tag}</row>"))


def unaddressed_wide(header, row) -> bytes:
    """Cells without ``r``: placed one after another, a single row of 20,000 of them
    reaches column ACOF, and later rows without ``r`` continue downwards."""
    wide = "".join(_cell(None, "x") for _ in range(20_000))
    body = _rows_xml([header, row]) + f"<row>{wide}</row>" + "<row>" + _cell(None, "y") + "</row>"
    return _package(_sheet(body))


def _repeat(stream, head: bytes, unit: bytes, size: int, tail: bytes) -> None:
    stream.write(head)
    block = unit * (1_000_000 // len(unit))
    written = 0
    while written < size:
        stream.write(block)
        written += len(block)
    stream.write(tail)


def bomb(header, row) -> bytes:
    """A few hundred kilobytes that unpack to 25 MB of sheet XML (more than the corpus's
    limit of 20 MB; the same mechanism refuses 1.5 GB under the default limit)."""
    head = _sheet(_rows_xml([header, row])).split(b"</sheetData>")[0]
    unit = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return _package(
        sheet_writer=lambda s: _repeat(s, head, unit, 25_000_000, b"</sheetData></worksheet>")
    )


def shared_strings_bomb(header, row) -> bytes:
    unit = b"<si><t>x</t></si>"

    def strings(stream):
        _repeat(stream, b'<sst xmlns="' + MAIN.encode() + b'">', unit, 25_000_000, b"</sst>")

    return _package(_sheet(_rows_xml([header, row])), extra={"xl/sharedStrings.xml": strings})


def lying_bomb(header, row) -> bytes:
    """The bomb, with its zip directory claiming the sheet unpacks to 2 KB."""
    content = bomb(header, row)
    data = bytearray(content)
    name = b"xl/worksheets/sheet1.xml"
    # Local header: signature, …, uncompressed size at offset 22, name length at 26.
    position = data.find(b"PK\x03\x04")
    while position != -1:
        length = struct.unpack_from("<H", data, position + 26)[0]
        if data[position + 30 : position + 30 + length] == name:
            struct.pack_into("<I", data, position + 22, 2048)
        position = data.find(b"PK\x03\x04", position + 4)
    # Central directory entries: uncompressed size at offset 24, name length at 28.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == name:
            struct.pack_into("<I", data, position + 24, 2048)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def write(directory: Path, hostile: Hostile) -> Path:
    path = directory / hostile.name
    path.write_bytes(hostile.content)
    return path
