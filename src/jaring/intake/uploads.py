"""A list received over the web (the upload page or the API): kept as a submission and
queued for ``jaring worker``, which validates and loads it with progress.

The very same file (its SHA-256) sent again for the same agency, while the earlier
submission is waiting, running or done, is not submitted a second time: the sender is
shown the earlier one, whose result the file would only repeat. After a failed
submission the file may be sent again (the failure may have been Jaring's)."""

from dataclasses import dataclass

from jaring.imports import sha256, uploaded_path
from jaring.intake.models import Submission, SubmissionStatus
from jaring.intake.queries import submissions_for
from jaring.intake.services import create_submission
from jaring.intake.tasks import process_submission_task


@dataclass(frozen=True)
class Received:
    submission: Submission
    sent_before: bool  # the submission is the earlier one of the same file


def receive(upload_file, *, agency, user) -> Received:
    with uploaded_path(upload_file) as path:
        earlier = earlier_submission(sha256(path), agency=agency, user=user)
        if earlier is not None:
            return Received(earlier, sent_before=True)
        submission = create_submission(
            path=path, agency=agency, user=user, original_name=upload_file.name
        )
    process_submission_task.enqueue(submission.pk)
    return Received(submission, sent_before=False)


def earlier_submission(digest: str, *, agency, user) -> Submission | None:
    """The first submission of the same file for ``agency`` that ``user`` may open and
    that did not fail, or None."""
    return (
        submissions_for(user)
        .filter(sha256=digest, agency=agency)
        .exclude(status=SubmissionStatus.FAILED)
        .order_by("created_at", "id")
        .first()
    )
