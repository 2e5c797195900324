"""Programme workflows. For now: the budget calculator used for budget proposals."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from jaring.core.apportion import largest_remainder
from jaring.programs import tariffs


@dataclass(frozen=True)
class Budget:
    workers: int
    months: int
    iuran: tariffs.Iuran
    tarif_sejak: dt.date

    @property
    def per_worker_month(self) -> int:
        return self.iuran.total

    @property
    def total(self) -> int:
        return self.per_worker_month * self.workers * self.months


def budget(
    *,
    workers: int,
    months: int,
    income: int | None = None,
    with_jht: bool = False,
    on: dt.date | None = None,
) -> Budget:
    """What ``workers`` cost for ``months`` at the tariff in force on ``on`` (today)."""
    if workers < 0 or months < 0:
        raise ValueError("Jumlah pekerja dan bulan tidak boleh negatif.")
    tarif = tariffs.in_force(on or timezone.localdate())
    return Budget(
        workers=workers,
        months=months,
        iuran=tariffs.monthly(tarif, income, with_jht=with_jht),
        tarif_sejak=tarif.berlaku_mulai,
    )


def split(total: int, shares: dict[str, Decimal]) -> dict[str, int]:
    """Divide whole rupiah among funders by percentage so the parts add up exactly to
    ``total`` (largest remainder)."""
    if sum(shares.values()) != 100 or any(v < 0 for v in shares.values()):
        raise ValueError("Pembagian pendanaan harus berjumlah tepat 100%.")
    return largest_remainder(total, shares)


def percent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
