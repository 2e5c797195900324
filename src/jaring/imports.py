"""The one outline of a file import, shared by all five importers: worker lists (intake),
the BPJS membership file, BPJS responses, payment files and claim reports.

An import is two named steps. ``receive``: the file is hashed (SHA-256); the same file
again is answered with the earlier import; otherwise the file is stored on a new record
that is saved under a temporary number and then numbered ``<prefix>-YYYY-NNNNNN``.
``check_and_write``: the file is read with ``jaring.sheets``, every row is checked at
once (Polars row rules), the valid rows are written, one row per problem is stored, the
counts are set, the topic is announced (``jaring.events``) and progress is reported,
the writing in one transaction. ``run_import`` runs both steps in one transaction, so a
failure leaves neither rows nor the record nor the stored file (``stored_file``): the
membership file, BPJS responses, payments and claims; it reads the file before
``receive`` stores or numbers anything, so a file that cannot be read as a whole
(``sheets.UnusableFile``) leaves no trace at all. Intake runs the steps apart: it
receives at upload and commits the numbered submission at once (a file that fails
later stays on record with its reason, for the clerk), then checks and writes in the
worker under the submission's lease (``jaring.intake.services``). What differs between
importers — the layout or reader, the row rules, the writer, the counts, how the
record is finished — is passed in (``FileImport`` and the steps' hooks), never a copy
of the outline. A different file repeating what Jaring holds is counted as
``unchanged`` (intake: ``duplicates``), row by row.

The same file again (its SHA-256) is answered with the earlier import only when that
import could have done everything this user's can and the user may open its result
(``earlier_import``): rows refused to a regency officer as outside their region are not
"already imported" for the administrator, and nobody is sent to a result page they
cannot open. Otherwise the file is imported anew, and the rows the earlier import
recorded come out ``unchanged``. (Intake has its own answer: the earlier submission of
the same agency that did not fail, ``intake.uploads``.)

Lists of imports show those made in the user's region (``in_region_of``); a result
page, which quotes the NIKs and KPJs its refused rows named, opens for the importer
and administrators (``openable_by``).
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import polars as pl
from django.core.files import File
from django.db import transaction
from django.db.models import Model, Q, QuerySet

from jaring.accounts.policy import is_admin, reach_covers
from jaring.bulk import bulk_insert
from jaring.events import Topic, announce
from jaring.reasons import translate_frame, translate_rows
from jaring.sheets import ROW, Layout, read_sheet
from jaring.wilayah.queries import prefix_range

Progress = Callable[[int, str], None]


@contextmanager
def stored_file(record, path: Path, original_name: str) -> Iterator[None]:
    """Store the file on ``record`` (unsaved); if the import fails afterwards, delete
    the stored copy again, so a failed import leaves nothing behind."""
    saved = save_file(record, path, original_name)
    try:
        yield
    except BaseException:
        type(record)._meta.get_field("file").storage.delete(saved)
        raise


@dataclass
class ImportResult:
    record: Any  # the import's record (ResponBpjs, ImporPembayaran, LaporanKlaim, Submission…)
    already_imported: bool = False
    errors: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def as_dict(self, *counts: str) -> dict:
        return {
            "import": self.record.nomor,
            "already_imported": self.already_imported,
            **{name: getattr(self.record, name) for name in counts},
            **self.extra,
            "errors": self.errors,
        }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def in_region_of(user) -> Q:
    """Imports made by users of ``user``'s region (its regencies/cities included); an
    administrator and the command line (``None``) see every import."""
    if user is None or is_admin(user):
        return Q()
    if not user.wilayah_id:
        return Q(pk__in=[])
    return prefix_range(user.wilayah_id, "imported_by__wilayah", include_self=True)


def openable_by(user) -> Q:
    """Imports whose result page (counts and refused rows) ``user`` may open: their own;
    every one for an administrator and the command line."""
    if user is None or is_admin(user):
        return Q()
    return Q(imported_by=user)


def earlier_import(
    imports: QuerySet, digest: str, user, *, scoped_rows: bool = True
) -> ImportResult | None:
    """The earlier import of the very same file that stands for this one, with its
    errors, or None (import the file anew).

    ``imports`` are the candidates (e.g. the responses of one programme). An earlier
    import stands only if ``user`` may open it, and — when the importer's rows are
    checked against the importer's region (``scoped_rows``: payments, claims) — if
    the earlier importer reaches every region ``user`` does: a file whose rows were
    refused as outside a regency officer's region is imported again for the
    administrator."""
    candidates = imports.filter(sha256=digest).filter(openable_by(user))
    for earlier in candidates.select_related("imported_by").order_by("created_at"):
        if scoped_rows and not reach_covers(earlier.imported_by, user):
            continue
        errors = [
            {"row": e.row_number, "field": e.field, "message": e.message}
            for e in translate_rows(earlier.errors.all())
        ]
        return ImportResult(record=earlier, already_imported=True, errors=errors)
    return None


def errors_of(checked: pl.DataFrame) -> pl.DataFrame:
    """``(_row, field, message)`` from the ``err_<field>`` columns of a checked frame."""
    columns = [c for c in checked.columns if c.startswith("err_")]
    return (
        checked.select(ROW, *columns)
        .unpivot(index=ROW, variable_name="field", value_name="message")
        .drop_nulls("message")
        .with_columns(pl.col("field").str.strip_prefix("err_"))
        .sort(ROW, "field")
    )


def error_dicts(errors: pl.DataFrame) -> list[dict]:
    """The row problems for an answer (API, command line), in the reader's language."""
    return [
        {"row": row, "field": name, "message": message}
        for row, name, message in translate_frame(errors)
        .select(ROW, "field", "message")
        .iter_rows()
    ]


