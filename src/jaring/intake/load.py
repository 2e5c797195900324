"""Writing a validated file into the registry, set-based, in the caller's transaction.

Valid rows go to a temporary staging table in one bulk operation (PostgreSQL ``COPY``,
SQLite ``executemany``); two ``INSERT … SELECT`` statements then create the persons that
are new and the source records of every row, in NIK order so that the indexes fill
sequentially. The database decides what is new
(``NOT EXISTS`` plus the unique NIK constraint), so the same file loaded twice adds
nothing, and concurrent intakes cannot create two persons with one NIK.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.db import connection

from jaring.bulk import bulk_insert, is_postgres
from jaring.intake.columns import CANONICAL
from jaring.intake.models import RejectedRow, Submission
from jaring.intake.reader import ROW
from jaring.registry.models import Person, RegencyTally, SourceRecord

STAGE = "jaring_intake_stage"
STAGE_COLUMNS = (
    ("row_number", "integer"),
    ("nik", "varchar(16)"),
    ("nama", "varchar(100)"),
    ("tanggal_lahir", "date"),
    ("jenis_kelamin", "varchar(1)"),
    ("kode_wilayah", "varchar(13)"),
    ("alamat", "varchar(300)"),
    ("pekerjaan", "varchar(40)"),
    ("penghasilan", "bigint"),
    ("no_hp", "varchar(16)"),
    ("no_kk", "varchar(16)"),
    ("values_hash", "varchar(32)"),
    ("nama_kunci", "varchar(100)"),
    ("first_in_file", "boolean"),
)


@dataclass
class LoadCounts:
    accepted: int
    duplicates: int


def _create_stage() -> None:
    definition = ", ".join(f"{name} {kind}" for name, kind in STAGE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({definition})")


def _drop_stage() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")


def _stage_frame(valid: pl.DataFrame) -> pl.DataFrame:
    frame = valid.select(
        pl.col(ROW).alias("row_number"),
        *CANONICAL,
        "values_hash",
        pl.col("nama_kunci").str.slice(0, 100),
        "first_in_file",
    )
    if not is_postgres():
        # Django stores SQLite dates as ISO text and booleans as integers.
        frame = frame.with_columns(
            pl.col("tanggal_lahir").dt.strftime("%Y-%m-%d"),
            pl.col("first_in_file").cast(pl.Int8),
        )
    return frame


def load_valid_rows(valid: pl.DataFrame, *, submission: Submission, now) -> LoadCounts:
    """Create new persons and source records for the valid rows of ``submission``."""
    if valid.is_empty():
        return LoadCounts(accepted=0, duplicates=0)
    person_table = Person._meta.db_table
    source_table = SourceRecord._meta.db_table
    tally_table = RegencyTally._meta.db_table
    values = ", ".join(CANONICAL)
    staged_values = ", ".join(f"s.{c}" for c in CANONICAL)
    timestamp = connection.ops.adapt_datetimefield_value(now)
    first = "s.first_in_file" if is_postgres() else "s.first_in_file = 1"

    _create_stage()
    try:
        bulk_insert(STAGE, [c for c, _ in STAGE_COLUMNS], _stage_frame(valid))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {person_table}
                    ({values}, nama_kunci, first_submission_id, created_at, updated_at)
                SELECT {staged_values}, s.nama_kunci, %s, %s, %s
                FROM {STAGE} s
                WHERE {first}
                  AND NOT EXISTS (SELECT 1 FROM {person_table} p WHERE p.nik = s.nik)
                ORDER BY s.nik
                ON CONFLICT (nik) DO NOTHING
                """,
                [submission.pk, timestamp, timestamp],
            )
            accepted = cursor.rowcount
            # The persons just inserted are those of this submission, counted without a
            # join: PostgreSQL's statistics predate the insert and expect one person of
            # this submission, so joined to the stage it may loop over the stage for each
            # of them (a 100,000-row file into a 100,000-person registry was still
            # counting after 15 minutes; bench/linking.py --scale).
            cursor.execute(
                f"""
                INSERT INTO {tally_table} (kode_kabupaten, jumlah)
                SELECT substr(p.kode_wilayah, 1, 5), count(*)
                FROM {person_table} p
                WHERE p.first_submission_id = %s
                GROUP BY substr(p.kode_wilayah, 1, 5)
                ON CONFLICT (kode_kabupaten)
                DO UPDATE SET jumlah = {tally_table}.jumlah + excluded.jumlah
                """,
                [submission.pk],
            )
            cursor.execute(
                f"""
                INSERT INTO {source_table}
                    (person_id, agency_id, submission_id, row_number, values_hash,
                     created_at, {values})
                SELECT p.id, %s, %s, s.row_number, s.values_hash, %s, {staged_values}
                FROM {STAGE} s JOIN {person_table} p ON p.nik = s.nik
                WHERE 1 = 1
                ORDER BY p.id
                ON CONFLICT (person_id, agency_id, values_hash) DO NOTHING
                """,
                [submission.agency_id, submission.pk, timestamp],
            )
    finally:
        _drop_stage()
    return LoadCounts(accepted=accepted, duplicates=valid.height - accepted)


def save_rejections(
    rejected: pl.DataFrame, headers: Iterable[str], *, submission: Submission
) -> None:
    """Keep every rejected row as the clerk wrote it (``rejected``: the original cells
    of those rows); why each was rejected is stored by the import runner
    (``imports.store_errors`` into ``RowError``)."""
    if rejected.is_empty():
        return
    headers = list(headers)
    rejected = rejected.sort(ROW)
    data = [
        json.dumps(list(row), ensure_ascii=False) for row in rejected.select(*headers).iter_rows()
    ]
    bulk_insert(
        RejectedRow._meta.db_table,
        ["submission_id", "row_number", "data"],
        pl.DataFrame(
            {
                "submission_id": pl.Series([submission.pk] * rejected.height, dtype=pl.Int64),
                "row_number": rejected.get_column(ROW),
                "data": pl.Series(data, dtype=pl.Utf8),
            }
        ),
    )
