"""Reading a clerk's CSV or XLSX into a frame of text cells, losing nothing.

The reading itself (encodings, Excel numbers, the bounds every file must keep) is the
shared reader's, :func:`jaring.sheets.read_table`; intake adds its own header check and
keeps every original column, so a rejected row can be given back as it was sent.
"""

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jaring.intake.columns import CANONICAL, LABELS, REQUIRED, map_headers
from jaring.sheets import NIK_FROM_NUMBER, ROW, UnusableFile, read_table

__all__ = ["NIK_FROM_NUMBER", "ROW", "SheetData", "UnusableFile", "read"]


@dataclass
class SheetData:
    """The rows of one file: canonical columns plus the original headers and cells."""

    frame: pl.DataFrame  # canonical text columns + _row + _nik_angka
    headers: list[str]  # original header texts, in file order
    original: pl.DataFrame  # every original column as text, + _row

    @property
    def height(self) -> int:
        return self.frame.height


def read(path: Path, original_name: str | None = None) -> SheetData:
    table = read_table(Path(path), _check_headers, original_name)
    frame = table.canonical()
    if NIK_FROM_NUMBER not in frame.columns:
        frame = frame.with_columns(pl.lit(False).alias(NIK_FROM_NUMBER))
    found = [c for c in CANONICAL if c in frame.columns]
    return SheetData(
        frame=frame.select(ROW, NIK_FROM_NUMBER, *found),
        headers=table.headers,
        original=table.frame.select(ROW, *table.headers),
    )


def _check_headers(headers: list[str]) -> dict[int, str]:
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
    return mapping
