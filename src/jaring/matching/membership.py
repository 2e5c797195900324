"""Importing BPJS Ketenagakerjaan's membership file, set-based and all-or-nothing.

The file (CSV or XLSX, one row per participant number) is read into a frame of text
cells with intake's reader helpers, every row is checked at once with the same rules
intake uses (``jaring.core``: NIK, name, date), and the valid rows go to a temporary
staging table in one bulk operation (PostgreSQL ``COPY``). Two statements then bring
the snapshot up to date: an ``UPDATE … FROM`` for participant numbers Jaring already
holds, when the file is at least as recent and says something different, and an
``INSERT … SELECT`` for new numbers. The optional columns "Bulan iuran" and "Status
iuran" (LUNAS/BELUM) carry BPJS's word on the worker's own payment of that month — a
co-funded participant's share (*porsi pekerja*) or a worker who continued on their own
(*lanjut mandiri*) — into ``IuranMandiri``, one row per KPJ and month. The import
record, the rows and the rejections are written in one transaction, so a failure leaves
nothing behind.

Importing the very same file again is recognised by its SHA-256 and changes nothing; a
different file that repeats what Jaring holds changes nothing either (the comparison is
on values). A row from a file older than what Jaring holds for its KPJ is ignored and
counted, so loading last month's file after this month's cannot undo it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_noop

from jaring import imports
from jaring.bulk import bulk_insert, is_postgres
from jaring.core import dates, names, nik
from jaring.core.frames import clean_text
from jaring.core.months import add_months
from jaring.events import Topic
from jaring.intake.columns import VARIANTS as INTAKE_VARIANTS
from jaring.matching.models import (
    IuranMandiri,
    Membership,
    MembershipImport,
    MembershipRowError,
    Segmen,
    StatusKepesertaan,
)
from jaring.reasons import reason
from jaring.sheets import NIK_FROM_NUMBER, ROW, Layout, UnusableFile, read_sheet
from jaring.wilayah.models import Tingkat
from jaring.wilayah.queries import kode_set

__all__ = ["MembershipResult", "UnusableFile", "import_membership", "read_membership"]

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

COLUMNS = ("kpj", "nik", "nama", "tanggal_lahir", "segmen", "status", "bulan_terakhir_bayar",
           "bulan_iuran", "status_iuran")  # fmt: skip
REQUIRED = ("kpj", "nik", "nama", "tanggal_lahir", "segmen", "status")
LABELS = {
    "kpj": "Nomor KPJ",
    "nik": "NIK",
    "nama": "Nama",
    "tanggal_lahir": "Tanggal lahir",
    "segmen": "Segmen (PU/BPU)",
    "status": "Status kepesertaan",
    "bulan_terakhir_bayar": "Bulan terakhir dibayar",
    "bulan_iuran": "Bulan iuran (porsi pekerja)",
    "status_iuran": "Status iuran pekerja (LUNAS/BELUM)",
}
# Header spellings, compared after ``sheets.header_key`` (lower case, letters and
# digits only). NIK, name and birth date accept every spelling intake accepts.
VARIANTS = {
    "kpj": ["kpj", "nokpj", "nomorkpj", "nomorpeserta", "nopeserta", "nokartupeserta",
            "nomorkartupeserta", "kpjbaru", "nomorkepesertaan"],
    "nik": INTAKE_VARIANTS["nik"],
    "nama": [*INTAKE_VARIANTS["nama"], "namatk", "namatenagakerja"],
    "tanggal_lahir": [*INTAKE_VARIANTS["tanggal_lahir"], "tgllahirtk"],
    "segmen": ["segmen", "segmenpeserta", "jenispeserta", "kategoripeserta", "segment",
               "segmenkepesertaan", "pupbu", "pubpu"],
    "status": ["status", "statuskepesertaan", "statuspeserta", "statusaktif", "keterangan"],
    "bulan_terakhir_bayar": ["bulanterakhirbayar", "blnterakhirbayar", "bulanterakhirdibayar",
                             "iuranterakhir", "bulaniuranterakhir", "terakhirbayar",
                             "blthterakhirbayar", "periodeterakhirbayar", "lastpaidmonth",
                             "bulanbayarterakhir", "iuranterakhirdibayar"],
    # The worker's own payment of one contribution month (a co-funded participant's
    # share, or a worker who continued on their own), as BPJS reports it.
    "bulan_iuran": ["bulaniuran", "blniuran", "periodeiuran", "blthiuran", "masaiuran",
                    "bulaniuranpekerja", "periodebayar", "bulanbayar", "blthbayar"],
    "status_iuran": ["statusiuran", "statusbayar", "statuspembayaran", "statusiuranpekerja",
                     "statusbayarpekerja", "iuranpekerja", "keteranganbayar", "lunas"],
}  # fmt: skip
LAYOUT = Layout(
    variants=VARIANTS,
    required=REQUIRED,
    labels=LABELS,
    example="KPJ, NIK, Nama, Tanggal Lahir, Segmen, Status, Bulan Terakhir Bayar, "
    "Bulan Iuran, Status Iuran",
    digits=("nik", "kpj"),
)

SEGMEN_CODES = {
    "PU": Segmen.PU, "PPU": Segmen.PU, "PENERIMAUPAH": Segmen.PU,
    "PEKERJAPENERIMAUPAH": Segmen.PU,
    "BPU": Segmen.BPU, "PBPU": Segmen.BPU, "BUKANPENERIMAUPAH": Segmen.BPU,
    "PEKERJABUKANPENERIMAUPAH": Segmen.BPU,
}  # fmt: skip
STATUS_CODES = {
    "AKTIF": StatusKepesertaan.AKTIF, "A": StatusKepesertaan.AKTIF,
    "NONAKTIF": StatusKepesertaan.NONAKTIF, "TIDAKAKTIF": StatusKepesertaan.NONAKTIF,
    "TDKAKTIF": StatusKepesertaan.NONAKTIF, "NA": StatusKepesertaan.NONAKTIF,
    "NONAKTIP": StatusKepesertaan.NONAKTIF,
}  # fmt: skip
MONTHS = {
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6,
    "jul": 7, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "sep": 9, "okt": 10, "oct": 10,
    "nov": 11, "nop": 11, "des": 12, "dec": 12,
}  # fmt: skip
PAID_CODES = {
    "LUNAS": "1", "SUDAHBAYAR": "1", "SUDAHLUNAS": "1", "SUDAH": "1", "BAYAR": "1",
    "DIBAYAR": "1", "PAID": "1", "Y": "1", "YA": "1",
    "BELUMLUNAS": "0", "BELUMBAYAR": "0", "BELUM": "0", "TERTUNGGAK": "0",
    "MENUNGGAK": "0", "TIDAKBAYAR": "0", "TIDAK": "0", "UNPAID": "0", "N": "0",
}  # fmt: skip
# BPU participants may pay up to a year ahead; a later month is a typing error.
MAX_MONTHS_AHEAD = 12

MSG_KPJ_WAJIB = reason(gettext_noop("Nomor KPJ wajib diisi."))
MSG_KPJ_FORMAT = reason(gettext_noop("Nomor KPJ harus 11 digit angka (tertulis {})."))
MSG_KPJ_GANDA = reason(
    gettext_noop("Nomor KPJ {} sudah ada di baris {}; setiap KPJ hanya boleh satu baris.")
)
MSG_SEGMEN_WAJIB = reason(gettext_noop("Segmen wajib diisi (PU atau BPU)."))
MSG_SEGMEN = reason(
    gettext_noop(
        "Segmen {} tidak dikenal; tulis PU (penerima upah) atau BPU (bukan penerima upah)."
    )
)
MSG_STATUS_WAJIB = reason(gettext_noop("Status kepesertaan wajib diisi (AKTIF atau NONAKTIF)."))
MSG_STATUS = reason(gettext_noop("Status kepesertaan {} tidak dikenal; tulis AKTIF atau NONAKTIF."))
MSG_BULAN_FORMAT = reason(
    gettext_noop(
        "Bulan terakhir dibayar {} tidak dapat dibaca; tulis TTTT-BB (2024-10), BB/TTTT "
        "(10/2024) atau nama bulan dan tahun (Okt 2024)."
    )
)
MSG_BULAN_DEPAN = reason(
    gettext_noop(
        "Bulan terakhir dibayar {} lebih dari 12 bulan setelah posisi data; periksa tahunnya."
    )
)

MSG_IURAN_STATUS = reason(
    gettext_noop("Status iuran pekerja {} tidak dikenal; tulis LUNAS atau BELUM.")
)
MSG_IURAN_BULAN_WAJIB = reason(
    gettext_noop("Status iuran pekerja diisi tetapi bulan iurannya kosong; isi Bulan Iuran.")
)
MSG_IURAN_STATUS_WAJIB = reason(
    gettext_noop("Bulan iuran {} diisi tetapi statusnya kosong; tulis LUNAS atau BELUM.")
)
MSG_IURAN_BULAN_FORMAT = reason(
    gettext_noop(
        "Bulan iuran {} tidak dapat dibaca; tulis TTTT-BB (2026-05), BB/TTTT (05/2026) "
        "atau nama bulan dan tahun (Mei 2026)."
    )
)
MSG_IURAN_BULAN_DEPAN = reason(
    gettext_noop("Bulan iuran {} lebih dari 12 bulan setelah posisi data; periksa tahunnya.")
)

STAGE = "jaring_membership_stage"
STAGE_COLUMNS = (
    ("row_number", "integer"),
    ("kpj", "varchar(11)"),
    ("nik", "varchar(16)"),
    ("nama", "varchar(100)"),
    ("nama_kunci", "varchar(100)"),
    ("tanggal_lahir", "date"),
    ("segmen", "varchar(3)"),
    ("status", "varchar(10)"),
    ("bulan_terakhir_bayar", "date"),
    ("bulan_iuran", "date"),
    ("status_iuran", "smallint"),
)
VALUE_COLUMNS = (
    "nik", "nama", "nama_kunci", "tanggal_lahir", "segmen", "status", "bulan_terakhir_bayar",
)  # fmt: skip


@dataclass
class MembershipResult:
    membership_import: MembershipImport
    already_imported: bool = False
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        mi = self.membership_import
        return {
            "import": mi.nomor,
            "already_imported": self.already_imported,
            "tanggal_data": mi.tanggal_data.isoformat(),
            "rows": mi.rows,
            "rejected": mi.rejected,
            "added": mi.added,
            "updated": mi.updated,
            "unchanged": mi.unchanged,
            "older": mi.older,
            "errors": self.errors,
        }


# --- Reading ------------------------------------------------------------------------


def read_membership(path: Path, original_name: str | None = None) -> pl.DataFrame:
    """The file's rows as text in the canonical columns, plus ``_row`` (the
    spreadsheet row number) and ``_nik_angka`` (NIK came from a numeric XLSX cell)."""
    return read_sheet(Path(path), LAYOUT, original_name)


# --- Validation ---------------------------------------------------------------------


def _code(expr: pl.Expr, codes: dict[str, str]) -> pl.Expr:
    key = expr.str.to_uppercase().str.replace_all(r"[^A-Z]", "")
    return key.replace_strict(dict(codes), default=None, return_dtype=pl.Utf8)


def parse_month(text: pl.Expr) -> pl.Expr:
    """First day of the month a cleaned text names, or null.

    Accepted: ``2024-10``, ``2024/10``, ``202410``, ``10/2024``, ``10-2024``, a full date
    (``2024-10-31``, ``31/10/2024``, an Excel date cell) and ``Okt 2024``/``Oktober-2024``.
    """
    lower = text.str.to_lowercase()

    def make(year: pl.Expr, month: pl.Expr) -> pl.Expr:
        year, month = year.cast(pl.Int32, strict=False), month.cast(pl.Int32, strict=False)
        ok = month.is_between(1, 12) & year.is_between(1900, 2200)
        return pl.when(ok).then(pl.date(year, month, 1))

    year_first = lower.str.extract_groups(r"^(\d{4})[-/]?(\d{1,2})$")
    month_first = lower.str.extract_groups(r"^(\d{1,2})[-/](\d{4})$")
    named = lower.str.extract_groups(r"^([a-z]+)[\s\-/]*(\d{4})$")
    full = dates.parse(text)
    return pl.coalesce(
        make(year_first.struct.field("1"), year_first.struct.field("2")),
        make(month_first.struct.field("2"), month_first.struct.field("1")),
        make(
            named.struct.field("2"),
            named.struct.field("1")
            .str.slice(0, 3)
            .replace_strict(MONTHS, default=None, return_dtype=pl.Int32),
        ),
        pl.when(full.is_not_null()).then(full.dt.month_start()),
    )


def validate(frame: pl.DataFrame, *, tanggal_data: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(valid, errors)``: valid rows with typed, normalised columns, and one
    ``(_row, field, message)`` per problem. A row with any problem is refused whole."""
    text = frame.select(ROW, NIK_FROM_NUMBER, *[clean_text(pl.col(c)).alias(c) for c in COLUMNS])
    latest_month = add_months(tanggal_data, MAX_MONTHS_AHEAD)
    normalised = text.select(
        ROW,
        pl.col("kpj").str.strip_chars_start("'").str.replace_all(r"[\s.\-]", "").alias("kpj"),
        nik.normalise(pl.col("nik")).alias("nik"),
        pl.col("nama"),
        dates.parse(pl.col("tanggal_lahir")).alias("tanggal_lahir"),
        _code(pl.col("segmen"), SEGMEN_CODES).alias("segmen"),
        _code(pl.col("status"), STATUS_CODES).alias("status"),
        parse_month(pl.col("bulan_terakhir_bayar")).alias("bulan_terakhir_bayar"),
        parse_month(pl.col("bulan_iuran")).alias("bulan_iuran"),
        _code(pl.col("status_iuran"), PAID_CODES).cast(pl.Int16).alias("status_iuran"),
    )
    t = {c: text.get_column(c) for c in COLUMNS}
    both = normalised.with_columns(
        text.get_column(NIK_FROM_NUMBER),
        *[t[c].alias(f"t_{c}") for c in ("kpj", "tanggal_lahir", "segmen", "status")],
        t["bulan_terakhir_bayar"].alias("t_bulan"),
        t["bulan_iuran"].alias("t_bulan_iuran"),
        t["status_iuran"].alias("t_status_iuran"),
    )
    kpj_ok = pl.col("kpj").str.contains(r"^[0-9]{11}$")
    checked = both.select(
        ROW,
        pl.col("kpj"),
        pl.when(pl.col("t_kpj").is_null())
        .then(pl.lit(MSG_KPJ_WAJIB))
        .when(~kpj_ok)
        .then(pl.format(MSG_KPJ_FORMAT, pl.col("t_kpj")))
        .alias("err_kpj"),
        nik.error(
            pl.col("nik"),
            provinces=kode_set(Tingkat.PROVINSI),
            regencies=kode_set(Tingkat.KABUPATEN_KOTA),
            districts=kode_set(Tingkat.KECAMATAN),
            from_number=pl.col(NIK_FROM_NUMBER),
        ).alias("err_nik"),
        names.error(pl.col("nama")).alias("err_nama"),
        dates.error(
            pl.col("t_tanggal_lahir"), today=tanggal_data, date=pl.col("tanggal_lahir")
        ).alias("err_tanggal_lahir"),
        pl.when(pl.col("t_segmen").is_null())
        .then(pl.lit(MSG_SEGMEN_WAJIB))
        .when(pl.col("segmen").is_null())
        .then(pl.format(MSG_SEGMEN, pl.col("t_segmen")))
        .alias("err_segmen"),
        pl.when(pl.col("t_status").is_null())
        .then(pl.lit(MSG_STATUS_WAJIB))
        .when(pl.col("status").is_null())
        .then(pl.format(MSG_STATUS, pl.col("t_status")))
        .alias("err_status"),
        pl.when(pl.col("t_bulan").is_not_null() & pl.col("bulan_terakhir_bayar").is_null())
        .then(pl.format(MSG_BULAN_FORMAT, pl.col("t_bulan")))
        .when(pl.col("bulan_terakhir_bayar") > pl.lit(latest_month))
        .then(pl.format(MSG_BULAN_DEPAN, pl.col("t_bulan")))
        .alias("err_bulan_terakhir_bayar"),
        pl.when(pl.col("t_bulan_iuran").is_not_null() & pl.col("bulan_iuran").is_null())
        .then(pl.format(MSG_IURAN_BULAN_FORMAT, pl.col("t_bulan_iuran")))
        .when(pl.col("bulan_iuran") > pl.lit(latest_month))
        .then(pl.format(MSG_IURAN_BULAN_DEPAN, pl.col("t_bulan_iuran")))
        .when(pl.col("t_status_iuran").is_not_null() & pl.col("t_bulan_iuran").is_null())
        .then(pl.lit(MSG_IURAN_BULAN_WAJIB))
        .alias("err_bulan_iuran"),
        pl.when(pl.col("t_status_iuran").is_not_null() & pl.col("status_iuran").is_null())
        .then(pl.format(MSG_IURAN_STATUS, pl.col("t_status_iuran")))
        .when(pl.col("t_bulan_iuran").is_not_null() & pl.col("t_status_iuran").is_null())
        .then(pl.format(MSG_IURAN_STATUS_WAJIB, pl.col("t_bulan_iuran")))
        .alias("err_status_iuran"),
    )
    # A KPJ named twice: the first row stands, each later one is refused and says where.
    first_row = (
        checked.filter(pl.col("err_kpj").is_null())
        .group_by("kpj")
        .agg(pl.col(ROW).min().alias("_first"))
    )
    checked = checked.join(first_row, on="kpj", how="left").with_columns(
        pl.when(pl.col("err_kpj").is_null() & (pl.col(ROW) != pl.col("_first")))
        .then(pl.format(MSG_KPJ_GANDA, pl.col("kpj"), pl.col("_first")))
        .otherwise(pl.col("err_kpj"))
        .alias("err_kpj")
    )
    error_columns = [c for c in checked.columns if c.startswith("err_")]
    errors = (
        checked.select(ROW, *error_columns)
        .unpivot(index=ROW, variable_name="field", value_name="message")
        .drop_nulls("message")
        .with_columns(pl.col("field").str.strip_prefix("err_"))
        .sort(ROW, "field")
    )
    rejected = errors.get_column(ROW).unique().implode()
    valid = (
        normalised.filter(~pl.col(ROW).is_in(rejected))
        .with_columns(names.search_key(pl.col("nama")).str.slice(0, 100).alias("nama_kunci"))
        .sort(ROW)
    )
    return valid, errors


