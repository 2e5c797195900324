"""Bulk reads and writes shared by the set-based workflows (intake, selection, billing…):
one round trip for a whole frame, ``COPY`` on PostgreSQL, the cursor on SQLite."""

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

import polars as pl
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet

# A column type as Polars takes it: a class (``pl.Utf8``) or an instance (``pl.List(pl.Utf8)``).
PolarsType = pl.DataType | type[pl.DataType]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def bulk_insert(table: str, columns: Sequence[str], frame: pl.DataFrame) -> None:
    """Insert a frame's rows into a table in one bulk operation."""
    if frame.is_empty():
        return
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        if is_postgres():
            buffer = io.BytesIO()
            frame.write_csv(buffer, include_header=False, null_value="\\N")
            sql = f"COPY {table} ({column_list}) FROM STDIN (FORMAT csv, NULL '\\N')"
            with cursor.cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})",
                cast(Any, frame.iter_rows()),  # rows streamed, not listed first
            )


def analyze(table: str) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk replace of many rows.

    Autovacuum gets to the table only later; until then the planner still counts the
    rows that were there before (thousands instead of a million) and reads a page of
    results by sorting every row instead of walking the index that holds their order.
    """
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def read_frame(queryset: QuerySet, schema: Mapping[str, PolarsType]) -> pl.DataFrame:
    """The rows of a ``values_list`` queryset as a frame, in one bulk read.

    ``schema`` names the selected columns in order with their Polars types. On
    PostgreSQL the query runs as ``COPY (…) TO STDOUT`` (a million rows in a second or
    two instead of building a million Python tuples); on SQLite through the cursor.
    Booleans, dates and integers are typed here; a ``pl.Datetime`` column is read as
    its UTC date (``pl.Date``), which is all the set-based workflows need of timestamps.
    """
    sql, params = queryset.query.sql_with_params()
    names = list(schema)
    with connection.cursor() as cursor:
        if is_postgres():
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
                for block in copy:
                    buffer.write(block)
            buffer.seek(0)
            raw = (
                pl.read_csv(
                    buffer,
                    has_header=False,
                    new_columns=names,
                    schema_overrides=dict.fromkeys(names, pl.Utf8),
                )
                if buffer.getbuffer().nbytes
                else pl.DataFrame(schema=dict.fromkeys(names, pl.Utf8))
            )
            truth = ("t", "true", "1")
        else:
            cursor.execute(sql, params)
            raw = pl.DataFrame(
                [[None if v is None else str(v) for v in row] for row in cursor.fetchall()],
                schema=dict.fromkeys(names, pl.Utf8),
                orient="row",
            )
            truth = ("1", "True", "true")
    return raw.select(
        _typed(pl.col(name), dtype, truth).alias(name) for name, dtype in schema.items()
    )


def _typed(column: pl.Expr, dtype, truth: tuple[str, ...]) -> pl.Expr:
    if dtype == pl.Boolean:
        return column.is_in(truth)
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return column.str.slice(0, 10).str.to_date("%Y-%m-%d")
    return column.cast(dtype)


class staging_table:
    """A temporary table holding a frame for one set-based statement, dropped after.

    ``columns`` are ``(name, sql type)`` pairs in the frame's column order. On SQLite
    dates must already be ISO text (Django stores them so)."""

    def __init__(self, name: str, columns: Sequence[tuple[str, str]], frame: pl.DataFrame):
        self.name, self.columns, self.frame = name, list(columns), frame

    def __enter__(self) -> str:
        definition = ", ".join(f"{name} {kind}" for name, kind in self.columns)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} ({definition})")
        bulk_insert(self.name, [name for name, _ in self.columns], self.frame)
        return self.name

    def __exit__(self, *exc) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


# A bulk write rebuilds a table's indexes only when it adds at least this many rows, and
# no fewer than the table holds: below that, maintaining them row by row is cheap, and
# the exclusive lock a rebuild needs is not worth taking.
REBUILD_MIN_ROWS = 100_000
# Memory for sorting the index builds (PostgreSQL's default of 64 MB sorts a million
# names on disk); a setting of this transaction only.
INDEX_BUILD_MEMORY = "256MB"
# How long to wait for the exclusive lock before writing with the indexes in place.
REBUILD_LOCK_WAIT = "2s"


@contextmanager
def indexes_rebuilt(tables: Sequence[str], *, adding: int) -> Iterator[None]:
    """Around a bulk write that adds up to ``adding`` rows to ``tables`` in the caller's
    transaction: on PostgreSQL, the secondary indexes of each table that the write at
    least doubles are dropped before it and built again after it, from their own
    definitions in the catalogue (on SQLite it does nothing).

    Building an index over a million rows at once costs a fraction of maintaining it
    row by row (a million persons' four indexes: 2.7 s against 7.5 s; bench/intake.py).
    Only indexes that back no constraint are dropped: the unique keys stay, as the
    write's own duplicate checks need them. The price is an exclusive lock until the
    transaction ends, during which readers of the tables wait, so it is taken only for
    a table that is mostly new rows (a region's first load) and only if it is free
    within ``REBUILD_LOCK_WAIT``; otherwise the write maintains the indexes as usual.
    Everything happens in the caller's transaction: a failed write leaves the indexes
    as they were."""
    if not is_postgres() or adding < REBUILD_MIN_ROWS:
        yield
        return
    chosen = [table for table in tables if _holds_at_most(table, adding)]
    if not chosen or not _locked(chosen):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY i.indexrelid
            """,
            [chosen],
        )
        secondary = cursor.fetchall()
        for name, _ in secondary:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [INDEX_BUILD_MEMORY])
        for _, definition in secondary:
            cursor.execute(definition)


def _holds_at_most(table: str, rows: int) -> bool:
    """Whether ``table`` holds no more than ``rows`` rows (reading at most one more)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) t", [rows + 1])
        return cursor.fetchone()[0] <= rows


def _locked(tables: Sequence[str]) -> bool:
    """Take ``tables`` exclusively for the rest of the transaction, if that is possible
    within ``REBUILD_LOCK_WAIT`` (a long report reading them may hold them longer, and
    every reader after it would queue behind the waiting lock)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        usual = cursor.fetchone()[0]
        try:
            with transaction.atomic():
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [REBUILD_LOCK_WAIT])
                cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [usual])
        except OperationalError:
            return False  # the savepoint's rollback restored the usual lock_timeout
    return True
