"""The one way Jaring writes a CSV or XLSX file for people to open.

Every text cell goes through ``core.cells.safe_cell`` (formula-leading text gets a
leading quote), so a name, an address or a scenario title typed by anyone can never
become a live formula in the reader's Excel. Workbooks are made with
``strings_to_formulas`` off, and their worksheets apply ``safe_cell`` to every string
however it is written (``write``, ``write_string``, ``write_row``): a writer cannot
forget it. Numbers written as numbers stay numbers.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from jaring.core.cells import safe_cell, safe_frame

if TYPE_CHECKING:
    import xlsxwriter

# A BOM so Excel opens a UTF-8 CSV with the right characters.
BOM = b"\xef\xbb\xbf"


def csv_bytes(frame: pl.DataFrame, *, bom: bool = True) -> bytes:
    buffer = io.BytesIO()
    safe_frame(frame).write_csv(buffer)
    return (BOM if bom else b"") + buffer.getvalue()


def write_csv(frame: pl.DataFrame, path: Path | str, *, bom: bool = True) -> None:
    """``bom=False`` for files other programs read first (the command line's outputs)."""
    Path(path).write_bytes(csv_bytes(frame, bom=bom))


def workbook(target, **options) -> xlsxwriter.Workbook:
    """An XLSX workbook whose text cells are text, never formulas. ``target`` is a
    path or a buffer; ``options`` are xlsxwriter's (``constant_memory`` …)."""
    return _safe_workbook()(target, {"in_memory": True, **options, "strings_to_formulas": False})


@functools.cache
def _safe_workbook() -> type[xlsxwriter.Workbook]:
    """The workbook class, made on first use: a command that writes only CSV (``jaring
    dedupe``) does not pay for importing xlsxwriter."""
    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

    class SafeWorksheet(Worksheet):
        def _write_string(self, row, col, string, cell_format=None):
            return super()._write_string(row, col, safe_cell(string), cell_format)

    class SafeWorkbook(xlsxwriter.Workbook):
        worksheet_class = SafeWorksheet

    return SafeWorkbook