# --- Loading ------------------------------------------------------------------------


def _stage_frame(valid: pl.DataFrame) -> pl.DataFrame:
    frame = valid.select(
        pl.col(ROW).alias("row_number"), "kpj", *VALUE_COLUMNS, "bulan_iuran", "status_iuran"
    )
    if not is_postgres():
        # Django stores SQLite dates as ISO text.
        frame = frame.with_columns(
            pl.col("tanggal_lahir", "bulan_terakhir_bayar", "bulan_iuran").dt.strftime("%Y-%m-%d")
        )
    return frame


def _changed(column: str) -> str:
    """``m.column`` differs from ``s.column``, NULLs included (portable; PostgreSQL and
    older SQLite do not share ``IS DISTINCT FROM`` semantics for every version)."""
    return f"({{t}}.{column} <> s.{column} OR ({{t}}.{column} IS NULL) <> (s.{column} IS NULL))"


def _load(valid: pl.DataFrame, *, membership_import: MembershipImport, now) -> dict[str, int]:
    """Bring the snapshot up to date from the valid rows; returns the counts."""
    if valid.is_empty():
        return {"added": 0, "updated": 0, "unchanged": 0, "older": 0}
    table = Membership._meta.db_table
    tanggal_data = connection.ops.adapt_datefield_value(membership_import.tanggal_data)
    timestamp = connection.ops.adapt_datetimefield_value(now)
    definition = ", ".join(f"{name} {kind}" for name, kind in STAGE_COLUMNS)
    different = " OR ".join(_changed(c).format(t=table) for c in VALUE_COLUMNS if c != "nama_kunci")
    assignments = ", ".join(f"{c} = s.{c}" for c in VALUE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({definition})")
    try:
        bulk_insert(STAGE, [c for c, _ in STAGE_COLUMNS], _stage_frame(valid))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {STAGE} s JOIN {table} m ON m.kpj = s.kpj "
                "WHERE m.tanggal_data > %s",
                [tanggal_data],
            )
            older = cursor.fetchone()[0]
            # A newer file that repeats the same values still moves the evidence to the
            # newest file that confirms them.
            cursor.execute(
                f"""
                UPDATE {table}
                SET {assignments}, tanggal_data = %s, source_import_id = %s,
                    row_number = s.row_number, updated_at = %s
                FROM {STAGE} s
                WHERE {table}.kpj = s.kpj AND {table}.tanggal_data <= %s
                  AND ({different} OR {table}.tanggal_data < %s)
                """,
                [tanggal_data, membership_import.pk, timestamp, tanggal_data, tanggal_data],
            )
            updated = cursor.rowcount
            columns = ", ".join(VALUE_COLUMNS)
            staged = ", ".join(f"s.{c}" for c in VALUE_COLUMNS)
            cursor.execute(
                f"""
                INSERT INTO {table}
                    (kpj, {columns}, tanggal_data, source_import_id, row_number, updated_at)
                SELECT s.kpj, {staged}, %s, %s, s.row_number, %s
                FROM {STAGE} s
                WHERE NOT EXISTS (SELECT 1 FROM {table} m WHERE m.kpj = s.kpj)
                ORDER BY s.kpj
                """,
                [tanggal_data, membership_import.pk, timestamp],
            )
            added = cursor.rowcount
            _load_own_payments(cursor, membership_import.pk, tanggal_data)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    return {
        "added": added,
        "updated": updated,
        "older": older,
        "unchanged": valid.height - added - updated - older,
    }


