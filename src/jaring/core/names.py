"""Person names as written on the KTP, checked before they reach a spreadsheet again.

Names keep their titles and spelling as the clerk wrote them (matching normalises them
separately); only white space is tidied. A name that starts with ``=``, ``+``, ``-`` or
``@`` is refused because a spreadsheet would run it as a formula when the list is
exported (CSV/formula injection).
"""

import polars as pl

from jaring.core.frames import clean_text, evaluate_one

MAX_LENGTH = 100
ALLOWED = r"^[\p{L}\p{M} '.,\-]+$"

MSG_WAJIB = "Nama wajib diisi."
MSG_RUMUS = (
    "Nama tidak boleh diawali tanda {} karena dapat dijalankan sebagai rumus di spreadsheet."
)
MSG_KARAKTER = "Nama hanya boleh berisi huruf, spasi, dan tanda ' . , - (tertulis {})."
MSG_PANJANG = f"Nama terlalu panjang (lebih dari {MAX_LENGTH} karakter)."
MSG_HURUF = "Nama harus mengandung huruf."


def normalise(expr: pl.Expr) -> pl.Expr:
    return clean_text(expr)


def error(expr: pl.Expr) -> pl.Expr:
    name = normalise(expr)
    return (
        pl.when(name.is_null())
        .then(pl.lit(MSG_WAJIB))
        .when(name.str.contains(r"^[=+\-@]"))
        .then(pl.format(MSG_RUMUS, name.str.slice(0, 1)))
        .when(~name.str.contains(ALLOWED))
        .then(pl.format(MSG_KARAKTER, name))
        .when(~name.str.contains(r"\p{L}"))
        .then(pl.lit(MSG_HURUF))
        .when(name.str.len_chars() > MAX_LENGTH)
        .then(pl.lit(MSG_PANJANG))
        .otherwise(None)
    )


def check(value: str | None) -> str | None:
    return evaluate_one(error, value)
