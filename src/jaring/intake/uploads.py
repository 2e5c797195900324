"""A list received over the web (the upload page or the API): kept as a submission and
queued for ``jaring worker``, which validates and loads it with progress."""

from jaring.imports import uploaded_path
from jaring.intake.models import Submission
from jaring.intake.services import create_submission
from jaring.intake.tasks import process_submission_task


def receive(upload_file, *, agency, user) -> Submission:
    with uploaded_path(upload_file) as path:
        submission = create_submission(
            path=path, agency=agency, user=user, original_name=upload_file.name
        )
    process_submission_task.enqueue(submission.pk)
    return submission
