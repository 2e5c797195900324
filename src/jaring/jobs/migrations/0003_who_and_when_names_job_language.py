"""The who/when fields take the glossary's names (``created_at``, ``created_by``,
``updated_at`` for a row an import refreshes); columns are renamed, data kept. A job remembers the language of the page that
started it (``bahasa``), so its progress and errors are written in it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_job_attempts_job_heartbeat_at")]

    operations = [
        migrations.RenameField("job", "dibuat_oleh", "created_by"),
        migrations.AddField(
            model_name="job",
            name="bahasa",
            field=models.CharField(blank=True, max_length=10, verbose_name="bahasa"),
        ),
    ]
