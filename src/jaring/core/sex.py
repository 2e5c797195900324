"""Sex (*jenis kelamin*) as clerks write it: ``L`` or ``P``.

One table of the spellings seen in worker lists ("Laki-laki", "LK", "Pria",
"Perempuan", "Wanita", …), read by intake's validation and by the linkage features; the
sex a NIK encodes is ``core.nik.sex``.
"""

import polars as pl

CODES = {
    "L": "L", "LAKILAKI": "L", "LAKI": "L", "LK": "L", "PRIA": "L",
    "P": "P", "PEREMPUAN": "P", "PR": "P", "WANITA": "P", "PERPUAN": "P",
}  # fmt: skip


def normalise(text: pl.Expr) -> pl.Expr:
    """``L``/``P``, or null for anything not in :data:`CODES` (case, spaces and
    hyphens ignored)."""
    key = text.str.to_uppercase().str.replace_all(r"[^A-Z]", "")
    return key.replace_strict(CODES, default=None, return_dtype=pl.Utf8)
