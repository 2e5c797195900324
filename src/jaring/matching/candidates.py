"""Which registry persons the linkage model compares, read set-based into a frame.

Two scopes:

* the whole registry — every golden record (``jaring link``);
* one intake — the golden persons a file created (its rows without an exact-NIK match:
  a row whose NIK was known became a source record of that person) together with the
  golden persons that share a blocking key with one of them. The keys are the model's
  own blocking rules (``linkage.comparisons.blocking_rules``) written in SQL over the
  person table, so the pairs the model can form within this small set are exactly the
  pairs it would form between a new person and the registry, without reading the
  registry. Exact NIK is left out: the registry holds one person per NIK, so that rule
  pairs no one.

Rows come back in the ``jaring dedupe`` input columns, all text, ``record_id`` being the
person id. On PostgreSQL they are read with ``COPY … TO STDOUT`` straight into Polars.
"""

import io

import polars as pl
from django.db import connection

from jaring.bulk import is_postgres
from jaring.registry.models import Person

PERSON = Person._meta.db_table
RECORD_COLUMNS = [
    ("record_id", "id"),
    ("nik", "nik"),
    ("nama", "nama"),
    ("tanggal_lahir", "tanggal_lahir"),
    ("jenis_kelamin", "jenis_kelamin"),
    ("kode_wilayah", "kode_wilayah"),
    ("alamat", "alamat"),
    ("no_hp", "no_hp"),
    ("pekerjaan", "pekerjaan"),
]
NEW = "jaring_link_new"
IDS = "jaring_link_ids"


def _year(column: str) -> str:
    if is_postgres():
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%Y', {column}) AS integer)"


def blocking_keys() -> dict[tuple[str, ...], tuple[str, str]]:
    """Each blocking rule's columns → the same key as SQL over a person row ``p`` and
    over the new persons' key table. ``tests/matching`` checks these against the
    model's rules, so the two cannot drift apart."""
    district = "substr(p.kode_wilayah, 1, 8)"
    return {
        ("nik12",): ("substr(p.nik, 1, 12)", "nik12"),
        ("tanggal", "kecamatan"): (f"p.tanggal_lahir, {district}", "tanggal_lahir, kecamatan"),
        ("name_key", "tahun"): (f"p.nama_kunci, {_year('p.tanggal_lahir')}", "nama_kunci, tahun"),
        ("name_key", "kecamatan"): (f"p.nama_kunci, {district}", "nama_kunci, kecamatan"),
        ("no_hp",): ("p.no_hp", "no_hp"),
    }


# A blank key column pairs nobody (Splink skips nulls in blocking).
NOT_BLANK = {"nama_kunci": "nama_kunci <> ''", "no_hp": "no_hp <> ''"}


def registry_records() -> pl.DataFrame:
    """Every golden record."""
    return _read_records(f"SELECT {_select()} FROM {PERSON} p WHERE p.merged_into_id IS NULL")


def intake_records(submission_id: int) -> tuple[pl.DataFrame, pl.Series]:
    """The golden persons ``submission_id`` created and their registry candidates;
    and the ids of the new ones (``record_id`` as text)."""
    with connection.cursor() as cursor:
        new_persons(cursor, submission_id)
        cursor.execute(f"CREATE TEMPORARY TABLE {IDS} AS {candidate_query()}")
        cursor.execute(f"ANALYZE {IDS}")
    try:
        records = _read_records(f"SELECT {_select()} FROM {IDS} i JOIN {PERSON} p ON p.id = i.id")
        new_ids = _read_records(f"SELECT CAST(id AS varchar(20)) FROM {NEW}", ["record_id"])
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {NEW}")
            cursor.execute(f"DROP TABLE IF EXISTS {IDS}")
    return records, new_ids.get_column("record_id")


def new_persons(cursor, submission_id: int) -> None:
    """The temporary table ``NEW``: the golden persons ``submission_id`` created, with
    their blocking keys, and statistics for the planner (a temporary table has none
    until analysed, and the candidate query's plan depends on its size)."""
    submission_id = int(submission_id)
    cursor.execute(f"DROP TABLE IF EXISTS {NEW}")
    cursor.execute(f"DROP TABLE IF EXISTS {IDS}")
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE {NEW} AS
        SELECT id, substr(nik, 1, 12) AS nik12, tanggal_lahir,
               substr(kode_wilayah, 1, 8) AS kecamatan, nama_kunci,
               {_year("tanggal_lahir")} AS tahun, no_hp
        FROM {PERSON}
        WHERE first_submission_id = {submission_id} AND merged_into_id IS NULL
        """
    )
    cursor.execute(f"ANALYZE {NEW}")


def candidate_query() -> str:
    """The ids of the new persons and of every golden person sharing a blocking key
    with one of them (needs ``NEW``).

    One semi-join per blocking key, united: each is a single ``IN (subquery)`` that the
    database turns into a join (PostgreSQL a hash semi-join that spills to disk in
    batches when it outgrows ``work_mem``; SQLite an index built once over the new
    keys), so the cost grows linearly with the new persons and the registry. Written
    as one ``OR`` of the keys' ``IN``s, PostgreSQL can only test each person row
    against each subquery: hashed while the new keys fit in ``work_mem`` (about 100,000
    new persons at the default), beyond that by rescanning the new persons for every
    registry person (at 200,000 new persons an estimated cost of 1.2e9 against 2.2e5
    now; bench/linking.py --scale)."""
    shared = [f"SELECT id FROM {NEW}"]
    for person_key, new_key in blocking_keys().values():
        columns = [c.strip() for c in new_key.split(",")]
        blank = " AND ".join(NOT_BLANK[c] for c in columns if c in NOT_BLANK)
        where = f" WHERE {blank}" if blank else ""
        left = f"({person_key})" if len(columns) > 1 else person_key
        shared.append(
            f"SELECT p.id FROM {PERSON} p WHERE p.merged_into_id IS NULL"
            f" AND {left} IN (SELECT {new_key} FROM {NEW}{where})"
        )
    return "\nUNION\n".join(shared)


def _select() -> str:
    return ", ".join(f"p.{column}" for _, column in RECORD_COLUMNS)


def _read_records(query: str, names: list[str] | None = None) -> pl.DataFrame:
    """Rows of ``query`` as a frame of text columns (the linkage input is text)."""
    names = names or [name for name, _ in RECORD_COLUMNS]
    schema = dict.fromkeys(names, pl.Utf8)
    with connection.cursor() as cursor:
        if is_postgres():
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
                for block in copy:
                    buffer.write(block)
            if not buffer.getbuffer().nbytes:
                return pl.DataFrame(schema=schema)
            buffer.seek(0)
            return pl.read_csv(buffer, has_header=False, new_columns=names, schema=schema)
        cursor.execute(query)
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=names, orient="row") if rows else pl.DataFrame(schema=schema)
    return frame.with_columns(pl.all().cast(pl.Utf8))
