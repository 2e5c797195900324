"""Masking of identity numbers and birth dates for roles that do not need them.

Each rule is written for one value and for a whole column (Polars), for exports of a
hundred thousand rows; tests hold the two to the same result."""

import datetime as dt

import polars as pl


def mask_nik(nik: str | None) -> str:
    """``6471********0001``: region and serial stay readable for counting and support,
    the birth date digits in the middle do not."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_date(value: dt.date | None) -> str:
    """Only the birth year, which is enough to see an age group."""
    return f"**-**-{value.year}" if value else ""


def shown_identity(
    full: bool, nik: str | None, born: dt.date | None, date_format: str = "%d-%m-%Y"
) -> tuple[str, str]:
    """NIK and birth date as a page, an export or the API shows them: whole for a role
    that needs them (``full``), masked otherwise."""
    if full:
        return nik or "", born.strftime(date_format) if born else ""
    return mask_nik(nik), mask_date(born)


def mask_nik_expr(column: pl.Expr) -> pl.Expr:
    """``mask_nik`` of every value of a text column."""
    length = column.str.len_chars()
    stars = pl.lit("*").repeat_by(length - 8).list.join("")
    return (
        pl.when(column.is_null() | (length == 0))
        .then(pl.lit(""))
        .when(length <= 8)
        .then(pl.lit("*").repeat_by(length).list.join(""))
        .otherwise(pl.concat_str(column.str.slice(0, 4), stars, column.str.slice(-4)))
    )


def mask_date_expr(column: pl.Expr) -> pl.Expr:
    """``mask_date`` of every value of a date column."""
    return (
        pl.when(column.is_null())
        .then(pl.lit(""))
        .otherwise(pl.concat_str(pl.lit("**-**-"), column.dt.year().cast(pl.Utf8)))
    )


def mask_kpj(kpj: str | None) -> str:
    """``*******4567``: the last four digits, enough for a worker to recognise their own
    card and not enough to use the number."""
    if not kpj:
        return ""
    return "*" * max(0, len(kpj) - 4) + kpj[-4:]


def initials(nama: str | None) -> str:
    """``Budi Santoso`` → ``B. S.``: what an answer that anyone holding a NIK may read
    says of the name (enough to see it is the right person, not the name itself)."""
    words = [w for w in (nama or "").replace(".", " ").replace(",", " ").split() if w]
    return " ".join(f"{w[0].upper()}." for w in words if w[0].isalpha())
