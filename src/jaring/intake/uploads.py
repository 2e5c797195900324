"""A list received over the web (the upload page or the API): kept as a submission and
queued for ``jaring worker``, which validates and loads it with progress."""

import tempfile
from pathlib import Path

from jaring.intake.models import Submission
from jaring.intake.services import create_submission
from jaring.intake.tasks import process_submission_task


def receive(upload_file, *, agency, user) -> Submission:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "upload"
        with path.open("wb") as handle:
            for chunk in upload_file.chunks():
                handle.write(chunk)
        submission = create_submission(
            path=path, agency=agency, user=user, original_name=upload_file.name
        )
    process_submission_task.enqueue(submission.pk)
    return submission
