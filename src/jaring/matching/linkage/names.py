"""Names as matching sees them: the person, not the way a clerk wrote them.

``core.names`` keeps a name as written (it is what the KTP says); here the same name
from two offices must compare equal: titles go (H., Hj., Drs., Ir., S.Pd, S.E.…, and
bin/binti), spellings of Muhammad become one word, Noor/Nor become Nur, old (pre-1972)
and regional spellings are modernised (oe→u, dj→j, tj→c, sj→sy, ch/kh→h), doubled
letters collapse, and the words are sorted so that word order does not matter.
The words are also kept as a list, because telling a duplicate ("Siti Aminah" /
"Siti Aminah Hasanah") from a twin ("Muhammad Rizki Saleh" / "Muhammad Fajar Saleh")
depends on which words each side has that the other lacks (see ``comparisons``).
"""

import polars as pl

from jaring.core.frames import evaluate_one

# Academic, religious and kinship words that are written or left out at will.
TITLES = [
    "h", "hj", "haji", "hajah", "hajjah", "dr", "drs", "dra", "ir", "st", "s", "pd", "spd",
    "se", "sh", "skm", "sked", "amd", "amk", "ak", "ag", "kom", "hum", "mm", "mpd", "mh",
    "mt", "msi", "ssos", "sag", "ssi", "bin", "binti", "bt", "bn", "alm", "almh", "prof",
]  # fmt: skip
DEGREES = (
    r"\b(?:s pd i|s (?:pd|e|h|km|kom|ag|sos|si|t|ip|ked|kep|farm|hum|ak|psi|th|pdi)"
    r"|a (?:md|ma)|m (?:pd|si|kes|hum|ag|m|h|t))\b"
)
# Spellings of Muhammad after the spelling rules below (ch→h, doubled letters kept).
MUHAMMAD = [
    "muhammad", "muhamad", "muhammat", "muhamat", "mohammad", "mohamad", "mohammed",
    "mohamed", "muhammed", "mohd", "moh", "muh", "mhd", "md", "m", "mochammad",
]  # fmt: skip
# Old and regional spellings, in this order (dj before j-rules, ch before h-rules).
SPELLING = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "h"), ("kh", "h"),
            ("ph", "f"), ("th", "t"), ("dh", "d")]  # fmt: skip


def normalise_tokens(name: pl.Expr) -> pl.Expr:
    """The sorted list of normalised words of a name (empty list for a blank name)."""
    text = (
        name.cast(pl.Utf8)
        .fill_null("")
        .str.normalize("NFKD")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z]+", " ")
    )
    # Degrees written with dots (S.Pd, S.E., A.Md, M.Pd) arrive here as two words.
    text = text.str.replace_all(DEGREES, " ")
    # Twice, because collapsing doubled letters can make a new old spelling (cch→ch).
    for _ in range(2):
        for letter in "abcdefghijklmnopqrstuvwxyz":  # a run of one letter, to one
            text = text.str.replace_all(letter + letter + "+", letter)
        for old, new in SPELLING:
            text = text.str.replace_all(old, new, literal=True)
    text = (
        text.str.replace_all(rf"\b(?:{'|'.join(TITLES)})\b", " ")
        .str.replace_all(rf"\b(?:{'|'.join(MUHAMMAD)})\b", "MUHAMAD")
        .str.replace_all(r"\bsitti\b", "siti")
        .str.replace_all(r"\bno?o?r", "nur")
    )
    text = text.str.to_lowercase()
    return text.str.split(" ").list.eval(pl.element().filter(pl.element() != "")).list.sort()


def normalise(name: pl.Expr) -> pl.Expr:
    """The normalised name as one string (words sorted, single spaces); null if blank."""
    joined = normalise_tokens(name).list.join(" ")
    return pl.when(joined == "").then(None).otherwise(joined)


def normalise_one(value: str | None) -> str | None:
    return evaluate_one(normalise, value)
