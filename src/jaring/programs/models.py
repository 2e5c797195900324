"""Programmes and the reference data they are priced with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tarif(models.Model):
    """BPU (informal worker) contribution rates in force from a date.

    Rates change by regulation, so they are versioned reference data, never constants:
    the rate applied to a month is the row with the latest ``berlaku_mulai`` on or
    before that month.
    """

    berlaku_mulai = models.DateField(_("berlaku mulai"), unique=True)
    jkk_persen = models.DecimalField(_("JKK (% penghasilan)"), max_digits=6, decimal_places=3)
    jkm_rupiah = models.PositiveBigIntegerField(_("JKM (Rp per bulan)"))
    jht_persen = models.DecimalField(
        _("JHT (% penghasilan, sukarela)"), max_digits=6, decimal_places=3, default=0
    )
    penghasilan_minimum = models.PositiveBigIntegerField(
        _("penghasilan minimum yang dilaporkan (Rp)")
    )
    dasar_hukum = models.CharField(_("dasar hukum"), max_length=300)

    class Meta:
        verbose_name = _("tarif iuran BPU")
        verbose_name_plural = _("tarif iuran BPU")
        ordering = ["-berlaku_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jkk_persen__gte=0, jht_persen__gte=0),
                name="tarif_persen_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"Tarif BPU sejak {self.berlaku_mulai:%d-%m-%Y}"
