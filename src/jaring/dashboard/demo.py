"""Demo figures for the dashboard: BPS labour force and BPJS participants of the demo
province, loaded through the same imports a real office uses (``jaring wilayah
angkatan-kerja``, ``jaring coverage import``).

Synthetic, shaped after the seeds and the province's row in ``synthetic.provinces``: the
labour force split over the regencies/cities roughly as their populations are, written
as BPS prints its provincial table (regencies by name, "Kota" before cities, the
province's total last) so the demo goes through the name matching too, and coverage
that grows over the last twelve months. BPS publishes a year late, so the current
year's months are read against last year's labour force, as the dashboard does with
real figures. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from django.utils import timezone

from jaring.core.months import add_months
from jaring.dashboard.models import Target
from jaring.dashboard.services import import_coverage
from jaring.synthetic.provinces import Profil
from jaring.wilayah.services import import_angkatan_kerja

GROWTH = 0.06  # coverage points gained over the twelve months
MONTHS = 12


def bps_name(nama: str) -> str:
    """How BPS's provincial tables print a regency: "Kabupaten Paser" → "Paser"."""
    return nama.removeprefix("Kabupaten ")


def _write(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def build_demo_coverage(
    profil: Profil, *, inbox: Path, seed: int, today: dt.date | None = None
) -> dict:
    """Labour force for the two years before this one, BPJS participants for the twelve
    months up to this one, and coverage targets for this year; idempotent."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    labour_rows, coverage_rows = [], []
    first_month = add_months(today.replace(day=1), 1 - MONTHS)
    totals: dict[int, int] = {}
    for kode, (share, rate, pu_share) in profil.cakupan.items():
        labour = {}
        for year in (today.year - 2, today.year - 1):
            growth = 1 + 0.018 * (year - today.year + 2)
            labour[year] = round(profil.angkatan_kerja * share * growth * rng.uniform(0.98, 1.02))
            labour_rows.append([bps_name(profil.regencies[kode]), year, labour[year]])
            totals[year] = totals.get(year, 0) + labour[year]
        for n in range(MONTHS):
            month = add_months(first_month, n)
            base = labour[min(month.year, today.year - 1)]
            covered = round(base * (rate + GROWTH * n / (MONTHS - 1)) * rng.uniform(0.99, 1.01))
            pu = round(covered * pu_share)
            coverage_rows.append([kode, f"{month:%Y-%m}", "PU", pu])
            coverage_rows.append([kode, f"{month:%Y-%m}", "BPU", covered - pu])
    labour_rows += [[profil.nama, year, total] for year, total in sorted(totals.items())]
    labour_file = _write(
        inbox / "angkatan-kerja-bps.csv", ["Kabupaten/Kota", "Tahun", "Angkatan Kerja"], labour_rows
    )
    coverage_file = _write(
        inbox / "peserta-bpjs.csv", ["kode_wilayah", "bulan", "segmen", "peserta"], coverage_rows
    )
    imported = import_angkatan_kerja(
        labour_file, sumber="Contoh: Sakernas BPS (sintetis)", provinsi=profil.kode
    )
    import_coverage(coverage_file, sumber="Contoh: laporan BPJS Ketenagakerjaan (sintetis)")
    for kode, persen in profil.target.items():
        Target.objects.update_or_create(
            wilayah_id=kode,
            tahun=today.year,
            defaults={"cakupan_persen": persen, "keterangan": "Contoh (sintetis)"},
        )
    return {"angkatan_kerja": imported.baris, "peserta": len(coverage_rows)}
