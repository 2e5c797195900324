"""Matching tables. For now: BPJS Ketenagakerjaan's membership file.

BPJS sends the list of its participants (NIK, name, birth date, KPJ number, segment,
status, last paid month). Jaring keeps the latest statement per KPJ number
(``Membership``), which import said it (``MembershipImport``) and why rows were refused
(``MembershipRowError``). Whether a registry person is already covered is answered by
joining on the exact NIK at read time (``matching.queries``), never stored on the
person: a person registered after the import is then flagged as soon as they exist.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


class Segmen(models.TextChoices):
    PU = "PU", _("Penerima upah (PU)")
    BPU = "BPU", _("Bukan penerima upah (BPU)")


class StatusKepesertaan(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    NONAKTIF = "nonaktif", _("Tidak aktif")


def membership_upload_to(instance: "MembershipImport", filename: str) -> str:
    return f"kepesertaan/{instance.sha256[:12]}-{filename}"


class MembershipImport(models.Model):
    """One membership file from BPJS, kept as sent (the evidence behind every flag).

    ``tanggal_data`` is the date the file describes (BPJS's *posisi data*); a row only
    replaces what Jaring holds for its KPJ when its file is at least as recent.
    """

    nomor = models.CharField(_("nomor impor"), max_length=30, unique=True)
    file = models.FileField(_("berkas"), upload_to=membership_upload_to, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    tanggal_data = models.DateField(_("posisi data"))
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    added = models.PositiveIntegerField(_("baru"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    older = models.PositiveIntegerField(_("diabaikan (data lebih lama)"), default=0)
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
        verbose_name = _("impor data kepesertaan BPJS")
        verbose_name_plural = _("impor data kepesertaan BPJS")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rows=models.F("rejected")
                    + models.F("added")
                    + models.F("updated")
                    + models.F("unchanged")
                    + models.F("older")
                ),
                name="membership_import_counts_reconcile",
            ),
        ]

    def __str__(self) -> str:
        return self.nomor


class Membership(models.Model):
    """The latest statement BPJS made about one participant number (KPJ).

    One row per KPJ; a NIK may hold several (a wage job through an employer and an
    informal BPU membership). ``nama_kunci`` is the same spelling-tolerant key intake
    computes for persons, so a verifier can see at a glance whether the names agree.
    """

    kpj = models.CharField(_("nomor KPJ"), max_length=11)
    nik = models.CharField(_("NIK"), max_length=16)
    nama = models.CharField(_("nama"), max_length=100)
    nama_kunci = models.CharField(_("kunci pencarian nama"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    segmen = models.CharField(_("segmen"), max_length=3, choices=Segmen.choices)
    status = models.CharField(_("status"), max_length=10, choices=StatusKepesertaan.choices)
    # First day of the last month whose contribution is paid; null when never paid.
    bulan_terakhir_bayar = models.DateField(_("bulan terakhir dibayar"), null=True, blank=True)
    tanggal_data = models.DateField(_("posisi data"))
    source_import = models.ForeignKey(
        MembershipImport,
        verbose_name=_("impor"),
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,
        # Written only by the import's INSERT … SELECT; PostgreSQL would re-check every
        # row of a large file at commit (see architecture.md on bulk tables).
        db_constraint=False,
    )
    row_number = models.PositiveIntegerField(_("baris"))
    updated_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("kepesertaan BPJS")
        verbose_name_plural = _("kepesertaan BPJS")
        ordering = ["nik", "kpj"]
        constraints = [
            models.UniqueConstraint(fields=["kpj"], name="membership_kpj_unik"),
            models.CheckConstraint(
                condition=Exact(Length("nik"), 16), name="membership_nik_16_karakter"
            ),
            models.CheckConstraint(
                condition=models.Q(segmen__in=["PU", "BPU"]), name="membership_segmen_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["aktif", "nonaktif"]),
                name="membership_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["nik"], name="membership_nik_idx")]

    def __str__(self) -> str:
        return f"KPJ {self.kpj} ({self.get_segmen_display()}, {self.get_status_display()})"


class MembershipRowError(models.Model):
    """Why one row of a membership file was refused, in plain Indonesian."""

    membership_import = models.ForeignKey(
        MembershipImport, on_delete=models.CASCADE, related_name="errors"
    )
    row_number = models.PositiveIntegerField(_("baris"))
    field = models.CharField(_("kolom"), max_length=40)
    message = models.CharField(_("alasan"), max_length=500)

    class Meta:
        verbose_name = _("kesalahan baris kepesertaan")
        verbose_name_plural = _("kesalahan baris kepesertaan")
        ordering = ["membership_import_id", "row_number", "id"]
        indexes = [models.Index(fields=["membership_import", "row_number"])]

    def __str__(self) -> str:
        return f"baris {self.row_number}, {self.field}: {self.message}"
