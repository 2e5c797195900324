"""Long work run by the background worker, with the progress a user watches.

Selection over a million persons, a month's billing, a large import: the page that
starts it creates a ``Job`` and returns at once; ``jaring worker`` runs it and writes
its progress here; the page polls this row (htmx) until it ends. A job says what it is
about (``target``, e.g. ``program:12``) so a page can show the latest one for its object.
A job is held under a lease (``Leased``, see ``jobs.leases``), so one a dead worker left
running is queued again or failed with a reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.records import Recorded


class JobStatus(models.TextChoices):
    QUEUED = "antri", _("Menunggu giliran")
    RUNNING = "berjalan", _("Sedang berjalan")
    DONE = "selesai", _("Selesai")
    FAILED = "gagal", _("Gagal")


class Leased(models.Model):
    """The lease of a row some process works on (``jobs.leases``)."""

    heartbeat_at = models.DateTimeField(_("tanda hidup terakhir"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)

    class Meta:
        abstract = True


class Job(Leased, Recorded):
    jenis = models.CharField(_("pekerjaan"), max_length=100)
    handler = models.CharField(max_length=200)  # dotted path, set by code only
    params = models.JSONField(default=dict, blank=True)
    target = models.CharField(_("objek"), max_length=100, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    pesan = models.CharField(_("pesan"), max_length=1000, blank=True)
    hasil = models.JSONField(_("hasil"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dimulai oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dimulai"), auto_now_add=True)
    # The language of the page that started the job: its progress and errors are written
    # in it, for the person who watches them (empty: the default, Indonesian).
    bahasa = models.CharField(_("bahasa"), max_length=10, blank=True)
    finished_at = models.DateTimeField(_("berakhir"), null=True, blank=True)
    # Set by ``start_job`` on the row it hands back: True when that job was already
    # queued or running (not stored).
    already_running = False

    class Meta:
        verbose_name = _("pekerjaan latar belakang")
        verbose_name_plural = _("pekerjaan latar belakang")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two clicks (or two clerks) at once start one job, not two: the second
            # insert fails and ``start_job`` hands back the first.
            models.UniqueConstraint(
                fields=["target", "handler"],
                condition=models.Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]),
                name="one_active_job_per_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.jenis} ({self.target}): {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
