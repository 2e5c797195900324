"""Birth dates as clerks write them.

Accepted: ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY`` (also ``D/M/YYYY``), and Excel
date cells, which the spreadsheet reader turns into ``YYYY-MM-DD`` first. Two-digit
years are refused: a birth year of ``85`` is ambiguous and the NIK check needs the
century-free digits anyway.
"""

import datetime as dt

import polars as pl
from django.utils.translation import gettext_noop

from jaring.core.frames import evaluate_one
from jaring.reasons import reason

MSG_WAJIB = reason(gettext_noop("Tanggal lahir wajib diisi."))
MSG_FORMAT = reason(
    gettext_noop(
        "Tanggal lahir {} tidak dapat dibaca; gunakan format TTTT-BB-HH (1990-01-31) "
        "atau HH/BB/TTTT (31/01/1990)."
    )
)
MSG_TIDAK_ADA = reason(
    gettext_noop("Tanggal {} tidak ada dalam kalender; periksa tanggal dan bulannya.")
)
MSG_MASA_DEPAN = reason(gettext_noop("Tanggal lahir {} berada di masa depan."))
MSG_TERLALU_TUA = reason(gettext_noop("Tanggal lahir {} tidak wajar (sebelum tahun 1900)."))

EARLIEST = dt.date(1900, 1, 1)


ISO_SHAPE = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"
DAY_FIRST_SHAPE = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"
# Either shape in one pattern (day first with - or /), with Excel's midnight allowed.
DATE_SHAPE = (
    r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{4})"
    r"(?:[T ]00:00:00(?:\.0+)?)?$"
)


def parse(text: pl.Expr) -> pl.Expr:
    """The date of a cleaned text, or null when blank or unreadable."""
    text = text.str.replace(r"[T ]00:00:00(?:\.0+)?$", "")
    dmy = text.str.replace_all("-", "/")
    iso = pl.when(text.str.contains(ISO_SHAPE)).then(text.str.to_date("%Y-%m-%d", strict=False))
    day_first = pl.when(dmy.str.contains(DAY_FIRST_SHAPE)).then(
        dmy.str.to_date("%d/%m/%Y", strict=False)
    )
    return pl.coalesce(iso, day_first)


def written_as_date(text: pl.Expr) -> pl.Expr:
    """``text`` has the shape of a date (``1990-02-31``, ``31-02-1990``, ``31/02/1990``)
    whatever its numbers: one that then does not parse names a day the calendar lacks,
    which the clerk fixes differently from a cell that is not a date at all."""
    return text.str.contains(DATE_SHAPE)


def unreadable(text: pl.Expr, template: str) -> pl.Expr:
    """The reason for a filled cell that is no date: ``MSG_TIDAK_ADA`` when it is written
    like a date, else ``template`` (each importer says which formats it reads)."""
    return (
        pl.when(written_as_date(text))
        .then(pl.format(MSG_TIDAK_ADA, text))
        .otherwise(pl.format(template, text))
    )


def error(text: pl.Expr, *, today: dt.date, date: pl.Expr | None = None) -> pl.Expr:
    """Message for a cleaned text (``date`` = its parsed value, if already computed)."""
    date = parse(text) if date is None else date
    return (
        pl.when(text.is_null())
        .then(pl.lit(MSG_WAJIB))
        .when(date.is_null())
        .then(unreadable(text, MSG_FORMAT))
        .when(date > pl.lit(today))
        .then(pl.format(MSG_MASA_DEPAN, text))
        .when(date < pl.lit(EARLIEST))
        .then(pl.format(MSG_TERLALU_TUA, text))
        .otherwise(None)
    )


def parse_one(value: str | None) -> dt.date | None:
    return evaluate_one(parse, value)


def age_on(born: pl.Expr, day: dt.date) -> pl.Expr:
    """Completed years of life on ``day`` (a birthday later in the year has not come
    yet). Eligibility reads it on the first day of cover: selection for a programme's
    first month, renewal for the next year's."""
    birthday = born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)
    return (
        pl.lit(day.year, pl.Int32)
        - born.dt.year().cast(pl.Int32)
        - (birthday > day.month * 100 + day.day).cast(pl.Int32)
    )
