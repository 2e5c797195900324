"""Writing a validated file into the registry, set-based, in the caller's transaction.

Valid rows go to a temporary staging table in one bulk operation (PostgreSQL ``COPY``,
SQLite ``executemany``); two ``INSERT … SELECT`` statements then create the persons that
are new and the source records of every row, in NIK order so that the indexes fill
sequentially. The database decides what is new against the unique keys, so the same
file loaded twice adds nothing. A load that at least doubles the registry builds its
secondary indexes after the rows are in (``bulk.indexes_rebuilt``).

On PostgreSQL the inserts carry no ``ON CONFLICT`` clause, which would cost every row a
speculative insertion (about 4.7 s of a million-row load): ``NOT EXISTS`` already
leaves out what the tables hold. Only when another intake commits one of the same keys
in between does the database refuse the insert; it then runs again with ``ON CONFLICT
… DO NOTHING`` (``_insert``), so concurrent intakes never create two persons with one
NIK and neither fails. SQLite, one writer at a time, uses ``ON CONFLICT`` alone.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.db import IntegrityError, connection, transaction

from jaring.bulk import bulk_insert, indexes_rebuilt, is_postgres
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
    ("first_with_values", "boolean"),
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
        # The row that makes this person's source record for these values (the same
        # values repeated in one file are one statement).
        pl.struct("nik", "values_hash").is_first_distinct().alias("first_with_values"),
    )
    if not is_postgres():
        # Django stores SQLite dates as ISO text and booleans as integers.
        frame = frame.with_columns(
            pl.col("tanggal_lahir").dt.strftime("%Y-%m-%d"),
            pl.col("first_in_file", "first_with_values").cast(pl.Int8),
        )
    return frame


def _insert(statement: str, *, new: str, conflict: str, params: list) -> int:
    """Run an ``INSERT … SELECT`` whose ``{new}`` slot takes ``new`` (a ``NOT EXISTS``
    condition leaving out the rows the table holds) and whose ``{conflict}`` slot
    takes ``conflict`` (its ``ON CONFLICT … DO NOTHING``). Returns the rows inserted.

    On PostgreSQL the insert is plain; if a concurrent intake has committed one of its
    keys since, it runs again with ``conflict``. SQLite lets one writer at a time and
    its ``ON CONFLICT`` costs no more than a lookup, so there it is ``conflict`` alone
    (the ``NOT EXISTS`` as well cost 2 s of a million-row load)."""
    with connection.cursor() as cursor:
        if not is_postgres():
            cursor.execute(statement.format(new="", conflict=conflict), params)
            return cursor.rowcount
        try:
            with transaction.atomic():
                cursor.execute(statement.format(new=new, conflict=""), params)
        except IntegrityError:
            cursor.execute(statement.format(new=new, conflict=conflict), params)
        return cursor.rowcount


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
    true = "TRUE" if is_postgres() else "1"

    _create_stage()
    try:
        bulk_insert(STAGE, [c for c, _ in STAGE_COLUMNS], _stage_frame(valid))
        with indexes_rebuilt([person_table, source_table], adding=valid.height):
            accepted = _insert(
                f"""
                INSERT INTO {person_table}
                    ({values}, nama_kunci, first_submission_id, created_at, updated_at)
                SELECT {staged_values}, s.nama_kunci, %s, %s, %s
                FROM {STAGE} s
                WHERE s.first_in_file = {true} {{new}}
                ORDER BY s.nik
                {{conflict}}
                """,
                new=f"AND NOT EXISTS (SELECT 1 FROM {person_table} p WHERE p.nik = s.nik)",
                conflict="ON CONFLICT (nik) DO NOTHING",
                params=[submission.pk, timestamp, timestamp],
            )
            _insert(
                f"""
                INSERT INTO {source_table}
                    (person_id, agency_id, submission_id, row_number, values_hash,
                     created_at, {values})
                SELECT p.id, %s, %s, s.row_number, s.values_hash, %s, {staged_values}
                FROM {STAGE} s JOIN {person_table} p ON p.nik = s.nik
                WHERE s.first_with_values = {true} {{new}}
                ORDER BY p.id
                {{conflict}}
                """,
                new=f"""AND NOT EXISTS (
                    SELECT 1 FROM {source_table} r
                    WHERE r.person_id = p.id AND r.agency_id = {int(submission.agency_id)}
                      AND r.values_hash = s.values_hash)""",
                conflict="ON CONFLICT (person_id, agency_id, values_hash) DO NOTHING",
                params=[submission.agency_id, submission.pk, timestamp],
            )
        with connection.cursor() as cursor:
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
