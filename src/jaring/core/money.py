"""Rupiah amounts: whole rupiah as integers, never floats.

Clerks write ``1500000``, ``1.500.000`` (Indonesian thousands separator),
``1,500,000``, ``Rp 1.500.000`` or ``Rp1.500.000,00``. Cents (sen) are not used in this
programme: a non-zero fraction is refused instead of rounded, so no rupiah is invented
or lost silently.
"""

import polars as pl
from django.utils.translation import gettext_noop

from jaring.core.frames import evaluate_one
from jaring.reasons import reason

MSG_NEGATIF = reason(gettext_noop("Penghasilan tidak boleh negatif (tertulis {})."))
MSG_FORMAT = reason(
    gettext_noop(
        "Penghasilan {} bukan jumlah rupiah yang sah; tulis angka bulat, misalnya 1500000."
    )
)
MSG_TERLALU_BESAR = reason(gettext_noop("Penghasilan {} terlalu besar untuk penghasilan bulanan."))

# Above this a monthly income is a typing error (an extra zero group), not a wage.
MAX_MONTHLY = 10_000_000_000


def _digits(text: pl.Expr) -> pl.Expr:
    text = (
        text.str.replace(r"^(?i:rp\.?)\s*", "")
        .str.replace_all(" ", "")
        .str.replace(r"[.,]00?$", "")
    )
    return (
        pl.when(text.str.contains(r"^[0-9]+$"))
        .then(text)
        .when(text.str.contains(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$"))
        .then(text.str.replace_all(r"\.", ""))
        .when(text.str.contains(r"^[1-9][0-9]{0,2}(?:,[0-9]{3})+$"))
        .then(text.str.replace_all(",", ""))
    )


def parse(text: pl.Expr) -> pl.Expr:
    """Whole rupiah (Int64) of a cleaned text, or null when blank or not valid."""
    amount = _digits(text).cast(pl.Int64, strict=False)
    return pl.when(amount <= MAX_MONTHLY).then(amount)


def error(text: pl.Expr, amount: pl.Expr | None = None) -> pl.Expr:
    """Message for a cleaned text (``amount`` = its parsed value, if computed)."""
    amount = parse(text) if amount is None else amount
    return (
        pl.when(text.is_null() | amount.is_not_null())
        .then(None)
        .when(text.str.contains(r"^-\s*(?i:rp\.?)?\s*[0-9]"))
        .then(pl.format(MSG_NEGATIF, text))
        .when(_digits(text).is_not_null())
        .then(pl.format(MSG_TERLALU_BESAR, text))
        .otherwise(pl.format(MSG_FORMAT, text))
    )


def parse_one(value: str | None) -> int | None:
    return evaluate_one(parse, value)


def thousands(number: float) -> str:
    """Indonesian grouping: 1048576 → ``1.048.576`` (whole numbers; a fraction rounds)."""
    return f"{number:,.0f}".replace(",", ".")


def rupiah(amount: int) -> str:
    """Indonesian notation: ``Rp 20.160.000.000`` (dots group thousands)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {thousands(abs(amount))}"