def _load_own_payments(cursor, import_id: int, tanggal_data) -> None:
    """The worker's own payments of the staged rows (``IuranMandiri``): a month BPJS
    already spoke of is updated when this file is at least as recent, a new one added."""
    table = IuranMandiri._meta.db_table
    cursor.execute(
        f"""
        UPDATE {table}
        SET lunas = (s.status_iuran = 1), tanggal_data = %s, source_import_id = %s
        FROM {STAGE} s
        WHERE {table}.kpj = s.kpj AND {table}.bulan = s.bulan_iuran
          AND {table}.tanggal_data <= %s
        """,
        [tanggal_data, import_id, tanggal_data],
    )
    cursor.execute(
        f"""
        INSERT INTO {table} (kpj, bulan, lunas, tanggal_data, source_import_id)
        SELECT s.kpj, s.bulan_iuran, (s.status_iuran = 1), %s, %s FROM {STAGE} s
        WHERE s.bulan_iuran IS NOT NULL AND s.status_iuran IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM {table} m
                          WHERE m.kpj = s.kpj AND m.bulan = s.bulan_iuran)
        ORDER BY s.kpj
        """,
        [tanggal_data, import_id],
    )


MEMBERSHIP_FILE = imports.FileImport(
    model=MembershipImport,
    problems=MembershipRowError,
    problems_fk="membership_import",
    layout=LAYOUT,
    prefix="KP",
    topic=Topic.MEMBERSHIP,  # "already covered by BPJS" per occupation and region
    # The membership file is province-wide: its rows do not depend on who imports it.
    scoped_rows=False,
)


