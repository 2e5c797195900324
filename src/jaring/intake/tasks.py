"""Background entry point for intake: the web upload enqueues, `jaring worker` runs.

After the file is loaded, the persons it created are linked against the registry
(``matching.services.link_submission``), in their own transaction: a failure there is
logged and leaves the loaded file as it is (``jaring link`` catches up later). Linking
is its own stage of the upload's progress (``SubmissionStage.LINKING``, 0–100 % from
the linking steps, through a callback: matching knows nothing of the progress bar),
and the submission's lease is renewed while linking too, so the queue's record of a
task still linking is not taken for one a dead worker left (``jobs.recovery``)."""

import logging
from collections.abc import Callable

from django_tasks import task

from jaring.intake.models import Submission, SubmissionStage
from jaring.intake.services import NotClaimable, UnusableFile, process_submission
from jaring.jobs.leases import Heartbeat
from jaring.matching.services import link_submission

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


@task()
def process_submission_task(submission_id: int) -> dict:
    submission = Submission.objects.get(pk=submission_id)
    try:
        result = process_submission(submission, link_next=True)
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
        outcome["pencocokan"] = link_after_intake(result.submission)
    return outcome


def link_after_intake(submission: Submission, progress: Progress | None = None) -> dict:
    """Link the new persons of ``submission`` as the upload's linking stage, under its
    lease; a summary, or the failure, for the log. ``progress`` (the command line's)
    hears the linking steps too. The stage ends "selesai" at 100 % either way."""
    with Heartbeat(Submission, submission.pk) as lease:

        def report(percent: int, message: str) -> None:
            lease.report(progress=max(0, min(99, percent)), tahap=SubmissionStage.LINKING)
            if progress is not None:
                progress(percent, message)

        try:
            run = link_submission(submission, user=submission.submitted_by, progress=report)
        except Exception:
            logger.exception("Pencocokan setelah pengajuan %s gagal", submission.nomor)
            summary: dict = {"status": "gagal"}
        else:
            summary = {"merged": run.merged, "queued": run.queued}
    # After the heartbeat's thread has stopped, so no late beat writes an older figure.
    Submission.objects.filter(pk=submission.pk).update(progress=100, tahap=SubmissionStage.DONE)
    return summary
