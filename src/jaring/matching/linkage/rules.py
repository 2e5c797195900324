"""The rule the model cannot learn: different given names mean different people.

The linkage model adds evidence field by field, as if fields were independent. For
family members they are not: twins share the birth date, address, phone, the district
and birth-date digits of the NIK, and their NIKs differ in one serial digit — exactly
what a typo looks like. Added up, that outweighs any penalty the model can learn for
the names, so a pure model merges twins (and parents with a child listed under the
parent's NIK digits).

So one explicit, reviewable rule sits after the model: a pair whose names conflict is
never merged automatically. Names conflict when they share no word at all, or when
each has a word the other lacks (``Muhammad Rizki Saleh`` / ``Muhammad Fajar Saleh``)
and the NIKs differ. Equal NIKs do not excuse names with no word in common: at a
million records about one damaged NIK in a hundred is another person's valid NIK
(serials are counted per district, birth date and sex, so the space is dense). A
dropped word, another spelling, a typing slip or another word order is not a
conflict. Such a pair
keeps its score (a verifier can still see it) but is marked ``ditolak_aturan``.
"""

import polars as pl

from jaring.matching.linkage.comparisons import NAME_LEVELS, NIK_LEVELS


def _gamma(levels: list[str], label: str) -> int:
    """Splink numbers levels from the weakest (0) to the strongest; null is -1."""
    return len(levels) - 1 - levels.index(label)


NAME_CONFLICT = _gamma(NAME_LEVELS, "kata_bertentangan")
NAME_DIFFERENT = _gamma(NAME_LEVELS, "beda")
NIK_EQUAL = _gamma(NIK_LEVELS, "sama")


def family_guard() -> pl.Expr:
    """True for pairs the rule keeps apart."""
    return (pl.col("gamma_nama") == NAME_DIFFERENT) | (
        (pl.col("gamma_nama") == NAME_CONFLICT) & (pl.col("gamma_nik") != NIK_EQUAL)
    )
