"""Trigram index for name search on PostgreSQL (SQLite searches without it)."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_nama_kunci_trgm ON registry_person "
    "USING gin (nama_kunci gin_trgm_ops)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_nama_kunci_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_pekerjaan_awal")]
    operations = [migrations.RunPython(create, drop)]
