"""The monthly contribution (iuran) of one informal worker, in whole rupiah.

BPU rates (domain.md; PP 44/2015 as amended by PP 82/2019): JKK 1% of the declared
monthly income, JKM Rp 6,800 a month, JHT 2% voluntary and not funded by these
programmes. Declared income below the floor (Rp 1,000,000) is raised to the floor, so
the minimum is Rp 16,800 per worker-month.

Rounding rule: each percentage component is computed exactly with ``Decimal`` and
rounded once, per participant-month, to whole rupiah, half up (Rp 0.50 → Rp 1). Totals
are sums of those whole-rupiah amounts, so every total reconciles with its lines.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from jaring.core.months import add_months
from jaring.programs.models import Tarif


class NoTariff(LookupError):
    """No tariff is in force on the date asked for."""


@dataclass(frozen=True)
class RincianIuran:
    """One worker's contribution for one month, by programme (a breakdown; the billed
    line per participant, month and funder is ``contributions.Iuran``)."""

    penghasilan_dasar: int  # declared income after the floor
    jkk: int
    jkm: int
    jht: int

    @property
    def total(self) -> int:
        return self.jkk + self.jkm + self.jht


def _percent_of(amount: int, percent: Decimal) -> int:
    exact = Decimal(amount) * percent / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def monthly(
    tarif: Tarif, penghasilan: int | None = None, *, with_jht: bool = False
) -> RincianIuran:
    """The iuran of one worker for one month under ``tarif``."""
    if penghasilan is not None and penghasilan < 0:
        raise ValueError(_("Penghasilan tidak boleh negatif."))
    base = max(penghasilan or 0, tarif.penghasilan_minimum)
    return RincianIuran(
        penghasilan_dasar=base,
        jkk=_percent_of(base, tarif.jkk_persen),
        jkm=tarif.jkm_rupiah,
        jht=_percent_of(base, tarif.jht_persen) if with_jht else 0,
    )


def in_force(on: dt.date) -> Tarif:
    tarif = Tarif.objects.filter(berlaku_mulai__lte=on).order_by("-berlaku_mulai").first()
    if tarif is None:
        raise NoTariff(
            _("Tidak ada tarif iuran yang berlaku pada %(tanggal)s.")
            % {"tanggal": f"{on:%d-%m-%Y}"}
        )
    return tarif


def for_months(
    first: dt.date, months: int, penghasilan: int | None = None, *, with_jht: bool = False
) -> list[tuple[dt.date, RincianIuran]]:
    """The iuran of one worker for each of ``months`` months from ``first`` (a first of
    the month), each at the tariff in force in that month: a regulation that changes
    mid-programme changes the months after it, not the ones before."""
    if months <= 0:
        return []
    last = add_months(first, months - 1)
    tariffs = list(Tarif.objects.filter(berlaku_mulai__lte=last).order_by("berlaku_mulai"))
    result = []
    for i in range(months):
        month = add_months(first, i)
        in_force_then = [t for t in tariffs if t.berlaku_mulai <= month]
        if not in_force_then:
            raise NoTariff(
                _("Tidak ada tarif iuran yang berlaku pada %(tanggal)s.")
                % {"tanggal": f"{month:%m-%Y}"}
            )
        result.append((month, monthly(in_force_then[-1], penghasilan, with_jht=with_jht)))
    return result
