"""From raw listing text to the columns the linkage model compares.

Every input column is text, any may be blank; the rules that clean them live in
``core`` (NIK, dates, phone, names) and are reused here, so matching sees a NIK, a
date or a phone number exactly as intake does. What matching adds is derived columns:
NIK prefixes for blocking, the normalised name and its words, a spelling-tolerant name
key, region prefixes, and a lightly normalised address.
"""

import polars as pl

from jaring.core import dates, nik, phone, sex
from jaring.core.frames import clean_text
from jaring.core.names import search_key
from jaring.matching.linkage.names import normalise_tokens

INPUT_COLUMNS = [
    "record_id", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah",
    "alamat", "no_hp", "pekerjaan",
]  # fmt: skip
EPOCH = pl.date(1970, 1, 1)


def prepare(records: pl.DataFrame) -> pl.DataFrame:
    """One row per record: ``unique_id`` (its position, for speed in the database),
    ``record_id`` as given, and the compared columns. Missing input columns count as
    blank."""
    frame = records.with_columns(
        pl.lit(None, pl.Utf8).alias(c) for c in INPUT_COLUMNS if c not in records.columns
    ).select(pl.col(INPUT_COLUMNS).cast(pl.Utf8))
    frame = frame.with_columns(clean_text(pl.col(c)).alias(c) for c in INPUT_COLUMNS)
    frame = frame.with_columns(
        unique_id=pl.int_range(pl.len(), dtype=pl.Int64),
        nik=_nik(pl.col("nik")),
        lahir=dates.parse(pl.col("tanggal_lahir")),
        tokens=normalise_tokens(pl.col("nama")),
        name_key=search_key(pl.col("nama")),
        no_hp=phone.normalise(pl.col("no_hp")).str.slice(3),
        kode_wilayah=pl.when(pl.col("kode_wilayah").str.contains(r"^\d\d(\.\d\d){2}\.\d{4}$")).then(
            pl.col("kode_wilayah")
        ),
        alamat=_address(pl.col("alamat")),
        jk=sex.normalise(pl.col("jenis_kelamin")),
    )
    nik_sex = pl.when(pl.col("nik").str.len_chars() >= 8).then(nik.sex(pl.col("nik")))
    return frame.select(
        "unique_id",
        "record_id",
        "nik",
        nik12=pl.col("nik").str.slice(0, 12),
        nama=pl.col("tokens").list.join(" ").replace("", None),
        tokens=pl.when(pl.col("tokens").list.len() > 0).then(pl.col("tokens")),
        name_key=pl.col("name_key").replace("", None),
        tanggal=pl.col("lahir").dt.strftime("%Y-%m-%d"),
        hari=(pl.col("lahir") - EPOCH).dt.total_days(),
        tahun=pl.col("lahir").dt.year(),
        # Sex as written; when blank, as the NIK encodes it (day + 40 for women).
        jenis_kelamin=pl.coalesce(pl.col("jk"), nik_sex),
        kode_wilayah="kode_wilayah",
        kecamatan=pl.col("kode_wilayah").str.slice(0, 8),
        kabupaten=pl.col("kode_wilayah").str.slice(0, 5),
        no_hp="no_hp",
        alamat="alamat",
    )


def _nik(text: pl.Expr) -> pl.Expr:
    """Digits of a NIK that can still be compared: 16 digits, or 15 when Excel dropped
    the last one. Scientific notation (6.47105E+15) keeps too few digits to compare."""
    cleaned = nik.normalise(text)
    return pl.when(cleaned.str.contains(r"^[0-9]{15,16}$")).then(cleaned)


def address_key(text: pl.Expr) -> pl.Expr:
    """The address as the model compares it (registry linking tests equality on it)."""
    return _address(text)


def _address(text: pl.Expr) -> pl.Expr:
    """Lower case, street words abbreviated one way, leading zeros of numbers dropped,
    so "JALAN MASJID RT.07 no 5" and "Jl. Masjid No. 5 RT 007" share most characters."""
    a = (
        text.str.to_lowercase()
        .str.replace_all(r"\bjalan\b", "jl")
        .str.replace_all(r"\bgang\b", "gg")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.replace_all(r"\b0+(\d)", "$1")
        .str.replace_all(r"\b(?:no|nomor)\b", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    return pl.when(a == "").then(None).otherwise(a)
