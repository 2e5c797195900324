from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "jaring.intake"
    label = "intake"
    verbose_name = _("Pengajuan")

    def ready(self) -> None:
        # A file a dead worker left "diproses" is processed again or failed (jobs.recovery).
        from jaring.intake.models import Submission, SubmissionStatus
        from jaring.jobs.recovery import LeasedWork, register

        register(
            LeasedWork(
                model=Submission,
                task_path="jaring.intake.tasks.process_submission_task",
                queued=SubmissionStatus.QUEUED,
                running=SubmissionStatus.PROCESSING,
                failed=lambda message: {
                    "status": SubmissionStatus.FAILED,
                    "failure": message,
                    "progress": 100,
                    "finished_at": timezone.now(),
                },
            )
        )
