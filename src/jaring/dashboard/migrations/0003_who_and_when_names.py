"""The who/when fields take the glossary's names (``created_at``, ``created_by``,
``updated_at`` for a row an import refreshes); columns are renamed, data kept."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_programme_summaries"),
    ]

    operations = [
        migrations.RenameField("coveredcount", "imported_at", "updated_at"),
        migrations.AlterField(
            model_name="coveredcount",
            name="updated_at",
            field=models.DateTimeField(verbose_name="terakhir diimpor"),
        ),
    ]
