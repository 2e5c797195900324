"""NIK — the 16-digit population identity number (Nomor Induk Kependudukan).

Structure (Permendagri on population administration; domain.md):
digits 1–2 province, 3–4 regency/city, 5–6 district, in Kemendagri codes (the NIK's
region is where it was issued, not necessarily the current domicile); 7–12 birth date
DDMMYY with 40 added to the day for women; 13–16 a serial from 0001 to 9999.

Spreadsheets are the main source of damage: Excel turns a 16-digit NIK into a number,
shows it as ``6.47105E+15`` and keeps only 15 significant digits, so the 16th becomes
0. Those values get messages that say so, telling the clerk how to fix the column.
"""

import re
from collections.abc import Collection

import polars as pl
from django.utils.translation import gettext_noop

from jaring.core.frames import evaluate_one
from jaring.reasons import reason

EXCEL_SCIENTIFIC = r"^[0-9]+(?:[.,][0-9]+)?[eE][+]?[0-9]+$"
EXCEL_DECIMAL = r"^[0-9]{15,16}[.,][0-9]+$"

MSG_WAJIB = reason(gettext_noop("NIK wajib diisi."))
MSG_EXCEL_SCI = reason(
    gettext_noop(
        "NIK tertulis {}: Excel telah mengubahnya menjadi angka dan digit terakhirnya hilang. "
        "Ubah format kolom NIK menjadi Teks, lalu ketik ulang NIK sesuai KTP."
    )
)
MSG_EXCEL_DECIMAL = reason(
    gettext_noop(
        "NIK tertulis {} (angka desimal dari Excel). Ubah format kolom NIK menjadi Teks, "
        "lalu ketik ulang NIK sesuai KTP."
    )
)
MSG_EXCEL_NUMBER = reason(
    gettext_noop(
        "NIK {} tersimpan sebagai angka di Excel, yang hanya menyimpan 15 digit sehingga "
        "digit ke-16 menjadi 0. Ubah format kolom NIK menjadi Teks, lalu ketik ulang NIK "
        "sesuai KTP."
    )
)
MSG_BUKAN_ANGKA = reason(gettext_noop("NIK hanya boleh berisi angka (tertulis {})."))
MSG_15_DIGIT = reason(
    gettext_noop(
        "NIK hanya 15 digit ({}); digit terakhir kemungkinan hilang karena Excel. "
        "Ketik ulang NIK sesuai KTP dengan format kolom Teks."
    )
)
MSG_PANJANG = reason(gettext_noop("NIK harus 16 digit (tertulis {} digit)."))
MSG_PROVINSI = reason(gettext_noop("Kode provinsi {} pada NIK (digit 1–2) tidak dikenal."))
MSG_KABUPATEN = reason(gettext_noop("Kode kabupaten/kota {} pada NIK (digit 1–4) tidak dikenal."))
MSG_KECAMATAN = reason(gettext_noop("Kode kecamatan {} pada NIK (digit 1–6) tidak dikenal."))
MSG_TANGGAL = reason(
    gettext_noop("Tanggal lahir pada NIK (digit 7–12: {}) bukan tanggal yang sah.")
)
MSG_URUT = reason(gettext_noop("Nomor urut pada NIK (digit 13–16) tidak boleh 0000."))

# Largest integer a float64 holds exactly: larger numeric cells may already be altered.
FLOAT_EXACT_LIMIT = 2**53


def normalise(expr: pl.Expr) -> pl.Expr:
    """Remove what clerks add around a NIK: spaces and dashes used to group digits, and
    Excel's leading apostrophe that marks a cell as text. Dots are kept, because
    ``6471050101900001.0`` is Excel damage that must be reported, not repaired."""
    text = expr.cast(pl.Utf8).str.strip_chars().str.strip_chars_start("'")
    grouped = text.str.contains(r"^[0-9][0-9 \-]{14,}[0-9]$")
    cleaned = pl.when(grouped).then(text.str.replace_all(r"[ \-]", "")).otherwise(text)
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


def parts(nik: pl.Expr) -> dict[str, pl.Expr]:
    """Components of a (16-digit) NIK as expressions."""
    day_raw = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    return {
        "provinsi": nik.str.slice(0, 2),
        "kabupaten": pl.concat_str([nik.str.slice(0, 2), nik.str.slice(2, 2)], separator="."),
        "kecamatan": pl.concat_str(
            [nik.str.slice(0, 2), nik.str.slice(2, 2), nik.str.slice(4, 2)], separator="."
        ),
        "day_raw": day_raw,
        "hari": pl.when(day_raw > 40).then(day_raw - 40).otherwise(day_raw),
        "bulan": nik.str.slice(8, 2).cast(pl.Int32, strict=False),
        "yy": nik.str.slice(10, 2).cast(pl.Int32, strict=False),
        "jenis_kelamin": pl.when(day_raw > 40).then(pl.lit("P")).otherwise(pl.lit("L")),
        "urut": nik.str.slice(12, 4),
    }


