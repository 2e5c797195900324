"""Background entry point for intake: the web upload enqueues, `jaring worker` runs."""

from django_tasks import task

from jaring.dashboard.tasks import request_refresh
from jaring.intake.models import Submission
from jaring.intake.services import UnusableFile, process_submission


@task()
def process_submission_task(submission_id: int) -> dict:
    submission = Submission.objects.get(pk=submission_id)
    try:
        result = process_submission(submission)
    except UnusableFile as exc:
        # The submission already records the failure for the clerk to read.
        return {"status": "gagal", "message": str(exc)}
    # New persons and a new submission: the registry and pipeline figures change.
    request_refresh(("registri", "alur"))
    return {
        "status": "selesai",
        "rows": result.rows,
        "accepted": result.accepted,
        "rejected": result.rejected,
        "duplicates": result.duplicates,
    }
