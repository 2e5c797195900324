"""Claims BPJS Ketenagakerjaan reports as paid to programme participants.

``LaporanKlaim`` is one claim report file as sent; ``Klaim`` one claim in it, linked to
the participant (by KPJ, else by NIK); ``LaporanKlaimBaris`` why a row was refused.
A death (a JKM claim, or any claim the report marks as a death) ends the participant's
cover after the month of death: see ``claims.services``.

For the dashboard: claims count and amount by type are ``Klaim`` grouped by
``jenis`` (``jumlah`` is whole rupiah paid, ``tanggal_bayar`` the payment date); the
programme of a claim is ``peserta.program``; "claims paid per rupiah of contribution"
divides that by ``contributions.Tagihan.dibayar`` of the same programme.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.import_records import ImportedFile, RowProblem


class JenisKlaim(models.TextChoices):
    JKK = "JKK", _("Jaminan Kecelakaan Kerja (JKK)")
    JKM = "JKM", _("Jaminan Kematian (JKM)")
    BEASISWA = "beasiswa", _("Beasiswa anak peserta")
    JHT = "JHT", _("Jaminan Hari Tua (JHT)")
    JP = "JP", _("Jaminan Pensiun (JP)")
    JKP = "JKP", _("Jaminan Kehilangan Pekerjaan (JKP)")


class LaporanKlaim(ImportedFile):
    """One claim report from BPJS, kept as sent."""

    UPLOAD_FOLDER = "klaim"

    added = models.PositiveIntegerField(_("klaim baru"), default=0)
    unchanged = models.PositiveIntegerField(_("sudah tercatat"), default=0)
    deaths = models.PositiveIntegerField(_("kematian dicatat"), default=0)

    class Meta(ImportedFile.Meta):
        verbose_name = _("laporan klaim")
        verbose_name_plural = _("laporan klaim")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rows=models.F("rejected") + models.F("added") + models.F("unchanged")
                ),
                name="laporan_klaim_counts_reconcile",
            ),
        ]


class Klaim(models.Model):
    laporan = models.ForeignKey(LaporanKlaim, on_delete=models.PROTECT, related_name="klaim")
    row_number = models.PositiveIntegerField(_("baris"))
    peserta = models.ForeignKey(
        "enrollment.Peserta", verbose_name=_("peserta"), on_delete=models.PROTECT,
        related_name="klaim",
    )  # fmt: skip
    jenis = models.CharField(_("jenis klaim"), max_length=10, choices=JenisKlaim.choices)
    tanggal_kejadian = models.DateField(_("tanggal kejadian"))
    tanggal_bayar = models.DateField(_("tanggal dibayar"))
    jumlah = models.BigIntegerField(_("jumlah dibayar (Rp)"))
    ahli_waris = models.CharField(_("ahli waris"), max_length=100, blank=True)
    meninggal = models.BooleanField(_("peserta meninggal"), default=False)
    nomor_klaim = models.CharField(_("nomor klaim BPJS"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")
        ordering = ["-tanggal_bayar", "-id"]
        constraints = [
            # The same claim reported again (a later report repeats earlier rows).
            models.UniqueConstraint(
                fields=["peserta", "jenis", "tanggal_kejadian", "tanggal_bayar", "ahli_waris"],
                name="klaim_unik",
            ),
            models.CheckConstraint(condition=models.Q(jumlah__gte=0), name="klaim_jumlah_nonneg"),
            models.CheckConstraint(
                condition=models.Q(tanggal_bayar__gte=models.F("tanggal_kejadian")),
                name="klaim_bayar_setelah_kejadian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jenis} {self.peserta_id} {self.tanggal_kejadian}"


class LaporanKlaimBaris(RowProblem):
    laporan = models.ForeignKey(LaporanKlaim, on_delete=models.CASCADE, related_name="errors")

    class Meta:
        verbose_name = _("kesalahan baris klaim")
        verbose_name_plural = _("kesalahan baris klaim")
        ordering = ["laporan_id", "row_number", "id"]
