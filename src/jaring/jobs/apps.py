from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jaring.jobs"
    verbose_name = _("Pekerjaan latar belakang")

    def ready(self) -> None:
        from jaring.jobs.models import Job, JobStatus
        from jaring.jobs.recovery import LeasedWork, register

        register(
            LeasedWork(
                model=Job,
                task_path="jaring.jobs.tasks.run_job_task",
                queued=JobStatus.QUEUED,
                running=JobStatus.RUNNING,
                failed=lambda message: {
                    "status": JobStatus.FAILED,
                    "pesan": message[:1000],
                    "finished_at": timezone.now(),
                },
            )
        )
