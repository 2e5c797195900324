"""Programme workflows. For now: the budget calculator used for budget proposals."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

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
