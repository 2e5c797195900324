"""Row validation of an intake file, set-based over the whole file.

Every rule comes from ``jaring.core`` (NIK, names, dates, phones, rupiah) or from the
reference data (regions, occupations); this module only wires them to the columns of
the standard intake file and decides which column a rejection belongs to. A row with
any error is rejected as a whole; checks that compare two fields (NIK against birth
date and sex) run only when both fields are valid on their own, so a clerk sees the
cause, not its echoes.
"""

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import duckdb
import polars as pl
from django.utils.translation import gettext_noop

from jaring.core import dates, money, names, nik, phone, sex
from jaring.core.frames import clean_text
from jaring.intake.columns import CANONICAL
from jaring.intake.reader import NIK_FROM_NUMBER, ROW
from jaring.reasons import reason

MAX_ALAMAT = 300

MSG_JK_WAJIB = reason(gettext_noop("Jenis kelamin wajib diisi."))
MSG_JK_TIDAK_DIKENAL = reason(
    gettext_noop("Jenis kelamin {} tidak dikenal; tulis L atau P (Laki-laki/Perempuan).")
)
MSG_JK_TIDAK_COCOK = reason(
    gettext_noop("Jenis kelamin {} tidak sesuai NIK: digit 7–8 NIK menunjukkan {}.")
)
MSG_TGL_TIDAK_COCOK = reason(
    gettext_noop("Tanggal lahir {} tidak sesuai NIK: digit 7–12 NIK menunjukkan {}.")
)
MSG_WILAYAH_WAJIB = reason(gettext_noop("Kode wilayah (desa/kelurahan domisili) wajib diisi."))
MSG_WILAYAH_FORMAT = reason(
    gettext_noop(
        "Kode wilayah {} bukan kode desa/kelurahan Kemendagri; tulis lengkap sampai desa, "
        "misalnya 64.71.01.1001."
    )
)
MSG_WILAYAH_TIDAK_ADA = reason(
    gettext_noop("Kode wilayah {} tidak terdaftar sebagai desa/kelurahan Kemendagri.")
)
MSG_PEKERJAAN_WAJIB = reason(gettext_noop("Pekerjaan wajib diisi."))
MSG_PEKERJAAN_TIDAK_DIKENAL = reason(
    gettext_noop(
        "Pekerjaan {} tidak dikenal; gunakan kode atau nama pekerjaan yang terdaftar "
        "(misalnya nelayan, pedagang_pasar, ojek, buruh_harian_lepas)."
    )
)
MSG_ALAMAT_PANJANG = reason(gettext_noop("Alamat terlalu panjang (lebih dari 300 karakter)."))
MSG_KK = reason(gettext_noop("Nomor KK harus 16 digit angka (tertulis {})."))


@dataclass(frozen=True)
class Reference:
    """The reference data rows are checked against, read once per file."""

    provinces: Collection[str]
    regencies: Collection[str]
    districts: Collection[str]
    villages: Collection[str]
    occupations: Mapping[str, str]  # occupation_key(code/label/alias) → code


def occupation_key(text: str) -> str:
    """Comparable form of an occupation code, label or alias ("Pedagang-Pasar",
    "pedagang_pasar" and "PEDAGANG PASAR" are the same)."""
    return re.sub(r"[\s_\-/]+", " ", text.lower()).strip()


@dataclass
class Validated:
    valid: pl.DataFrame  # _row + normalised typed columns + values_hash + first_in_file
    errors: pl.DataFrame  # _row, field, message


