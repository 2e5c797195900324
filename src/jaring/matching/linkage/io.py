"""Reading the ``jaring dedupe`` input file: every column as text, checked whole.

A file is refused (``UnusableFile``, with an Indonesian message) rather than half
processed when it cannot give one answer per record: unreadable, no ``record_id``
column, blank or repeated record ids.
"""

from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _


class UnusableFile(Exception):
    pass


def read_records(path: Path) -> pl.DataFrame:
    try:
        # An empty cell is null (Polars' default, whose parameter changed name in 1.43).
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise UnusableFile(
            _("Berkas %(path)s tidak dapat dibaca sebagai CSV: %(error)s")
            % {"path": path, "error": exc}
        ) from exc
    frame = frame.rename({c: c.strip().lstrip("\ufeff").lower() for c in frame.columns})
    if "record_id" not in frame.columns:
        raise UnusableFile(_("Kolom record_id tidak ada; setiap baris memerlukan record_id."))
    ids = frame.get_column("record_id").str.strip_chars()
    if ids.is_null().any() or (ids == "").any():
        raise UnusableFile(
            _("Ada baris dengan record_id kosong; setiap baris memerlukan record_id.")
        )
    duplicated = ids.filter(ids.is_duplicated()).unique().sort()
    if len(duplicated):
        shown = ", ".join(duplicated.head(5).to_list())
        raise UnusableFile(
            _("record_id harus unik; %(count)d nilai muncul lebih dari sekali (%(examples)s).")
            % {"count": len(duplicated), "examples": shown}
        )
    return frame.with_columns(record_id=ids)
