"""Birth dates as clerks write them.

Accepted: ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY`` (also ``D/M/YYYY``), and Excel
date cells, which the spreadsheet reader turns into ``YYYY-MM-DD`` first. Two-digit
years are refused: a birth year of ``85`` is ambiguous and the NIK check needs the
century-free digits anyway.
"""

import datetime as dt

import polars as pl

from jaring.core.frames import evaluate_one

MSG_WAJIB = "Tanggal lahir wajib diisi."
MSG_FORMAT = (
    "Tanggal lahir {} tidak dapat dibaca; gunakan format TTTT-BB-HH (1990-01-31) "
    "atau HH/BB/TTTT (31/01/1990)."
)
MSG_MASA_DEPAN = "Tanggal lahir {} berada di masa depan."
MSG_TERLALU_TUA = "Tanggal lahir {} tidak wajar (sebelum tahun 1900)."

EARLIEST = dt.date(1900, 1, 1)


def parse(text: pl.Expr) -> pl.Expr:
    """The date of a cleaned text, or null when blank or unreadable."""
    text = text.str.replace(r"[T ]00:00:00(?:\.0+)?$", "")
    dmy = text.str.replace_all("-", "/")
    iso = pl.when(text.str.contains(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")).then(
        text.str.to_date("%Y-%m-%d", strict=False)
    )
    day_first = pl.when(dmy.str.contains(r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$")).then(
        dmy.str.to_date("%d/%m/%Y", strict=False)
    )
    return pl.coalesce(iso, day_first)


def error(text: pl.Expr, *, today: dt.date, date: pl.Expr | None = None) -> pl.Expr:
    """Message for a cleaned text (``date`` = its parsed value, if already computed)."""
    date = parse(text) if date is None else date
    return (
        pl.when(text.is_null())
        .then(pl.lit(MSG_WAJIB))
        .when(date.is_null())
        .then(pl.format(MSG_FORMAT, text))
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
