"""Submissions of worker lists and what became of each row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.import_records import stored_file_name
from jaring.jobs.models import Leased


class SubmissionStatus(models.TextChoices):
    QUEUED = "antre", _("Menunggu diproses")
    PROCESSING = "diproses", _("Sedang diproses")
    DONE = "selesai", _("Selesai")
    FAILED = "gagal", _("Gagal (berkas tidak dapat dibaca)")


class SubmissionStage(models.TextChoices):
    """The step a submission is at, shown with its progress bar. Linking runs after the
    rows are saved (the status is then already "selesai" and the counts final), as its
    own stage with its own 0–100 %."""

    READING = "membaca", _("Membaca berkas")
    CHECKING = "memeriksa", _("Memeriksa baris")
    SAVING = "menyimpan", _("Menyimpan ke registri")
    LINKING = "mencocokkan", _("Mencocokkan dengan registri")
    DONE = "selesai", _("Selesai")


def submission_upload_to(instance: "Submission", filename: str) -> str:
    return f"submissions/{instance.agency_id}/{instance.sha256[:12]}-{stored_file_name(filename)}"


class Submission(Leased):
    """One file an agency sent. The original file is kept, so nothing a clerk sent is
    ever lost, whatever happened to its rows. Processed under a lease (``jobs.leases``):
    a file a dead worker left "diproses" is processed again or failed with a reason."""

    nomor = models.CharField(_("nomor pengajuan"), max_length=30, unique=True)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    file = models.FileField(_("berkas"), upload_to=submission_upload_to, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    headers = models.JSONField(_("judul kolom asli"), default=list, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.QUEUED,
    )
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    accepted = models.PositiveIntegerField(_("diterima"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    duplicates = models.PositiveIntegerField(_("duplikat"), default=0)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    tahap = models.CharField(
        _("tahap"), max_length=12, choices=SubmissionStage.choices, blank=True, default=""
    )
    failure = models.TextField(_("alasan gagal"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengajuan")
        verbose_name_plural = _("pengajuan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rows=models.F("accepted") + models.F("rejected") + models.F("duplicates")
                )
                | ~models.Q(status="selesai"),
                name="submission_counts_reconcile",
            ),
        ]

    def __str__(self) -> str:
        return self.nomor


class RejectedRow(models.Model):
    """A rejected row exactly as the clerk sent it, so it can be returned as a
    spreadsheet to fix and upload again. ``data`` is the list of cell texts in the order
    of ``Submission.headers`` (a list, because PostgreSQL's jsonb does not keep the key
    order of an object)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="rejected_rows"
    )
    row_number = models.PositiveIntegerField(_("baris"))
    data = models.JSONField(_("isi baris"))

    class Meta:
        verbose_name = _("baris ditolak")
        verbose_name_plural = _("baris ditolak")
        ordering = ["submission_id", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "row_number"], name="rejected_row_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} baris {self.row_number}"


class RowError(models.Model):
    """One reason a row was rejected: the canonical column at fault and a message in
    plain Indonesian."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="errors")
    row_number = models.PositiveIntegerField(_("baris"))
    field = models.CharField(_("kolom"), max_length=40)
    message = models.CharField(_("alasan"), max_length=500)

    class Meta:
        verbose_name = _("kesalahan baris")
        verbose_name_plural = _("kesalahan baris")
        ordering = ["submission_id", "row_number", "id"]
        indexes = [models.Index(fields=["submission", "row_number"])]

    def __str__(self) -> str:
        return f"baris {self.row_number}, {self.field}: {self.message}"
