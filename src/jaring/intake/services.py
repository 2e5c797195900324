"""Intake workflow: keep the file, validate every row, load the valid ones.

One service serves the command line, the web upload and the background worker, through
the import runner's two steps (``jaring.imports``) taken apart: ``create_submission``
is ``imports.receive`` — the file stored and the submission numbered ``PJ-YYYY-NNNNNN``
and committed at once, so a file that fails later stays on record for the clerk — and
``process_submission`` is ``imports.check_and_write`` under the submission's lease.
Intake's own pieces plug into the outline: its reader keeps every original column,
the rejected rows' original cells are kept (``RejectedRow``) beside the reasons
(``RowError``), loading counts duplicates, and finishing marks the submission done.

The rows are checked before the write's transaction (the rules read only reference
data), and the sheet is let go before loading. The whole file is loaded in one
transaction: either every valid row and every rejection is recorded, or (on any
failure) nothing is, and the submission says why ("gagal"). The process that works on
a submission holds its lease (``jobs.leases``), so a file a dead worker left
"diproses" is processed again (nothing is loaded twice) or failed with a reason.

Each step is a stage of the submission's progress (``Submission.tahap``: reading,
checking, saving); when the caller links the new persons next (``link_next``, the
worker and the command), the load's commit already names linking as the stage, so the
upload's page goes on showing progress until linking is done (``tasks.link_after_intake``).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.utils import timezone

from jaring import imports
from jaring.events import Topic
from jaring.intake import load
from jaring.intake.models import RowError, Submission, SubmissionStage, SubmissionStatus
from jaring.intake.reader import ROW, SheetData, UnusableFile, read
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


# The stage the submission shows at each of the runner's progress marks.
STAGE_AT = {20: SubmissionStage.CHECKING, 50: SubmissionStage.SAVING}

INTAKE_FILE = imports.FileImport(
    model=Submission,
    problems=RowError,
    problems_fk="submission",
    layout=None,
    reader=read,  # every original column is kept, for the rejected rows' cells
    prefix="PJ",
    topic=Topic.REGISTRY,
    by="submitted_by",
    marks=(5, 20, 50),
    saving="Menyimpan ke registri",
    check_in_transaction=False,
)


def create_submission(
    *, path: Path, agency: Agency, user=None, original_name: str | None = None
) -> Submission:
    """Record a submission and keep a copy of its file before anything is parsed: the
    outline's first step (``imports.receive``), committed on its own."""
    return imports.receive(
        INTAKE_FILE, user=user, path=path, original_name=original_name, fields={"agency": agency}
    ).record


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
    """The outline's second step (``imports.check_and_write``) with intake's pieces:
    the rejected rows' original cells, the duplicates count, the submission's status
    and stage (linking next, when the caller links the new persons)."""
    path = Path(submission.file.path)
    kept: dict = {}

    def progress(percent: int, message: str) -> None:
        # The submission shows the checking and writing marks; reading follows the
        # claim's 1% at once, and 100 is written with the status.
        if INTAKE_FILE.marks[0] < percent < 100:
            lease.report(progress=percent, tahap=STAGE_AT.get(percent, SubmissionStage.CHECKING))
        report(percent, message)

    def check(sheet: SheetData) -> imports.Checked:
        checked = validate(sheet.frame, load_reference(), today=timezone.localdate())
        # Only the rejected rows' original cells are kept; the rest of the sheet is
        # released before loading, which halves the peak memory of a large file.
        kept["headers"] = sheet.headers
        kept["rejected"] = sheet.original.filter(
            pl.col(ROW).is_in(checked.errors.get_column(ROW).unique().implode())
        )
        return checked.valid, checked.errors, None

    def write(submission: Submission, valid: pl.DataFrame, report: Progress) -> None:
        counts = load.load_valid_rows(valid, submission=submission, now=timezone.now())
        submission.accepted, submission.duplicates = counts.accepted, counts.duplicates
        load.save_rejections(kept.pop("rejected"), kept["headers"], submission=submission)

    def finish(submission: Submission) -> None:
        # An update, not a save: the lease's fields belong to the heartbeat. When the
        # caller links next, the commit already names linking as the stage, so the page
        # never shows "done" in between.
        linking = link_next and submission.accepted > 0
        Submission.objects.filter(pk=submission.pk).update(
            status=SubmissionStatus.DONE,
            headers=kept["headers"],
            rows=submission.rows,
            accepted=submission.accepted,
            rejected=submission.rejected,
            duplicates=submission.duplicates,
            progress=0 if linking else 100,
            tahap=SubmissionStage.LINKING if linking else SubmissionStage.DONE,
            finished_at=timezone.now(),
        )

    try:
        result = imports.check_and_write(
            INTAKE_FILE,
            submission,
            path=path,
            check=check,
            write=write,
            finish=finish,
            progress=progress,
        )
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
    return IntakeResult(
        submission=submission,
        rows=submission.rows,
        accepted=submission.accepted,
        rejected=submission.rejected,
        duplicates=submission.duplicates,
        errors=result.errors,
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
