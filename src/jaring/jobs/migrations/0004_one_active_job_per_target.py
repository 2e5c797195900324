from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

ACTIVE = ["antri", "berjalan"]


def fail_duplicates(apps, schema_editor):
    """Before the constraint: of two active jobs for one object and handler (possible
    only through a double click that raced), the older one is marked failed."""
    Job = apps.get_model("jobs", "Job")
    seen = set()
    for job in Job.objects.filter(status__in=ACTIVE).order_by("-created_at", "-id"):
        key = (job.target, job.handler)
        if key in seen:
            Job.objects.filter(pk=job.pk).update(
                status="gagal", pesan="Pekerjaan ganda; dihentikan.", finished_at=timezone.now()
            )
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_who_and_when_names_job_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(fail_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="job",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ACTIVE)),
                fields=("target", "handler"),
                name="one_active_job_per_target",
            ),
        ),
    ]