def _date_is_valid(hari: pl.Expr, bulan: pl.Expr, yy: pl.Expr, day_raw: pl.Expr) -> pl.Expr:
    """Whether DDMMYY is a real date in 19YY or 20YY (29 February needs a leap year,
    which for two digits means YY divisible by 4: 1900 is not leap but 2000 is)."""
    max_day = (
        pl.when(bulan.is_in([1, 3, 5, 7, 8, 10, 12]))
        .then(31)
        .when(bulan.is_in([4, 6, 9, 11]))
        .then(30)
        .when(bulan == 2)
        .then(pl.when(yy % 4 == 0).then(29).otherwise(28))
        .otherwise(0)
    )
    day_ok = ((day_raw >= 1) & (day_raw <= 31)) | ((day_raw >= 41) & (day_raw <= 71))
    return day_ok & (hari >= 1) & (hari <= max_day)


def error(
    nik: pl.Expr,
    *,
    provinces: Collection[str],
    regencies: Collection[str],
    districts: Collection[str],
    from_number: pl.Expr | None = None,
) -> pl.Expr:
    """The Indonesian message for what is wrong with a normalised NIK, or null.

    ``from_number`` marks values that came from a numeric spreadsheet cell (XLSX); a
    16-digit number ending in 0 there is indistinguishable from Excel's truncation, and
    one beyond 2**53 may have been altered by floating point, so both are rejected.
    """
    p = parts(nik)
    numeric_suspect = pl.lit(False)
    if from_number is not None:
        numeric_suspect = from_number.fill_null(False) & (
            nik.str.ends_with("0")
            | (
                nik.str.contains(r"^[0-9]{16}$")
                & (nik.cast(pl.Int64, strict=False) >= FLOAT_EXACT_LIMIT)
            )
        )
    n_chars = nik.str.len_chars()
    return (
        pl.when(nik.is_null())
        .then(pl.lit(MSG_WAJIB))
        .when(nik.str.contains(EXCEL_SCIENTIFIC))
        .then(pl.format(MSG_EXCEL_SCI, nik))
        .when(nik.str.contains(EXCEL_DECIMAL))
        .then(pl.format(MSG_EXCEL_DECIMAL, nik))
        .when(~nik.str.contains(r"^[0-9]+$"))
        .then(pl.format(MSG_BUKAN_ANGKA, nik))
        .when(numeric_suspect)
        .then(pl.format(MSG_EXCEL_NUMBER, nik))
        .when(n_chars == 15)
        .then(pl.format(MSG_15_DIGIT, nik))
        .when(n_chars != 16)
        .then(pl.format(MSG_PANJANG, n_chars))
        .when(~p["provinsi"].is_in(list(provinces)))
        .then(pl.format(MSG_PROVINSI, p["provinsi"]))
        .when(~p["kabupaten"].is_in(list(regencies)))
        .then(pl.format(MSG_KABUPATEN, p["kabupaten"]))
        .when(~p["kecamatan"].is_in(list(districts)))
        .then(pl.format(MSG_KECAMATAN, p["kecamatan"]))
        .when(~_date_is_valid(p["hari"], p["bulan"], p["yy"], p["day_raw"]))
        .then(pl.format(MSG_TANGGAL, nik.str.slice(6, 6)))
        .when(p["urut"] == "0000")
        .then(pl.lit(MSG_URUT))
        .otherwise(None)
    )


def matches_birth_date(nik: pl.Expr, tanggal_lahir: pl.Expr) -> pl.Expr:
    """Whether a valid NIK's DDMMYY agrees with a parsed birth date."""
    p = parts(nik)
    return (
        (tanggal_lahir.dt.day() == p["hari"])
        & (tanggal_lahir.dt.month() == p["bulan"])
        & (tanggal_lahir.dt.year() % 100 == p["yy"])
    )


def sex(nik: pl.Expr) -> pl.Expr:
    """``L`` or ``P`` as encoded in a valid NIK."""
    return parts(nik)["jenis_kelamin"]


def birth_date_text(nik: pl.Expr) -> pl.Expr:
    """The NIK's birth date as DD-MM-YY, for messages."""
    p = parts(nik)
    return pl.format(
        "{}-{}-{}",
        p["hari"].cast(pl.Utf8).str.zfill(2),
        nik.str.slice(8, 2),
        nik.str.slice(10, 2),
    )


def check(
    value: str | None,
    *,
    provinces: Collection[str],
    regencies: Collection[str],
    districts: Collection[str],
) -> str | None:
    """The message for one NIK as a clerk typed it, or None when it is valid."""
    return evaluate_one(
        lambda v: error(
            normalise(v), provinces=provinces, regencies=regencies, districts=districts
        ),
        value,
    )


def query_digits(query: str | None) -> str:
    """The digits of a NIK-shaped query — digits with the spaces and dashes people type
    between them ("6471 0105 …") — else "". What counts as a search by NIK (logged,
    throttled) everywhere."""
    digits = re.sub(r"[\s\-]", "", query or "")
    return digits if digits.isdigit() else ""


def in_query(query: str | None) -> str | None:
    """The NIK a query names exactly (16 digits, separators dropped), or None."""
    digits = query_digits((query or "").strip())
    return digits if len(digits) == 16 else None
