"""The who/when fields take the glossary's names (``created_at``, ``created_by``,
``updated_at`` for a row an import refreshes); columns are renamed, data kept."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wilayah", "0002_reference_load_fingerprint"),
    ]

    operations = [
        migrations.RenameField("angkatankerja", "imported_at", "updated_at"),
        migrations.AlterField(
            model_name="angkatankerja",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="terakhir diimpor"),
        ),
    ]
