"""Running a column rule on a single value.

Every rule in ``core`` is written once, as a Polars expression, because bulk intake
validates a million rows at a time. Forms, the API and tests that need the same rule for
one value evaluate that expression on a one-row frame instead of keeping a second
implementation that could drift.
"""

from collections.abc import Callable

import polars as pl


def evaluate_one(rule: Callable[[pl.Expr], pl.Expr], value: object) -> object:
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.Utf8})
    return frame.select(rule(pl.col("v")).alias("out")).item()


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Trim and collapse inner white space; empty cells become null."""
    text = expr.cast(pl.Utf8).str.replace_all(r"[\s\u00a0]+", " ").str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)