def import_membership(
    *,
    path: Path,
    tanggal_data: dt.date | None = None,
    user=None,
    original_name: str | None = None,
    progress: Progress | None = None,
) -> MembershipResult:
    """Import one membership file from BPJS (see the module docstring).

    ``tanggal_data`` is the date the file describes (default: today). Raises
    ``UnusableFile`` with a message for the user when the file as a whole cannot be
    read; nothing is written then. ``progress(percent, message)`` is called between
    steps (the worker shows it); an exception raised there aborts the import whole.
    """
    tanggal_data = tanggal_data or timezone.localdate()

    def check(frame: pl.DataFrame) -> imports.Checked:
        valid, errors = validate(frame, tanggal_data=tanggal_data)
        return valid, errors, 0

    def write(record, valid: pl.DataFrame, report: Progress) -> None:
        counts = _load(valid, membership_import=record, now=timezone.now())
        for name, value in counts.items():
            setattr(record, name, value)
        logger.info("Membership import %s: %s", record.nomor, counts)
        report(95, "Menyelesaikan")

    result = imports.run_import(
        MEMBERSHIP_FILE,
        user=user,
        path=path,
        original_name=original_name,
        check=check,
        write=write,
        fields={"tanggal_data": tanggal_data},
        progress=progress,
    )
    return MembershipResult(
        membership_import=result.record,
        already_imported=result.already_imported,
        errors=result.errors,
    )