def validate(frame: pl.DataFrame, reference: Reference, *, today: dt.date) -> Validated:
    """Check every row. Work is staged: cleaned text, then normalised values, then
    errors, each materialised once, because Polars re-evaluates an expression at every
    place it is used and the rules refer to their inputs many times."""
    for column in CANONICAL:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Utf8).alias(column))
    if NIK_FROM_NUMBER not in frame.columns:
        frame = frame.with_columns(pl.lit(False).alias(NIK_FROM_NUMBER))

    text = frame.select(
        pl.col(ROW), pl.col(NIK_FROM_NUMBER), *[clean_text(pl.col(c)).alias(c) for c in CANONICAL]
    )
    normalised = text.select(
        pl.col(ROW),
        nik.normalise(pl.col("nik")).alias("nik"),
        pl.col("nama"),
        dates.parse(pl.col("tanggal_lahir")).alias("tanggal_lahir"),
        sex.normalise(pl.col("jenis_kelamin")).alias("jenis_kelamin"),
        _region(pl.col("kode_wilayah")).alias("kode_wilayah"),
        pl.col("alamat"),
        _occupation_key(pl.col("pekerjaan"))
        .replace_strict(dict(reference.occupations), default=None, return_dtype=pl.Utf8)
        .alias("pekerjaan"),
        money.parse(pl.col("penghasilan")).alias("penghasilan"),
        phone.normalise(pl.col("no_hp")).alias("no_hp"),
        _kk(pl.col("no_kk")).alias("no_kk"),
    )
    both = normalised.hstack(
        text.select(pl.col(NIK_FROM_NUMBER), *[pl.col(c).alias(f"t_{c}") for c in CANONICAL])
    )
    own_errors = _field_errors(both, reference, today)
    with_errors = normalised.hstack(own_errors)
    agreement = _agreement_errors(with_errors)
    errors = _long_errors(with_errors.hstack(agreement))

    rejected_rows = errors.get_column(ROW).unique()
    valid = (
        normalised.filter(~pl.col(ROW).is_in(rejected_rows.implode()))
        .with_columns(pl.col("alamat", "no_hp", "no_kk").fill_null(""))
        .sort(ROW)
        .with_columns(pl.col("nik").is_first_distinct().alias("first_in_file"))
    )
    # Names repeat (a province has many Siti Aminahs): the search key is computed once
    # per distinct name, the costliest rule per value.
    keys = valid.select("nama").unique().with_columns(nama_kunci=names.search_key(pl.col("nama")))
    valid = valid.with_columns(values_hash=_values_hash(valid)).join(
        keys, on="nama", how="left", maintain_order="left"
    )
    return Validated(valid=valid, errors=errors)


def _field_errors(both: pl.DataFrame, reference: Reference, today: dt.date) -> pl.DataFrame:
    """One message column per field (``err_<field>``), each from its row rule."""
    return both.select(
        rule.alias(f"err_{name}") for name, rule in row_rules(reference, today).items()
    )


def row_rules(reference: Reference, today: dt.date) -> dict[str, pl.Expr]:
    """The rule of each field: a message for a row that breaks it, else null. Each reads
    the field's cleaned text (``t_<field>``) and its normalised value (``<field>``)."""
    return {
        "nik": nik.error(
            pl.col("nik"),
            provinces=reference.provinces,
            regencies=reference.regencies,
            districts=reference.districts,
            from_number=pl.col(NIK_FROM_NUMBER),
        ),
        "nama": names.error(pl.col("nama")),
        "tanggal_lahir": dates.error(
            _text("tanggal_lahir"), today=today, date=pl.col("tanggal_lahir")
        ),
        "jenis_kelamin": sex_rule(),
        "kode_wilayah": region_rule(reference.villages),
        "alamat": address_rule(),
        "pekerjaan": occupation_rule(),
        "penghasilan": money.error(_text("penghasilan"), pl.col("penghasilan")),
        "no_hp": phone.error(_text("no_hp"), pl.col("no_hp")),
        "no_kk": kk_rule(),
    }


def _text(field: str) -> pl.Expr:
    return pl.col(f"t_{field}")


def sex_rule() -> pl.Expr:
    """Sex is required and must be one ``core.sex`` knows."""
    return (
        pl.when(_text("jenis_kelamin").is_null())
        .then(pl.lit(MSG_JK_WAJIB))
        .when(pl.col("jenis_kelamin").is_null())
        .then(pl.format(MSG_JK_TIDAK_DIKENAL, _text("jenis_kelamin")))
    )


def region_rule(villages: Collection[str]) -> pl.Expr:
    """The region is a Kemendagri village code that exists."""
    return (
        pl.when(_text("kode_wilayah").is_null())
        .then(pl.lit(MSG_WILAYAH_WAJIB))
        .when(pl.col("kode_wilayah").is_null())
        .then(pl.format(MSG_WILAYAH_FORMAT, _text("kode_wilayah")))
        .when(~pl.col("kode_wilayah").is_in(list(villages)))
        .then(pl.format(MSG_WILAYAH_TIDAK_ADA, pl.col("kode_wilayah")))
    )


def address_rule() -> pl.Expr:
    """The address, optional, fits its column."""
    return (
        pl.when(_text("alamat").str.len_chars() > MAX_ALAMAT)
        .then(pl.lit(MSG_ALAMAT_PANJANG))
        .otherwise(None)
    )


