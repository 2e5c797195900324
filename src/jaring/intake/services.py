"""Intake workflow: keep the file, validate every row, load the valid ones.

One service serves the command line, the web upload and the background worker. The
whole file is loaded in one transaction: either every valid row and every rejection is
recorded, or (on any failure) nothing is, and the submission says why. The process that
works on a submission holds its lease (``jobs.leases``), so a file a dead worker left
"diproses" is processed again (nothing is loaded twice) or failed with a reason.

Each step is a stage of the submission's progress (``Submission.tahap``: reading,
checking, saving); when the caller links the new persons next (``link_next``, the
worker and the command), the load's commit already names linking as the stage, so the
upload's page goes on showing progress until linking is done (``tasks.link_after_intake``).
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from jaring import imports
from jaring.events import Topic, announce
from jaring.intake import load
from jaring.intake.models import Submission, SubmissionStage, SubmissionStatus
from jaring.intake.reader import ROW, UnusableFile, read
from jaring.intake.validate import Reference, occupation_key, validate
from jaring.jobs import leases
from jaring.registry.models import Agency, Pekerjaan
from jaring.wilayah.models import Tingkat
from jaring.wilayah.queries import kode_set

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]


class NotClaimable(Exception):
    """The submission is finished, or another live process is working on it."""


@dataclass
class IntakeResult:
    submission: Submission
    rows: int
    accepted: int
    rejected: int
    duplicates: int
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "errors": self.errors,
        }


def load_reference() -> Reference:
    occupations: dict[str, str] = {}
    for kode, label, alias in Pekerjaan.objects.filter(aktif=True).values_list(
        "kode", "label", "alias"
    ):
        for text in [kode, label, *alias.split("|")]:
            if text.strip():
                occupations.setdefault(occupation_key(text), kode)
    return Reference(
        provinces=kode_set(Tingkat.PROVINSI),
        regencies=kode_set(Tingkat.KABUPATEN_KOTA),
        districts=kode_set(Tingkat.KECAMATAN),
        villages=kode_set(Tingkat.DESA),
        occupations=occupations,
    )


def create_submission(
    *, path: Path, agency: Agency, user=None, original_name: str | None = None
) -> Submission:
    """Record a submission and keep a copy of its file before anything is parsed."""
    path = Path(path)
    original_name = Path(original_name or path.name).name
    submission = Submission(
        nomor=f"TMP-{uuid.uuid4().hex[:24]}",  # replaced by the numbered form below
        agency=agency,
        original_name=original_name[:255],
        sha256=imports.sha256(path),
        submitted_by=user,
    )
    with path.open("rb") as handle:
        submission.file.save(original_name, File(handle), save=False)
    submission.save()
    submission.nomor = f"PJ-{submission.created_at:%Y}-{submission.pk:06d}"
    submission.save(update_fields=["nomor"])
    return submission


def process_submission(
    submission: Submission, progress: Progress | None = None, *, link_next: bool = False
) -> IntakeResult:
    """Validate and load a stored submission under its lease; see the module docstring.
    ``link_next``: the caller links the new persons afterwards (its own stage).
    Raises ``NotClaimable`` when it is not this process's to run."""
    report = progress or (lambda percent, message: None)
    if not leases.claim(
        Submission,
        submission.pk,
        running=SubmissionStatus.PROCESSING,
        claimable=[SubmissionStatus.QUEUED],
        progress=1,
        tahap=SubmissionStage.READING,
    ):
        raise NotClaimable(submission.nomor)
    with leases.Heartbeat(Submission, submission.pk, running=SubmissionStatus.PROCESSING) as lease:
        return _process(submission, report, lease, link_next)


def _process(
    submission: Submission, report: Progress, lease: leases.Heartbeat, link_next: bool
) -> IntakeResult:
    path = Path(submission.file.path)
    try:
        report(5, "Membaca berkas")
        sheet = read(path, submission.original_name)
        lease.report(progress=20, tahap=SubmissionStage.CHECKING)
        report(20, f"Memeriksa {sheet.frame.height} baris")
        reference = load_reference()
        checked = validate(sheet.frame, reference, today=timezone.localdate())
        rows, headers = sheet.frame.height, sheet.headers
        # Only the rejected rows' original cells are kept; the rest of the sheet is
        # released before loading, which halves the peak memory of a large file.
        rejected_original = sheet.original.filter(
            pl.col(ROW).is_in(checked.errors.get_column(ROW).unique().implode())
        )
        del sheet
        lease.report(progress=50, tahap=SubmissionStage.SAVING)
        report(50, "Menyimpan ke registri")
        with transaction.atomic():
            counts = load.load_valid_rows(checked.valid, submission=submission, now=timezone.now())
            load.save_rejections(checked.errors, rejected_original, headers, submission=submission)
            rejected = checked.errors.get_column(ROW).n_unique()
            linking = link_next and counts.accepted > 0
            Submission.objects.filter(pk=submission.pk).update(
                status=SubmissionStatus.DONE,
                headers=headers,
                rows=rows,
                accepted=counts.accepted,
                rejected=rejected,
                duplicates=counts.duplicates,
                progress=0 if linking else 100,
                tahap=SubmissionStage.LINKING if linking else SubmissionStage.DONE,
                finished_at=timezone.now(),
            )
            announce(Topic.REGISTRY)
    except UnusableFile as exc:
        _fail(submission, str(exc))
        raise
    except Exception as exc:
        if leases.database_gone(exc):
            # Not the file's failure: the lease runs out and the file is processed again
            # once the database is back (jobs.recovery).
            raise
        logger.exception("Intake %s failed", submission.nomor)
        _fail(
            submission,
            "Terjadi kesalahan sistem saat memproses berkas; tidak ada data yang disimpan.",
        )
        raise
    submission.refresh_from_db()
    report(100, "Selesai")
    return IntakeResult(
        submission=submission,
        rows=submission.rows,
        accepted=submission.accepted,
        rejected=submission.rejected,
        duplicates=submission.duplicates,
        errors=imports.error_dicts(checked.errors),
    )


def intake_file(
    *,
    path: Path,
    agency: Agency,
    user=None,
    original_name: str | None = None,
    progress: Progress | None = None,
    link_next: bool = False,
) -> IntakeResult:
    """Store, validate and load one CSV/XLSX file from ``agency`` (``link_next``: see
    ``process_submission``).

    Raises ``UnusableFile`` (with a message for the clerk) when the file as a whole
    cannot be read; the failed submission stays on record.
    """
    submission = create_submission(path=path, agency=agency, user=user, original_name=original_name)
    return process_submission(submission, progress, link_next=link_next)


def _fail(submission: Submission, message: str) -> None:
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.FAILED, failure=message, finished_at=timezone.now(), progress=100
    )


__all__ = [
    "IntakeResult",
    "NotClaimable",
    "UnusableFile",
    "create_submission",
    "intake_file",
    "process_submission",
]
