"""Background entry point for intake: the web upload enqueues, `jaring worker` runs.

After the file is loaded, the persons it created are linked against the registry
(``matching.services.link_submission``), in their own transaction: a failure there is
logged and leaves the loaded file as it is (``jaring link`` catches up later). The
submission's lease is renewed while linking too, so the queue's record of a task still
linking is not taken for one a dead worker left (``jobs.recovery``)."""

import logging

from django_tasks import task

from jaring.intake.models import Submission
from jaring.intake.services import NotClaimable, UnusableFile, process_submission
from jaring.jobs.leases import Heartbeat
from jaring.matching.services import link_submission

logger = logging.getLogger(__name__)


@task()
def process_submission_task(submission_id: int) -> dict:
    submission = Submission.objects.get(pk=submission_id)
    try:
        result = process_submission(submission)
    except UnusableFile as exc:
        # The submission already records the failure for the clerk to read.
        return {"status": "gagal", "message": str(exc)}
    except NotClaimable:
        # Finished, or another live worker has it (a task queued again twice).
        return {"status": "dilewati"}
    outcome = {
        "status": "selesai",
        "rows": result.rows,
        "accepted": result.accepted,
        "rejected": result.rejected,
        "duplicates": result.duplicates,
    }
    if result.accepted:
        with Heartbeat(Submission, submission.pk):
            outcome["pencocokan"] = link_after_intake(result.submission)
    return outcome


def link_after_intake(submission: Submission) -> dict:
    """Link the new persons of ``submission``; a summary, or the failure, for the log."""
    try:
        run = link_submission(submission, user=submission.submitted_by)
    except Exception:
        logger.exception("Pencocokan setelah pengajuan %s gagal", submission.nomor)
        return {"status": "gagal"}
    return {"merged": run.merged, "queued": run.queued}
