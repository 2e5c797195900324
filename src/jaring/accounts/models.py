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