def save_file(record, path: Path, original_name: str) -> str:
    with Path(path).open("rb") as handle:
        record.file.save(original_name, File(handle), save=False)
    return record.file.name


def store_errors(model, fk: str, record_id: int, errors: pl.DataFrame) -> None:
    bulk_insert(
        model._meta.db_table,
        [f"{fk}_id", "row_number", "field", "message"],
        errors.select(
            pl.lit(record_id, pl.Int64).alias(f"{fk}_id"),
            pl.col(ROW).alias("row_number"),
            "field",
            pl.col("message").str.slice(0, 500),
        ),
    )


def first_row_wins(checked: pl.DataFrame, key: str, ok: pl.Expr, err: str, message: str):
    """A key named twice: the first row stands, each later one gets ``message`` (with
    the key and the first row's number) in column ``err`` unless it already has one."""
    first = (
        checked.filter(ok & pl.col(err).is_null() & pl.col(key).is_not_null())
        .group_by(key)
        .agg(pl.col(ROW).min().alias("_first"))
    )
    return (
        checked.join(first, on=key, how="left")
        .with_columns(
            pl.when(
                pl.col(err).is_null()
                & pl.col("_first").is_not_null()
                & (pl.col(ROW) != pl.col("_first"))
                & ok
            )
            .then(pl.format(message, pl.col(key), pl.col("_first")))
            .otherwise(pl.col(err))
            .alias(err)
        )
        .drop("_first")
    )


