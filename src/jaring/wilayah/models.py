"""Kemendagri administrative regions and the statistics attached to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tingkat(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABUPATEN_KOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    DESA = 4, _("Desa/Kelurahan")


# Length of a Kemendagri code at each level: "64", "64.71", "64.71.01", "64.71.01.1001".
KODE_LENGTH = {
    Tingkat.PROVINSI: 2,
    Tingkat.KABUPATEN_KOTA: 5,
    Tingkat.KECAMATAN: 8,
    Tingkat.DESA: 13,
}


class Wilayah(models.Model):
    """One region at any level, keyed by its dotted Kemendagri code.

    A single table for all four levels keeps scoping simple: everything inside a region
    is a code-prefix range (``kode >= '64.71.' and kode < '64.71/'``), which uses the
    primary-key index on SQLite and PostgreSQL alike.
    """

    kode = models.CharField(_("kode wilayah"), max_length=13, primary_key=True)
    nama = models.CharField(_("nama"), max_length=120)
    tingkat = models.PositiveSmallIntegerField(_("tingkat"), choices=Tingkat.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anak",
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["kode"]
        indexes = [models.Index(fields=["tingkat", "kode"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tingkat__gte=1, tingkat__lte=4), name="wilayah_tingkat_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class AsalKodeBps(models.TextChoices):
    """Where a regency's BPS code came from, most trusted first."""

    RESMI = "resmi", _("tabel resmi yang dipaketkan")
    NAMA = "nama", _("diturunkan dari nama BPS")
    KODE = "kode", _("diasumsikan sama dengan kode Kemendagri")


class KodeBps(models.Model):
    """BPS statistics code of a regency/city (BPS numbers regencies differently in some
    provinces: Kutai Kartanegara is Kemendagri 64.02 but BPS 6403)."""

    wilayah = models.OneToOneField(
        Wilayah, on_delete=models.CASCADE, related_name="kode_bps", verbose_name=_("wilayah")
    )
    kode_bps = models.CharField(_("kode BPS"), max_length=4, unique=True)
    asal = models.CharField(
        _("asal kode"), max_length=8, choices=AsalKodeBps.choices, default=AsalKodeBps.RESMI
    )

    class Meta:
        verbose_name = _("kode BPS")
        verbose_name_plural = _("kode BPS")
        ordering = ["kode_bps"]

    def __str__(self) -> str:
        return f"{self.kode_bps} → {self.wilayah_id}"


class AngkatanKerja(models.Model):
    """Labour-force statistics (Sakernas) of one regency/city for one year."""

    wilayah = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="angkatan_kerja", verbose_name=_("wilayah")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    angkatan_kerja = models.PositiveBigIntegerField(_("angkatan kerja"))
    bekerja = models.PositiveBigIntegerField(_("penduduk bekerja"), null=True, blank=True)
    sumber = models.CharField(_("sumber"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("terakhir diimpor"), auto_now=True)

    class Meta:
        verbose_name = _("angkatan kerja")
        verbose_name_plural = _("angkatan kerja")
        ordering = ["wilayah_id", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["wilayah", "tahun"], name="angkatan_kerja_unik"),
            models.CheckConstraint(
                condition=models.Q(bekerja__isnull=True)
                | models.Q(bekerja__lte=models.F("angkatan_kerja")),
                name="bekerja_tidak_melebihi_angkatan_kerja",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wilayah_id} {self.tahun}: {self.angkatan_kerja}"


class MuatanReferensi(models.Model):
    """What the last full reference load wrote: a fingerprint of its sources (the
    pinned region package, the shipped BPS map, the loader's version) and the row
    counts it left. ``jaring init`` compares both before reading 90,000 regions again,
    so starting the app costs a second, not ten (``services.ensure_reference_data``).
    One row."""

    sidik = models.CharField(_("sidik sumber"), max_length=64)
    jumlah_wilayah = models.PositiveIntegerField(_("jumlah wilayah"))
    jumlah_kode_bps = models.PositiveIntegerField(_("jumlah kode BPS"))
    created_at = models.DateTimeField(_("dimuat"), auto_now=True)

    class Meta:
        verbose_name = _("muatan data referensi")
        verbose_name_plural = _("muatan data referensi")

    def __str__(self) -> str:
        return f"{self.sidik[:12]} ({self.jumlah_wilayah} wilayah)"
