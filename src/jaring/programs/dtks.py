"""Importing the poverty registry (DTKS / P3KE) that Dinas Sosial keeps.

Dinas Sosial publishes the registry as a whole list per period, so an import replaces
what Jaring holds: the NIKs of the file become the registry, in one transaction. Rows
with a malformed NIK or an impossible decile are refused with a reason and the rest is
loaded; a NIK listed twice (a household listing its members more than once) counts once.
Loading the same list again changes nothing. Programmes read the registry by NIK at
selection time (``programs.selection``), as a priority weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jaring.bulk import bulk_insert, read_frame
from jaring.core import nik
from jaring.core.frames import clean_text
from jaring.imports import error_dicts, errors_of
from jaring.intake.columns import VARIANTS as INTAKE_VARIANTS
from jaring.programs.models import Dtks
from jaring.reasons import reason
from jaring.sheets import NIK_FROM_NUMBER, ROW, Layout, UnusableFile, read_sheet
from jaring.wilayah.models import Tingkat
from jaring.wilayah.queries import kode_set

LAYOUT = Layout(
    variants={
        "nik": INTAKE_VARIANTS["nik"],
        "desil": ["desil", "desilkesejahteraan", "peringkatdesil", "desilp3ke", "desildtks"],
    },
    required=("nik",),
    labels={"nik": "NIK", "desil": "Desil"},
    example="NIK, Nama, Desil",
)
MSG_DESIL = reason(gettext_noop("Desil {} tidak sah; tulis angka 1 sampai 10 atau kosongkan."))


@dataclass
class DtksResult:
    rows: int
    loaded: int
    rejected: int
    duplicates: int
    added: int
    removed: int
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "added": self.added,
            "removed": self.removed,
            "errors": self.errors,
        }


def validate(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(valid, errors)``: valid ``(_row, nik, desil)`` rows and ``(_row, field,
    message)`` per problem."""
    text = frame.select(
        ROW,
        NIK_FROM_NUMBER,
        nik.normalise(clean_text(pl.col("nik"))).alias("nik"),
        clean_text(pl.col("desil")).alias("t_desil"),
    )
    desil = pl.col("t_desil").cast(pl.Int64, strict=False)
    checked = text.with_columns(
        desil=desil,
        err_nik=nik.error(
            pl.col("nik"),
            provinces=kode_set(Tingkat.PROVINSI),
            regencies=kode_set(Tingkat.KABUPATEN_KOTA),
            districts=kode_set(Tingkat.KECAMATAN),
            from_number=pl.col(NIK_FROM_NUMBER),
        ),
        err_desil=pl.when(
            pl.col("t_desil").is_not_null() & ~desil.is_between(1, 10).fill_null(False)
        ).then(pl.format(MSG_DESIL, pl.col("t_desil"))),
    )
    errors = errors_of(checked)
    valid = checked.filter(pl.col("err_nik").is_null() & pl.col("err_desil").is_null())
    return valid.select(ROW, "nik", "desil"), errors


def import_dtks(path: Path, *, sumber: str = "", original_name: str | None = None) -> DtksResult:
    """Replace the poverty registry with the valid rows of one file (module docstring).
    Raises ``sheets.UnusableFile`` when the file as a whole cannot be read."""
    frame = read_sheet(Path(path), LAYOUT, original_name)
    valid, errors = validate(frame)
    unique = valid.unique("nik", keep="first", maintain_order=True)
    if unique.is_empty():
        # Replacing the list with nothing would silently drop every programme's
        # poverty priority: a file without one valid NIK is refused as a whole.
        message = _("tidak ada satu pun NIK yang sah di berkas ini; daftar DTKS/P3KE tidak diubah")
        if not errors.is_empty():
            message += _(" (baris %(baris)s: %(alasan)s)") % {
                "baris": errors.get_column(ROW).min(),
                "alasan": errors.get_column("message")[0],
            }
        raise UnusableFile(message)
    sumber = (sumber or Path(original_name or path).name).strip()[:200]
    now = timezone.now()
    with transaction.atomic():
        before = read_frame(Dtks.objects.values_list("nik"), {"nik": pl.Utf8})
        new_niks = unique.select("nik")
        added = new_niks.join(before, on="nik", how="anti").height
        removed = before.join(new_niks, on="nik", how="anti").height
        Dtks.objects.all().delete()
        bulk_insert(
            Dtks._meta.db_table,
            ["nik", "desil", "sumber", "created_at"],
            unique.select(
                "nik",
                "desil",
                pl.lit(sumber).alias("sumber"),
                pl.lit(str(connection.ops.adapt_datetimefield_value(now))).alias("created_at"),
            ),
        )
    return DtksResult(
        rows=frame.height,
        loaded=unique.height,
        rejected=errors.get_column(ROW).n_unique(),
        duplicates=valid.height - unique.height,
        added=added,
        removed=removed,
        errors=error_dicts(errors),
    )
