"""Indonesian mobile numbers, stored as ``+62…``.

Clerks write 0812-3456-7890, +62 812 3456 7890, 62812…, or (after Excel ate the leading
zero) 812…. Mobile numbers start with 8 after the country code and have 9 to 12 digits
after it (0812-345-678 is the shortest in use, 0812-3456-78901 the longest).
"""

import polars as pl
from django.utils.translation import gettext_noop

from jaring.core.frames import evaluate_one
from jaring.reasons import reason

MSG_TIDAK_VALID = reason(
    gettext_noop("Nomor HP {} tidak valid; tulis nomor seluler Indonesia, misalnya 0812-3456-7890.")
)


def _national(text: pl.Expr) -> pl.Expr:
    digits = text.str.replace_all(r"[\s\-\.\(\)/]", "")
    return (
        pl.when(digits.str.starts_with("+62"))
        .then(digits.str.slice(3))
        .when(digits.str.starts_with("62"))
        .then(digits.str.slice(2))
        .when(digits.str.starts_with("0"))
        .then(digits.str.slice(1))
        .otherwise(digits)
    )


def normalise(text: pl.Expr) -> pl.Expr:
    """``+62`` and the national number of a cleaned text; null when blank or invalid."""
    national = _national(text)
    return pl.when(national.str.contains(r"^8[0-9]{8,11}$")).then(pl.lit("+62") + national)


def error(text: pl.Expr, normalised: pl.Expr | None = None) -> pl.Expr:
    """Message for a non-blank text that is not a mobile number; null otherwise."""
    normalised = normalise(text) if normalised is None else normalised
    return (
        pl.when(text.is_not_null() & normalised.is_null())
        .then(pl.format(MSG_TIDAK_VALID, text))
        .otherwise(None)
    )


def normalise_one(value: str | None) -> str | None:
    return evaluate_one(normalise, value)
