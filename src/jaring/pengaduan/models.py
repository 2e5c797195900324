"""Complaints and appeals (pengaduan / keberatan) from workers.

A worker (or an operator or verifier on the worker's behalf) files a ``Pengaduan``
about their own record: left off a list, wrong data, rejected by BPJS, help with a
claim. It goes to the verifier of the worker's regency/city (``kode_kabupaten``), who
takes it up and closes it — done (``selesai``, with the step taken) or refused
(``ditolak``). Every change of status is a ``RiwayatPengaduan`` row with who, when and
a reason the worker can read; rows are never updated or deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JenisPengaduan(models.TextChoices):
    TIDAK_TERDAFTAR = "tidak_terdaftar", _("Tidak masuk daftar penerima")
    DATA_SALAH = "data_salah", _("Data saya salah")
    DITOLAK_BPJS = "ditolak_bpjs", _("Ditolak BPJS Ketenagakerjaan (badan jaminan sosial pekerja)")
    BANTUAN_KLAIM = "bantuan_klaim", _("Minta bantuan mengurus klaim")
    LAINNYA = "lainnya", _("Lainnya")


class StatusPengaduan(models.TextChoices):
    BARU = "baru", _("Baru, belum dibaca")
    DIPROSES = "diproses", _("Sedang diperiksa petugas")
    SELESAI = "selesai", _("Selesai")
    DITOLAK = "ditolak", _("Tidak dapat dikabulkan")


OPEN = (StatusPengaduan.BARU, StatusPengaduan.DIPROSES)


class Kanal(models.TextChoices):
    """How the complaint reached Jaring."""

    WEB = "web", _("Halaman pekerja")
    API = "api", _("API")
    PETUGAS = "petugas", _("Dicatat petugas")


class Tindakan(models.TextChoices):
    """The step that resolved a complaint."""

    KOREKSI = "koreksi", _("Data registri dibetulkan")
    DAFTAR_TUNGGU = "daftar_tunggu", _("Dimasukkan ke daftar tunggu program")
    KIRIM_ULANG = "kirim_ulang", _("Dikirim lagi ke BPJS pada batch berikutnya")
    JAWABAN = "jawaban", _("Dijawab tanpa perubahan data")


class Pengaduan(models.Model):
    nomor = models.CharField(_("nomor pengaduan"), max_length=30, unique=True)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("pekerja"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kode_kabupaten = models.CharField(_("kabupaten/kota"), max_length=5, db_index=True)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisPengaduan.choices)
    uraian = models.TextField(_("uraian"), max_length=2000)
    no_hp = models.CharField(_("nomor HP"), max_length=16, blank=True)
    kanal = models.CharField(_("lewat"), max_length=10, choices=Kanal.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusPengaduan.choices, default=StatusPengaduan.BARU
    )
    tindakan = models.CharField(_("tindakan"), max_length=20, choices=Tindakan.choices, blank=True)
    batas_waktu = models.DateField(_("batas waktu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "batas_waktu"], name="pengaduan_antrean")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=StatusPengaduan.values), name="pengaduan_status_sah"
            ),
            models.CheckConstraint(
                condition=models.Q(jenis__in=JenisPengaduan.values), name="pengaduan_jenis_sah"
            ),
        ]

    def __str__(self) -> str:
        return self.nomor


class RiwayatPengaduan(models.Model):
    """One change of a complaint's status: the trail the worker and the office read."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.PROTECT, related_name="riwayat")
    status = models.CharField(_("status"), max_length=10, choices=StatusPengaduan.choices)
    alasan = models.CharField(_("keterangan untuk pekerja"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.pengaduan_id} {self.status}"
