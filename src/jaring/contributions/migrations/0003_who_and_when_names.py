"""The who/when fields take the glossary's names (``created_at``, ``created_by``,
``updated_at`` for a row an import refreshes); columns are renamed, data kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contributions", "0002_imported_file_base")]

    operations = [
        migrations.RenameField("tagihan", "dibuat_oleh", "created_by"),
        migrations.RenameField("pembayaran", "dicatat_oleh", "created_by"),
    ]
