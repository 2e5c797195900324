"""Names sort as a reader expects (case and accents aside) on PostgreSQL: ``nama`` takes
the ICU root collation, which Indonesian uses unchanged, so ``budi``, ``Budi`` and
``BUDI`` stand together and the column's index still gives the registry its order.
Deterministic, so equality, ``LIKE`` and the unique checks behave as before. A server
built without ICU keeps its order; SQLite gets the same order per connection
(``registry.apps``)."""

from django.db import migrations

COLLATION = "und-x-icu"


def collate(apps, schema_editor, collation: str | None = COLLATION) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if collation:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [collation])
            if cursor.fetchone() is None:
                return
        clause = f' COLLATE "{collation}"' if collation else ' COLLATE "default"'
        cursor.execute(f"ALTER TABLE registry_person ALTER COLUMN nama TYPE varchar(100){clause}")


def uncollate(apps, schema_editor) -> None:
    collate(apps, schema_editor, collation=None)


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_person_region_occupation_checked_by_intake")]
    operations = [migrations.RunPython(collate, uncollate, elidable=False)]
