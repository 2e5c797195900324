"""The who/when fields take the glossary's names (``created_at``, ``created_by``,
``updated_at`` for a row an import refreshes); columns are renamed, data kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0002_tata_letak_bawaan")]

    operations = [
        migrations.RenameField("batchpendaftaran", "dibuat_oleh", "created_by"),
    ]
