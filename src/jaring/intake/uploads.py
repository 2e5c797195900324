"""A list received over the web (the upload page or the API): kept as a submission and
queued for ``jaring worker``, which validates and loads it with progress.

The very same file (its SHA-256) sent again for the same agency, while the earlier
submission is waiting, running or done, is not submitted a second time: the sender is
shown the earlier one, whose result the file would only repeat. After a failed
submission the file may be sent again (the failure may have been Jaring's)."""

from dataclasses import dataclass

from jaring import imports
from jaring.imports import uploaded_path
from jaring.intake.models import Submission, SubmissionStatus
from jaring.intake.queries import submissions_for
from jaring.intake.services import INTAKE_FILE
from jaring.intake.tasks import process_submission_task


@dataclass(frozen=True)
class Received:
    submission: Submission
    sent_before: bool  # the submission is the earlier one of the same file


def receive(upload_file, *, agency, user) -> Received:
    """The outline's first step (``imports.receive``) with intake's answer to the same
    file again; the second runs in the worker (``process_submission_task``)."""

    def earlier(digest: str) -> imports.ImportResult | None:
        found = earlier_submission(digest, agency=agency, user=user)
        return imports.ImportResult(record=found, already_imported=True) if found else None

    with uploaded_path(upload_file) as path:
        received = imports.receive(
            INTAKE_FILE,
            user=user,
            path=path,
            original_name=upload_file.name,
            earlier=earlier,
            fields={"agency": agency},
        )
    if received.already_imported:
        return Received(received.record, sent_before=True)
    process_submission_task.enqueue(received.record.pk)
    return Received(received.record, sent_before=False)


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
