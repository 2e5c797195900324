"""The who/when fields take the glossary's names (``created_at``, ``created_by``,
``updated_at`` for a row an import refreshes); columns are renamed, data kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_job_attempts_job_heartbeat_at")]

    operations = [
        migrations.RenameField("job", "dibuat_oleh", "created_by"),
    ]
