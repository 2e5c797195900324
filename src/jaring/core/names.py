"""Person names as written on the KTP, checked before they reach a spreadsheet again.

Names keep their titles and spelling as the clerk wrote them (matching normalises them
separately); only white space is tidied. A name that starts with ``=``, ``+``, ``-`` or
``@`` is refused because a spreadsheet would run it as a formula when the list is
exported (CSV/formula injection).
"""

import functools
import unicodedata

import polars as pl
from django.utils.translation import gettext_noop

from jaring.core.frames import clean_text, evaluate_one
from jaring.reasons import reason

MAX_LENGTH = 100
ALLOWED = r"^[\p{L}\p{M} '.,\-]+$"

MSG_WAJIB = reason(gettext_noop("Nama wajib diisi."))
MSG_RUMUS = reason(
    gettext_noop(
        "Nama tidak boleh diawali tanda {} karena dapat dijalankan sebagai rumus di spreadsheet."
    )
)
MSG_KARAKTER = reason(
    gettext_noop("Nama hanya boleh berisi huruf, spasi, dan tanda ' . , - (tertulis {}).")
)
MSG_PANJANG = reason(gettext_noop("Nama terlalu panjang (lebih dari 100 karakter)."))
MSG_HURUF = reason(gettext_noop("Nama harus mengandung huruf."))


def normalise(text: pl.Expr) -> pl.Expr:
    """Names are kept as written; cleaning the white space is all (see module doc)."""
    return clean_text(text)


def error(name: pl.Expr) -> pl.Expr:
    """Message for a cleaned name, or null."""
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


# Titles and kinship particles that clerks write or leave out at will.
_TITLE_TOKENS = [
    "h", "hj", "haji", "hajjah", "dr", "drs", "dra", "ir", "st", "s", "pd", "spd", "se",
    "sh", "skm", "amd", "amk", "mm", "mpd", "mh", "mt", "ssos", "sag", "bin", "binti",
    "bt", "bn", "alm", "almh",
]  # fmt: skip
# Spellings of Muhammad, written out or abbreviated.
_MUHAMMAD = [
    "muhammad", "muhamad", "muhammat", "muhamat", "mohammad", "mohamad", "mohammed",
    "mochammad", "mochamad", "muchammad", "muchamad", "moch", "moh", "muh", "mhd", "md", "m",
]  # fmt: skip
# Old and regional spellings (EYD): dj→j, tj→c, oe→u, ch→h, sj→sy; f/v/p and q/k alike.
_SPELLING = [("dj", "j"), ("tj", "c"), ("oe", "u"), ("ch", "h"), ("sj", "sy"), ("ph", "f"),
             ("v", "f"), ("q", "k"), ("x", "ks"), ("z", "j")]  # fmt: skip


def search_key(expr: pl.Expr) -> pl.Expr:
    """A spelling-tolerant key of a name for search: ``Muhamad Noor`` and
    ``MUHAMMAD NUR, S.Pd`` both give ``mhd nr``.

    Per word: titles dropped, old spellings modernised, ``h`` after the first letter
    dropped, doubled letters collapsed, vowels after the first letter dropped; words
    are sorted so that word order does not matter. Written as whole-string regular
    expressions on word boundaries, which is twice as fast as per-word list work.
    """
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = (
        expr.cast(pl.Utf8).str.normalize("NFKD").str.to_lowercase().str.replace_all(r"[^a-z ]", " ")
    )
    for old, new in _SPELLING:
        text = text.str.replace_all(old, new, literal=True)
    titles = "|".join(_TITLE_TOKENS)
    muhammad = "|".join(_MUHAMMAD)
    # Upper case marks the Muhammad token so the lower-case rules below leave it alone.
    text = (
        text.str.replace_all(rf"\b(?:{titles})\b", " ")
        .str.replace_all(rf"\b(?:{muhammad})\b", "MHD")
        .str.replace_all(r"\Bh", "")
        .str.replace_many([c + c for c in letters], list(letters))
        .str.replace_all(r"\B[aeiou]", "")
        .str.to_lowercase()
    )
    return (
        text.str.strip_chars()
        .str.split(" ")
        .list.eval(pl.element().filter(pl.element() != ""))
        .list.sort()
        .list.join(" ")
    )


def search_key_one(value: str | None) -> str:
    return evaluate_one(search_key, value) or ""


def sort_key(name: str | None) -> tuple[str, str]:
    """How names sort in a list: as a reader of Indonesian expects, not by character
    codes, so ``budi``, ``Budi`` and ``BUDI`` stand together and ``Élan`` beside
    ``Elan``. Letters without their accents and case first; then, as ICU does, the
    unaccented and lower-case spelling before the others, so the order is stable.
    PostgreSQL sorts the same way through an ICU collation (registry migration
    ``person_nama_collation``); SQLite calls this."""
    text = name or ""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return folded.casefold(), text.swapcase()


def compare_for_sort(a: str | None, b: str | None) -> int:
    """``sort_key`` as the three-way comparison a SQLite collation is."""
    key_a, key_b = _cached_sort_key(a), _cached_sort_key(b)
    return (key_a > key_b) - (key_a < key_b)


@functools.lru_cache(maxsize=65536)
def _cached_sort_key(name: str | None) -> tuple[str, str]:
    return sort_key(name)
