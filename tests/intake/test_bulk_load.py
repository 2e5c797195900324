"""The set-based load's own guarantees: plain inserts that fall back to ``ON CONFLICT``
when a concurrent intake got there first, one source record per statement, and, on
PostgreSQL, the secondary indexes built after a load that at least doubles a table."""

import threading

import psycopg
import pytest
from django.db import connection
from intake_samples import MIXED_ROWS, write_csv

from jaring import bulk
from jaring.intake import load
from jaring.intake.services import intake_file
from jaring.registry.models import Person, SourceRecord

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="index rebuilds are PostgreSQL's"
)
TABLES = ("registry_person", "registry_sourcerecord")


def test_identical_rows_in_one_file_are_one_source_record(agency, tmp_path):
    budi = MIXED_ROWS[0]
    path = write_csv(tmp_path / "berulang.csv", [budi, budi, budi])

    result = intake_file(path=path, agency=agency)

    assert (result.accepted, result.duplicates) == (1, 2)
    assert list(SourceRecord.objects.values_list("nik", "row_number")) == [(budi[0], 2)]


def test_a_key_taken_in_between_is_skipped_not_failed(agency, tmp_path):
    """What a concurrent intake committing the same NIK after this one looked amounts
    to: the plain insert meets the unique key, and the fallback skips that row."""
    intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS[:1]), agency=agency)
    taken = Person.objects.get()
    statement = """
        INSERT INTO registry_person
            (nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah, alamat, pekerjaan,
             no_hp, no_kk, nama_kunci, created_at, updated_at)
        SELECT nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah, alamat, pekerjaan,
               no_hp, no_kk, nama_kunci, created_at, updated_at
        FROM registry_person WHERE id = %s
        UNION ALL
        SELECT '6471010101900011', 'Ani', tanggal_lahir, 'P', kode_wilayah, '', pekerjaan,
               '', '', 'ani', created_at, updated_at
        FROM registry_person WHERE id = %s
        {conflict}
    """

    inserted = load._insert(
        statement, new="", conflict="ON CONFLICT (nik) DO NOTHING", params=[taken.pk, taken.pk]
    )

    assert inserted == 1
    assert sorted(Person.objects.values_list("nik", flat=True)) == [
        "6471010101900011",
        taken.nik,
    ]


def _other_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432,
        user=settings["USER"], dbname=settings["NAME"],
    )  # fmt: skip


@postgres_only
def test_an_intake_racing_another_for_one_nik_neither_fails_nor_doubles(agency, tmp_path):
    """Another intake inserts Budi's NIK and commits while this one's insert waits on
    it: this one's plain insert is refused, runs again with ON CONFLICT, and loads the
    rest."""
    budi = MIXED_ROWS[0]
    other = _other_connection()
    try:
        other.execute(
            "INSERT INTO registry_person (nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah,"
            " alamat, pekerjaan, no_hp, no_kk, nama_kunci, created_at, updated_at) VALUES"
            " (%s, 'Budi (lain)', '1985-05-05', 'L', %s, '', 'nelayan', '', '', 'bd', now(),"
            " now())",
            [budi[0], budi[4]],
        )  # not committed yet: this intake's insert will wait on the NIK
        threading.Timer(1.0, other.commit).start()

        result = intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=agency)

        assert (result.accepted, result.duplicates) == (2, 2)  # Budi was the other's
        assert Person.objects.get(nik=budi[0]).nama == "Budi (lain)"
        assert SourceRecord.objects.filter(nik=budi[0]).count() == 2  # rows 2 and 4
    finally:
        other.rollback()
        other.execute("DELETE FROM registry_person WHERE nik = %s", [budi[0]])
        other.commit()
        other.close()


def _indexes() -> dict[str, tuple[int, str]]:
    """Each index of the loaded tables: (its object id, its definition)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, indexrelid::int, pg_get_indexdef(indexrelid) "
            "FROM pg_index WHERE indrelid = ANY(%s::regclass[])",
            [list(TABLES)],
        )
        return {name: (oid, definition) for name, oid, definition in cursor.fetchall()}


def _through_indexes(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        assert "Index" in " ".join(line for (line,) in cursor.fetchall())
        cursor.execute(sql)
        found = [nik for (nik,) in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = on")
        return found


def _rebuilt(before: dict, after: dict) -> set[str]:
    assert {name: d for name, (_, d) in before.items()} == {
        name: d for name, (_, d) in after.items()
    }  # the same indexes, defined the same
    return {name for name in before if before[name][0] != after[name][0]}


SECONDARY = {
    "person_nama_idx",
    "person_wilayah_idx",
    "person_merged_into_idx",
    "person_nama_kunci_trgm",
    "registry_sourcerecord_submission_id_1c8e502d",
}


@postgres_only
def test_a_first_load_builds_the_secondary_indexes_after_the_rows(agency, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 1)
    before = _indexes()

    result = intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=agency)

    assert (result.accepted, result.duplicates) == (3, 1)
    assert _rebuilt(before, _indexes()) == SECONDARY  # the unique keys stayed
    # The rebuilt indexes hold the rows: read through them alone, they find Siti.
    assert _through_indexes("SELECT nik FROM registry_person WHERE nama = 'Siti Aminah'") == [
        "6471054507900002"
    ]
    assert _through_indexes("SELECT nik FROM registry_person WHERE nama_kunci LIKE '%%mn s%%'") == [
        "6471054507900002"
    ]
    assert SourceRecord.objects.filter(submission=result.submission).count() == 4


@postgres_only
def test_a_load_smaller_than_the_registry_keeps_the_indexes(agency, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 1)
    intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=agency)
    before = _indexes()

    result = intake_file(path=write_csv(tmp_path / "b.csv", MIXED_ROWS[12:13]), agency=agency)

    assert result.duplicates == 1
    assert _rebuilt(before, _indexes()) == set()


@postgres_only
def test_a_table_in_use_is_loaded_with_its_indexes_in_place(agency, tmp_path, monkeypatch):
    """A reader holding the table (a long report, say) is not made to wait, nor is
    everyone queued behind a waiting exclusive lock: the load keeps the indexes."""
    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 1)
    monkeypatch.setattr(bulk, "REBUILD_LOCK_WAIT", "200ms")
    before = _indexes()
    reader = _other_connection()
    try:
        reader.execute("SELECT count(*) FROM registry_person").fetchone()  # holds it open

        result = intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=agency)
    finally:
        reader.close()

    assert (result.accepted, result.duplicates) == (3, 1)
    assert _rebuilt(before, _indexes()) == set()
