"""Demo figures for the dashboard: BPS labour force and BPJS participants in East
Kalimantan, loaded through the same imports a real office uses (``jaring wilayah
angkatan-kerja``, ``jaring coverage import``).

Synthetic, shaped after the seeds: a labour force of about 1.2 million split over the
ten regencies/cities roughly as their populations are, and coverage that grows over the
last twelve months towards the seeds' 65% (higher in the cities, low in Mahakam Ulu).
BPS publishes a year late, so the current year's months are read against last year's
labour force, as the dashboard does with real figures. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from jaring.core.months import add_months
from jaring.dashboard.models import Target
from jaring.dashboard.services import import_coverage
from jaring.wilayah.models import KodeBps
from jaring.wilayah.services import import_angkatan_kerja

LABOUR_FORCE = 1_200_000
# Regency/city → (share of the labour force, coverage rate a year ago, share in PU).
REGENCIES = {
    "64.72": (0.24, 0.64, 0.78),  # Samarinda
    "64.02": (0.21, 0.52, 0.62),  # Kutai Kartanegara
    "64.71": (0.19, 0.74, 0.82),  # Balikpapan
    "64.08": (0.11, 0.58, 0.70),  # Kutai Timur
    "64.01": (0.08, 0.50, 0.64),  # Paser
    "64.03": (0.07, 0.55, 0.66),  # Berau
    "64.74": (0.05, 0.76, 0.85),  # Bontang
    "64.09": (0.03, 0.44, 0.60),  # Penajam Paser Utara
    "64.07": (0.015, 0.40, 0.55),  # Kutai Barat
    "64.11": (0.005, 0.22, 0.45),  # Mahakam Ulu
}
GROWTH = 0.06  # coverage points gained over the twelve months
MONTHS = 12
TARGETS = {"64": Decimal("70.00"), "64.71": Decimal("80.00"), "64.72": Decimal("70.00")}


def _write(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def build_demo_coverage(*, inbox: Path, seed: int, today: dt.date | None = None) -> dict:
    """Labour force for the two years before this one, BPJS participants for the twelve
    months up to this one, and coverage targets for this year; idempotent."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    bps = dict(KodeBps.objects.values_list("wilayah_id", "kode_bps"))
    labour_rows, coverage_rows = [], []
    first_month = add_months(today.replace(day=1), 1 - MONTHS)
    for kode, (share, rate, pu_share) in REGENCIES.items():
        labour = {}
        for year in (today.year - 2, today.year - 1):
            growth = 1 + 0.018 * (year - today.year + 2)
            labour[year] = round(LABOUR_FORCE * share * growth * rng.uniform(0.98, 1.02))
            labour_rows.append([bps[kode], year, labour[year]])
        for n in range(MONTHS):
            month = add_months(first_month, n)
            base = labour[min(month.year, today.year - 1)]
            covered = round(base * (rate + GROWTH * n / (MONTHS - 1)) * rng.uniform(0.99, 1.01))
            pu = round(covered * pu_share)
            coverage_rows.append([kode, f"{month:%Y-%m}", "PU", pu])
            coverage_rows.append([kode, f"{month:%Y-%m}", "BPU", covered - pu])
    labour_file = _write(
        inbox / "angkatan-kerja-bps.csv", ["kode_bps", "tahun", "angkatan_kerja"], labour_rows
    )
    coverage_file = _write(
        inbox / "peserta-bpjs.csv", ["kode_wilayah", "bulan", "segmen", "peserta"], coverage_rows
    )
    import_angkatan_kerja(labour_file, sumber="Contoh: Sakernas BPS (sintetis)")
    import_coverage(coverage_file, sumber="Contoh: laporan BPJS Ketenagakerjaan (sintetis)")
    for kode, persen in TARGETS.items():
        Target.objects.update_or_create(
            wilayah_id=kode,
            tahun=today.year,
            defaults={"cakupan_persen": persen, "keterangan": "Contoh (sintetis)"},
        )
    return {"angkatan_kerja": len(labour_rows), "peserta": len(coverage_rows)}
