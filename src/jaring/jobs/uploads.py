"""A file sent to the API for an import the worker runs (BPJS responses, payment files,
claim reports): kept under MEDIA_ROOT until the job has read it, then removed.

The import itself is the importer's own service (``imports.run_import`` inside it), called
by a handler of the owning app exactly as the page and the command line call it; this
module only keeps the file between the request and the worker, and starts the job.
The same file sent again while its job waits or runs is answered with that job
(``start_job``'s one active job per target, the target naming the file's SHA-256)."""

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import default_storage

from jaring.import_records import stored_file_name
from jaring.jobs.models import Job
from jaring.jobs.services import start_job

FOLDER = "unggahan-api"


def start_import(*, kind: str, jenis: str, handler: str, user, upload, params: dict) -> Job:
    """Keep ``upload`` for the worker and start ``handler`` on it: ``params`` plus
    ``berkas`` (the kept file's storage name) and ``nama_berkas`` (the sender's)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = default_storage.save(
        f"{FOLDER}/{uuid.uuid4().hex[:12]}-{stored_file_name(upload.name or 'berkas')}", upload
    )
    job = start_job(
        jenis=jenis,
        handler=handler,
        target=f"{kind}:{digest.hexdigest()}",
        user=user,
        params={**params, "berkas": name, "nama_berkas": (upload.name or "berkas")[:255]},
    )
    if job.already_running:  # the same file's job already has its own copy
        default_storage.delete(name)
    return job


@contextmanager
def kept_file(name: str) -> Iterator[Path]:
    """The file ``start_import`` kept, as a path for the importer; removed once read,
    whatever the outcome (a worker that dies meanwhile never reaches the removal, so a
    job queued again still finds it)."""
    try:
        yield Path(default_storage.path(name))
    finally:
        default_storage.delete(name)


def outcome(result, *counts: str) -> dict:
    """What a finished import job keeps as its result: the import's number, whether
    the file had been imported before, its counts and the refused rows with reasons."""
    return result.as_dict("rows", "rejected", *counts)
