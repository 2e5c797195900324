"""Running a column rule on a single value.

Every rule in ``core`` is written once, as a Polars expression, because bulk intake
validates a million rows at a time. Forms, the API and tests that need the same rule for
one value evaluate that expression on a one-row frame instead of keeping a second
implementation that could drift.

Rules take text that has already been through ``clean_text`` and, where they need a
derived value more than once (a parsed date, a normalised NIK), accept it as an
argument: Polars evaluates an expression again at every place it is used, so bulk
callers materialise those columns once and pass them in.
"""

from collections.abc import Callable
from typing import Any

import polars as pl


def evaluate_one(rule: Callable[[pl.Expr], pl.Expr], value: object) -> Any:
    """Run ``rule`` on one raw value (cleaned first, as bulk callers do)."""
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.Utf8})
    return frame.select(rule(clean_text(pl.col("v"))).alias("out")).item()


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Trim and collapse inner white space; empty cells become null."""
    text = expr.cast(pl.Utf8).str.replace_all(r"[\s\u00a0]+", " ").str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)