@contextmanager
def uploaded_path(upload, name: str = "upload") -> Iterator[Path]:
    """A file uploaded through a page or the API, written to a temporary path for the
    importers (which read paths, like the commands) and removed afterwards."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        yield path


@dataclass(frozen=True)
class FileImport:
    """What one kind of file import is: its record model, its row-problem model and the
    record's key there, its columns, the prefix of its numbers, the topic it announces,
    and whether its rows are checked against the importer's region (see
    ``earlier_import``).

    The rest fits the outline to an import whose record is not an ``ImportedFile``
    (intake's ``Submission``): ``reader`` reads the file when ``layout`` does not
    describe it (intake keeps every original column), ``by`` names the record's
    who-field, ``marks`` are the progress percentages at reading, checking and writing
    and ``saving`` what the writing step is called. ``check_in_transaction``: most row
    checks read what the write depends on (a programme locked, the invoices a payment
    names) and run in the write's transaction; intake's read only reference data and
    run before it, so on SQLite the one write lock stays free for the lease while a
    large file is checked."""

    model: type[Model]  # an ImportedFile, or intake's Submission
    problems: type[Model]  # a RowProblem, or intake's RowError
    problems_fk: str
    layout: Layout | None
    prefix: str  # "BYR" → BYR-2026-000042
    topic: Topic
    scoped_rows: bool = True
    reader: Callable[[Path, str], Sheet] | None = None
    by: str = "imported_by"
    marks: tuple[int, int, int] = (10, 30, 60)
    saving: str = "Menyimpan"
    check_in_transaction: bool = True

    def read(self, path: Path, original_name: str) -> Sheet:
        if self.reader is not None:
            return self.reader(path, original_name)
        assert self.layout is not None, "a FileImport has a layout or a reader"
        return read_sheet(path, self.layout, original_name)


class Sheet(Protocol):
    """A file as read: a frame, or whatever a ``reader`` gives, with its row count."""

    @property
    def height(self) -> int: ...


# Rows to write, one row per problem, and how many rows Jaring already held (None: the
# kind does not count them — intake counts its duplicates while writing).
Checked = tuple[pl.DataFrame, pl.DataFrame, int | None]


def receive(
    kind: FileImport,
    *,
    user,
    path: Path,
    original_name: str | None = None,
    earlier: Callable[[str], ImportResult | None] | None = None,
    fields: dict | None = None,
    first: Callable[[], Any] | None = None,
    then: Callable[[Any, Any], ImportResult] | None = None,
) -> ImportResult:
    """Step one of the outline: hash the file; the same file again is answered by
    ``earlier`` (given the SHA-256: the earlier import that stands for this one, or
    None); otherwise the file is stored on a new record (``fields`` are its own), saved
    under a temporary number and then numbered ``<prefix>-YYYY-NNNNNN``.

    ``first`` runs once the file is known to be new, before anything is stored:
    ``run_import`` reads the file there, so a file that cannot be read leaves no
    record, no number and no stored copy. ``then`` gets the saved record and what
    ``first`` gave, in the numbering's transaction (``run_import``: step two), so a
    failure there leaves neither the record nor the stored file. Without ``then`` the
    numbered record is committed on its own: intake keeps a file that later fails on
    record, for the clerk to read why."""
    path = Path(path)
    name = file_name(path, original_name)
    digest = sha256(path)
    found = earlier(digest) if earlier is not None else None
    if found is not None:
        return found
    prepared = first() if first is not None else None
    record: Any = kind.model(
        nomor=f"TMP-{uuid.uuid4().hex[:24]}",  # replaced by the numbered form below
        original_name=name[:255],
        sha256=digest,
        **{kind.by: user},
        **(fields or {}),
    )
    with stored_file(record, path, name), transaction.atomic():
        record.save()
        record.nomor = f"{kind.prefix}-{record.created_at:%Y}-{record.pk:06d}"
        record.save(update_fields=["nomor"])
        if then is not None:
            return then(record, prepared)
    return ImportResult(record=record)


def file_name(path: Path, original_name: str | None) -> str:
    """The sender's name of the file (its last part), or the path's."""
    return Path(original_name or Path(path).name).name


def read_file(kind: FileImport, path: Path, original_name: str, report: Progress) -> Sheet:
    """Read the file with the kind's reader (``sheets.UnusableFile`` for a file that
    cannot be read as a whole): the start of step two."""
    report(kind.marks[0], "Membaca berkas")
    return kind.read(Path(path), original_name[:255])


def check_and_write(
    kind: FileImport,
    record,
    *,
    path: Path,
    check: Callable[[Any], Checked],
    write: Callable[[Any, pl.DataFrame, Progress], None],
    counts: Callable[[pl.DataFrame], dict[str, int]] | None = None,
    finish: Callable[[Any], None] | None = None,
    progress: Progress | None = None,
    sheet: Sheet | None = None,
) -> ImportResult:
    """Step two of the outline, for a record ``receive`` numbered: read the file
    (``read_file``, unless ``run_import`` gives the ``sheet`` it read before
    receiving), check its rows and write them in one transaction — ``check`` gives the rows
    to write, one row per problem and how many rows Jaring already held; ``counts`` the
    record's own counts of the rows to write; ``write`` writes the rows (and may set
    further counts on the record); the row problems are stored, ``finish`` saves the
    record (default ``record.save()``; intake also marks its submission done) and what
    changed is announced. The read file is let go before writing: a large file's cells
    are not held while its rows are written."""
    report = progress or _silent
    _, checking, writing = kind.marks
    if sheet is None:
        sheet = read_file(kind, path, record.original_name, report)
    height = sheet.height
    report(checking, f"Memeriksa {height} baris")
    checked_inside = kind.check_in_transaction
    with transaction.atomic() if checked_inside else nullcontext():
        rows, errors, unchanged = check(sheet)
        del sheet
        report(writing, kind.saving)
        # Joins the check's transaction, or is the transaction when the check ran before.
        with transaction.atomic(savepoint=not checked_inside):
            record.rows = height
            record.rejected = errors.get_column(ROW).n_unique()
            if unchanged is not None:
                record.unchanged = unchanged
            for name, value in (counts(rows) if counts else {}).items():
                setattr(record, name, value)
            write(record, rows, report)
            store_errors(kind.problems, kind.problems_fk, record.pk, errors)
            (finish or _save)(record)
            announce(kind.topic)
    report(100, "Selesai")
    return ImportResult(record=record, errors=error_dicts(errors))


def run_import(
    kind: FileImport,
    *,
    user,
    path: Path,
    original_name: str | None,
    check: Callable[[pl.DataFrame], Checked],
    write: Callable[[Any, pl.DataFrame, Progress], None],
    counts: Callable[[pl.DataFrame], dict[str, int]] | None = None,
    earlier_among: QuerySet | None = None,
    fields: dict | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """The one outline of a file import, both steps in one transaction: ``receive``
    (the same file again answers with the earlier import among ``earlier_among``, see
    ``earlier_import``; otherwise a numbered record with the stored file), then
    ``check_and_write``. The file is read (``read_file``) before ``receive`` stores
    or numbers anything, so a file that cannot be read leaves no trace; any later
    failure leaves neither rows, nor the record, nor the stored file. Intake runs the
    same two steps apart (``jaring.intake.services``)."""
    report = progress or _silent
    candidates = earlier_among if earlier_among is not None else kind.model._default_manager.all()

    def earlier(digest: str) -> ImportResult | None:
        return earlier_import(candidates, digest, user, scoped_rows=kind.scoped_rows)

    def first() -> Sheet:
        return read_file(kind, path, file_name(path, original_name), report)

    def then(record, sheet: Sheet) -> ImportResult:
        return check_and_write(
            kind,
            record,
            path=path,
            sheet=sheet,
            check=check,
            counts=counts,
            write=write,
            progress=report,
        )

    return receive(
        kind,
        user=user,
        path=path,
        original_name=original_name,
        earlier=earlier,
        fields=fields,
        first=first,
        then=then,
    )


def _silent(percent: int, message: str) -> None:
    """No one is watching the progress."""


def _save(record) -> None:
    record.save()
