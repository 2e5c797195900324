"""The change history is append-only in the database itself.

PostgreSQL: a trigger refuses UPDATE and DELETE on the entries and the chain (TRUNCATE,
which the test runner's flush uses, fires no row trigger; ``jaring restore`` only
inserts). SQLite: a trigger refuses UPDATE; DELETE stays possible, because Django's
flush between tests empties SQLite tables with DELETE.
"""

from django.db import migrations

TABLES = ("riwayat_entri", "riwayat_rantai")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION riwayat_tolak_ubah() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Riwayat perubahan tidak dapat diubah atau dihapus (%).', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_tetap BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION riwayat_tolak_ubah()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_tetap BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'Riwayat perubahan tidak dapat diubah.'); END"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor in ("postgresql", "sqlite"):
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {table}_tetap"
                + (f" ON {table}" if vendor == "postgresql" else "")
            )
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS riwayat_tolak_ubah()")


class Migration(migrations.Migration):
    dependencies = [("riwayat", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
