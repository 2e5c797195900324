"""The records every file import keeps — the file as it was sent (``ImportedFile``) and
why each refused row was refused (``RowProblem``) — as abstract models each importer's
app makes concrete. Apart from ``jaring.imports`` (the runner) on purpose: the models
are loaded by every process at start, and the runner brings Polars, which a command
such as ``jaring init`` never needs."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

STORED_NAME_BYTES = 100


def stored_file_name(filename: str) -> str:
    """The name a file is kept under: the sender's name cut to ``STORED_NAME_BYTES``
    bytes of UTF-8 with its extension kept. A name can be as long as the sender's system
    allows, but a folder entry holds 255 bytes, and the stored name also carries a
    prefix; the full name stays in ``original_name``."""
    name = Path(filename).name
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) <= 10 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    room = STORED_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode("utf-8", errors="ignore").strip() or "berkas"
    return f"{stem}{suffix}"


def imported_file_path(instance: ImportedFile, filename: str) -> str:
    return f"{instance.UPLOAD_FOLDER}/{instance.sha256[:12]}-{stored_file_name(filename)}"


class ImportedFile(models.Model):
    """One file as it was sent, with who imported it and how its rows went.
    ``rows`` = ``rejected`` + the outcomes each import counts (a check constraint on the
    concrete model says which)."""

    UPLOAD_FOLDER = "impor"

    nomor = models.CharField(_("nomor impor"), max_length=40, unique=True)
    file = models.FileField(_("berkas"), upload_to=imported_file_path, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    rejected = models.PositiveIntegerField(_("baris ditolak"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diimpor oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diimpor"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.nomor


class RowProblem(models.Model):
    """Why one row of an imported file was refused, in plain Indonesian."""

    row_number = models.PositiveIntegerField(_("baris"))
    field = models.CharField(_("kolom"), max_length=40)
    message = models.CharField(_("alasan"), max_length=500)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"baris {self.row_number}, {self.field}: {self.message}"
