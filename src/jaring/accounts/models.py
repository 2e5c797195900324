"""Users, their role and the region/agency they may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator instansi")
    VERIFIER = "verifikator", _("Verifikator (Disnaker kab/kota)")
    MANAGER = "pengelola", _("Pengelola program")
    FINANCE = "keuangan", _("Petugas keuangan")
    BPJS = "bpjs", _("Petugas BPJS Ketenagakerjaan")
    VIEWER = "pimpinan", _("Pimpinan (hanya baca)")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A Jaring user. ``wilayah`` is the province or regency/city the user works for;
    operators also belong to one ``agency``. Scope is enforced in each app's queries."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("wilayah kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")


class AccessAction(models.TextChoices):
    VIEW_PERSON = "lihat_pekerja", _("Melihat data pekerja")
    EXPORT_REJECTED = "ekspor_ditolak", _("Mengunduh baris ditolak")
    EXPORT_PERSONS = "ekspor_pekerja", _("Mengunduh daftar pekerja")
    SEARCH_NIK = "cari_nik", _("Mencari dengan NIK")
    CEK = "cek", _("Cek perlindungan oleh pekerja")
    CEK_REFUSED = "cek_ditolak", _("Cek perlindungan ditolak (terlalu sering)")
    # The worker's own door (no login): the NIK is kept as a keyed hash.
    WORKER_COMPLAINT = "pengaduan_pekerja", _("Pengaduan dari pekerja (tanpa login)")
    VIEW_COMPLAINT = "lihat_pengaduan", _("Melihat pengaduan")
    PERSONAL_REPORT = "laporan_pdp", _("Mencetak laporan data pribadi pekerja")
    # The second factor (accounts.second_factor): wrong codes are counted here for the
    # limit; a recovery code used, a new set made, a user's devices removed.
    OTP_WRONG = "kode_2fa_salah", _("Kode verifikasi dua langkah salah")
    OTP_ENROLLED = "daftar_2fa", _("Mengaktifkan verifikasi dua langkah")
    OTP_RECOVERY_USED = "kode_pemulihan", _("Masuk dengan kode pemulihan")
    OTP_NEW_CODES = "kode_pemulihan_baru", _("Membuat kode pemulihan baru")
    OTP_RESET = "reset_2fa", _("Mengatur ulang verifikasi dua langkah")


class AccessLog(models.Model):
    """Every view or export of personal data: who, what, when, from where.

    Written by ``accounts.audit.log_access`` only; read by administrators. Rows are
    never updated or deleted by the application.
    """

    # Empty for an export from the command line (``jaring … --out``): the server
    # account that ran it is then named in ``detail``.
    user = models.ForeignKey(
        User,
        verbose_name=_("pengguna"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    action = models.CharField(_("tindakan"), max_length=20, choices=AccessAction.choices)
    target = models.CharField(_("objek"), max_length=100)
    detail = models.CharField(_("keterangan"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("log akses data pribadi")
        verbose_name_plural = _("log akses data pribadi")
        ordering = ["-at", "-id"]
        indexes = [
            # The limits per client address (``audit.too_often``) count the address's
            # recent status checks and complaints: one small index for each.
            models.Index(
                fields=["ip_address", "at"],
                name="accesslog_cek_ip_at_idx",
                condition=models.Q(action="cek"),
            ),
            models.Index(
                fields=["ip_address", "at"],
                name="accesslog_complaint_ip_at_idx",
                condition=models.Q(action="pengaduan_pekerja"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target}"


class ApiToken(models.Model):
    """A key another system (BPJS, a Dinas application, Satu Data) uses to call the API
    as one Jaring user, with that user's role and scope.

    Only the SHA-256 of the key is stored; the key itself is shown once, when
    ``jaring token create`` makes it. ``prefix`` (its first characters) names it in
    lists and in ``jaring token revoke``."""

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    nama = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(_("awalan"), max_length=12, unique=True)
    key_hash = models.CharField(_("sidik kunci"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    # A key that leaks should not work for ever: every key ends (``JARING_API_KEY_DAYS``
    # unless made with another term), and a system that only reads gets a key that
    # cannot write.
    berlaku_sampai = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    hanya_baca = models.BooleanField(_("hanya membaca"), default=False)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
