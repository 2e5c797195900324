"""The small world of the dashboard tests: BPJS covered counts for three regencies over
three months (one reported by BPS code), labour force for two of them, coverage targets,
three agencies' files spread over the months, and a BPJS membership file.

``build_world`` writes it through the real imports; conftest.py offers it per test
(``world``) and once per module, rolled back at the end (``shared_world``), for tests
that only read.
"""

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import MIXED_ROWS, write_csv

from jaring.accounts.models import User
from jaring.dashboard.models import Target
from jaring.dashboard.services import import_coverage, refresh_summaries
from jaring.intake.models import Submission
from jaring.intake.services import intake_file
from jaring.matching.membership import import_membership
from jaring.registry.models import Person
from jaring.registry.services import add_agency
from jaring.wilayah.models import AngkatanKerja

# Kutai Kartanegara (64.02) reported by BPS code 6403, Balikpapan (64.71) and Samarinda
# (64.72) by Kemendagri code. Kutai Kartanegara has no labour-force figure.
COVERAGE = """kode_wilayah,kode_bps,bulan,segmen,peserta
64.71,,2023-12,PU,150000
64.71,,2023-12,BPU,20000
64.71,,2024-01,PU,151000
64.71,,2024-01,BPU,21000
64.71,,2024-02,PU,152500
64.71,,2024-02,BPU,22500
64.72,,2023-12,PU,200000
64.72,,2024-01,PU,201000
64.72,,2024-01,BPU,30000
64.72,,2024-02,PU,203000
64.72,,2024-02,BPU,31000
,6403,2024-01,PU,90000
,6403,2024-02,PU,91000
,6403,2024-02,BPU,5000
"""
LABOUR = {("64.71", 2023): 350000, ("64.71", 2024): 360000, ("64.72", 2024): 470000}
SMD_ROWS = [
    ["6472011203880001", "Yusuf Maulana", "1988-03-12", "L", "64.72.01.1001", "", "ojek", "", "", ""],
    ["6472014506900002", "Rina Wati", "1990-06-05", "P", "64.72.01.1001", "", "pedagang_pasar", "", "", ""],
    ["6472010101920003", "Andi Saputra", "1992-01-01", "L", "64.72.01.1002", "", "ojek", "", "", ""],
    ["647201010192000", "Baris Ditolak", "1992-01-01", "L", "64.72.01.1002", "", "ojek", "", "", ""],
]  # fmt: skip
PERIOD = {"dari": "2023-12", "sampai": "2024-02"}


def aware(year: int, month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def build_world(tmp_path: Path) -> None:
    for (kode, tahun), jumlah in LABOUR.items():
        AngkatanKerja.objects.create(wilayah_id=kode, tahun=tahun, angkatan_kerja=jumlah)
    path = tmp_path / "cakupan.csv"
    path.write_text(COVERAGE, encoding="utf-8")
    import_coverage(path, sumber="BPJS")
    Target.objects.create(wilayah_id="64.71", tahun=2024, cakupan_persen=Decimal("50.00"))
    Target.objects.create(wilayah_id="64", tahun=2024, cakupan_persen=Decimal("45.50"))

    bpn = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    smd = add_agency(kode="DINSOS-6472", nama="Dinsos Samarinda", wilayah_kode="64.72")
    prov = add_agency(kode="DISNAKER-64", nama="Disnakertrans Kaltim", wilayah_kode="64")
    a = intake_file(path=write_csv(tmp_path / "bpn.csv", MIXED_ROWS), agency=bpn).submission
    b = intake_file(path=write_csv(tmp_path / "smd.csv", SMD_ROWS), agency=smd).submission
    c = intake_file(path=write_csv(tmp_path / "prov.csv", SMD_ROWS[:1]), agency=prov).submission
    # Spread the submissions and the persons they brought over the months.
    Submission.objects.filter(pk=a.pk).update(created_at=aware(2023, 12))
    Submission.objects.filter(pk=b.pk).update(created_at=aware(2024, 2))
    Submission.objects.filter(pk=c.pk).update(created_at=aware(2024, 4))  # after the period
    Person.objects.filter(first_submission=a).update(created_at=aware(2023, 12))
    Person.objects.filter(first_submission=b).update(created_at=aware(2024, 2))
    Person.objects.filter(nik="6472010101920003").update(created_at=aware(2024, 5))  # later

    this_month = dt.date.today().strftime("%Y-%m")
    membership = write_csv(
        tmp_path / "peserta.csv",
        [
            ["21000000001", "6471010505850001", "Budi Santoso", "1985-05-05", "BPU", "AKTIF", this_month],
            ["21000000002", "6472011203880001", "Yusuf Maulana", "1988-03-12", "PU", "AKTIF", this_month],
            ["21000000003", "6471054507900002", "Siti Aminah", "1990-07-05", "BPU", "NONAKTIF", this_month],
        ],
        header=["kpj", "nik", "nama", "tanggal_lahir", "segmen", "status", "bulan_terakhir_bayar"],
    )  # fmt: skip
    import_membership(path=membership)
    refresh_summaries()


def user(role: str, wilayah: str | None) -> User:
    return User.objects.create_user(
        f"{role}-{wilayah}", "u@example.org", None, role=role, wilayah_id=wilayah
    )
