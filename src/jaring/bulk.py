"""Bulk writes shared by the set-based workflows (intake, selection…): one round trip
for a whole frame, ``COPY`` on PostgreSQL and ``executemany`` on SQLite."""

import io
from collections.abc import Sequence

import polars as pl
from django.db import connection


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
                frame.iter_rows(),
            )