def occupation_rule() -> pl.Expr:
    """The occupation is required and names an active one (code, label or alias)."""
    return (
        pl.when(_text("pekerjaan").is_null())
        .then(pl.lit(MSG_PEKERJAAN_WAJIB))
        .when(pl.col("pekerjaan").is_null())
        .then(pl.format(MSG_PEKERJAAN_TIDAK_DIKENAL, _text("pekerjaan")))
    )


def kk_rule() -> pl.Expr:
    """The family card number, optional, has 16 digits."""
    return (
        pl.when(_text("no_kk").is_not_null() & pl.col("no_kk").is_null())
        .then(pl.format(MSG_KK, _text("no_kk")))
        .otherwise(None)
    )


def _agreement_errors(frame: pl.DataFrame) -> pl.DataFrame:
    nik_ok = pl.col("err_nik").is_null()
    nik_col = pl.col("nik")
    nik_sex_label = (
        pl.when(nik.sex(nik_col) == "P").then(pl.lit("perempuan")).otherwise(pl.lit("laki-laki"))
    )
    return frame.select(
        pl.when(
            nik_ok
            & pl.col("err_tanggal_lahir").is_null()
            & ~nik.matches_birth_date(nik_col, pl.col("tanggal_lahir"))
        )
        .then(
            pl.format(
                MSG_TGL_TIDAK_COCOK,
                pl.col("tanggal_lahir").dt.strftime("%d-%m-%Y"),
                nik.birth_date_text(nik_col),
            )
        )
        .otherwise(None)
        .alias("err2_tanggal_lahir"),
        pl.when(
            nik_ok
            & pl.col("err_jenis_kelamin").is_null()
            & (nik.sex(nik_col) != pl.col("jenis_kelamin"))
        )
        .then(pl.format(MSG_JK_TIDAK_COCOK, pl.col("jenis_kelamin"), nik_sex_label))
        .otherwise(None)
        .alias("err2_jenis_kelamin"),
    )


def _long_errors(frame: pl.DataFrame) -> pl.DataFrame:
    error_columns = [c for c in frame.columns if c.startswith(("err_", "err2_"))]
    field_order = {name: position for position, name in enumerate(CANONICAL)}
    return (
        frame.select(ROW, *error_columns)
        .unpivot(index=ROW, variable_name="field", value_name="message")
        .drop_nulls("message")
        .with_columns(pl.col("field").str.replace(r"^err2?_", ""))
        .with_columns(
            pl.col("field").replace_strict(field_order, return_dtype=pl.Int32).alias("_order")
        )
        .sort(ROW, "_order")
        .drop("_order")
    )


def _region(text: pl.Expr) -> pl.Expr:
    """Dotted village code, from ``64.71.01.1001`` or ``6471011001``; null otherwise."""
    text = text.str.replace_all(r"\s", "")
    return (
        pl.when(text.str.contains(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$"))
        .then(text)
        .when(text.str.contains(r"^[0-9]{10}$"))
        .then(
            pl.concat_str(
                [
                    text.str.slice(0, 2),
                    text.str.slice(2, 2),
                    text.str.slice(4, 2),
                    text.str.slice(6, 4),
                ],
                separator=".",
            )
        )
    )


def _occupation_key(text: pl.Expr) -> pl.Expr:
    return text.str.to_lowercase().str.replace_all(r"[\s_\-/]+", " ").str.strip_chars()


def _kk(text: pl.Expr) -> pl.Expr:
    text = text.str.strip_chars_start("'").str.replace_all(r"[\s\-]", "")
    return pl.when(text.str.contains(r"^[0-9]{16}$")).then(text)


def _values_hash(valid: pl.DataFrame) -> pl.Series:
    """A stable digest of the values one row says about a person, so the same values
    from the same agency are stored once however often a file is re-sent. (Polars'
    own hash is not stable across versions, hence md5 of the joined text — DuckDB's
    vectorised ``md5``, the same digest as ``hashlib``'s over the UTF-8 bytes.)"""
    joined = valid.select(
        pl.concat_str(
            [pl.col(c).cast(pl.Utf8).fill_null("") for c in CANONICAL], separator="\x1f"
        ).alias("text")
    )
    with duckdb.connect() as connection:
        connection.register("joined", joined)
        digests = connection.sql("SELECT md5(text) AS values_hash FROM joined").pl()
    return digests.get_column("values_hash")
