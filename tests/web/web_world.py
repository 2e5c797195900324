"""A small two-city world for the access-control tests of tests/web (the ``world``
fixture in conftest.py builds it once per module).

Three agencies each load one CSV through the real intake service:

* ``bpn``  — DKP-6471, Balikpapan (64.71): the hand-made MIXED_ROWS file (Budi Santoso,
  Siti Aminah, Dewi Lestari accepted; twelve rows rejected).
* ``bpn2`` — DINSOS-6471, another Balikpapan agency: Rudi Hartono, one row rejected.
* ``smd``  — DINSOS-6472, Samarinda (64.72): Yusuf Maulana, one row rejected.

One user per role, all working for Balikpapan except the province manager (64) and the
administrator. Two programmes (``build_programmes``): Balikpapan's (64.71), selected,
verified, approved and decreed; Samarinda's (64.72), a selected draft. Two candidate
pairs for the review pages: ``bpn`` (Budi Santoso and Rudi Hartono, both in
Balikpapan) and ``smd`` (Budi Santoso and Yusuf Maulana, across two cities: province
level only). Nothing is committed: see the ``world`` fixture.
"""

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.test import Client

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import MIXED_ROWS, write_csv

from jaring.accounts.models import Role, User
from jaring.intake.models import Submission
from jaring.intake.services import intake_file
from jaring.matching.models import CandidatePair
from jaring.programs import services as program_services
from jaring.programs.models import Program
from jaring.programs.selection import run_selection
from jaring.registry.models import Person
from jaring.registry.services import add_agency

# A Balikpapan worker submitted by DKP-6471 (row 2 of MIXED_ROWS).
BPN_NIK = "6471010505850001"
BPN_NAME = "Budi Santoso"
# A Balikpapan worker submitted only by DINSOS-6471.
BPN2_NIK = "6471021504800003"
BPN2_NAME = "Rudi Hartono"
# A Samarinda worker submitted by DINSOS-6472: district 64.72.01, born 12-03-1988.
SMD_NIK = "6472011203880001"
SMD_NAME = "Yusuf Maulana"

BPN2_ROWS = [
    [BPN2_NIK, BPN2_NAME, "1980-04-15", "L", "64.71.02.1001", "", "buruh_harian_lepas", "", "", ""],
    # rejected: serial 0000
    ["6471021504800000", "Slamet Riyadi", "1980-04-15", "L", "64.71.02.1002", "", "ojek", "", "", ""],
]  # fmt: skip
SMD_ROWS = [
    [SMD_NIK, SMD_NAME, "1988-03-12", "L", "64.72.01.1001", "Jl. Pahlawan", "ojek", "", "", ""],
    # rejected: 15-digit NIK
    ["647201120388002", "Ahmad Fauzi", "1988-03-12", "L", "64.72.01.1002", "", "nelayan", "", "", ""],
]  # fmt: skip

# role key → (role, wilayah code, agency key or None)
USERS = {
    "operator": (Role.OPERATOR, "64.71", "bpn"),
    "verifikator": (Role.VERIFIER, "64.71", None),
    "pengelola_kota": (Role.MANAGER, "64.71", None),
    "pengelola_prov": (Role.MANAGER, "64", None),
    "keuangan": (Role.FINANCE, "64.71", None),
    "bpjs": (Role.BPJS, "64.71", None),
    "pimpinan": (Role.VIEWER, "64.71", None),
    "admin": (Role.ADMIN, None, None),
}


@dataclass
class World:
    agencies: dict = field(default_factory=dict)  # key → Agency
    submissions: dict[str, Submission] = field(default_factory=dict)  # key → Submission
    persons: dict[str, Person] = field(default_factory=dict)  # key → Person
    users: dict[str, User] = field(default_factory=dict)  # role key → User
    programs: dict[str, Program] = field(default_factory=dict)  # "bpn" / "smd" → Program
    pairs: dict[str, CandidatePair] = field(default_factory=dict)  # key → CandidatePair

    def client(self, role_key: str, **client_kwargs) -> Client:
        client = Client(**client_kwargs)
        client.force_login(self.users[role_key])
        return client


def make_user(username: str, role: str, wilayah: str | None, agency=None) -> User:
    """A user without a usable password (tests sign in with ``force_login``; hashing a
    password costs a quarter of a second)."""
    extra = {"role": role, "wilayah_id": wilayah, "agency": agency}
    if role == Role.ADMIN:
        return User.objects.create_superuser(username, f"{username}@example.org", None, **extra)
    return User.objects.create_user(username, f"{username}@example.org", None, **extra)


def build_world(tmp_path: Path) -> World:
    w = World()
    w.agencies["bpn"] = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    w.agencies["bpn2"] = add_agency(
        kode="DINSOS-6471", nama="Dinas Sosial Balikpapan", wilayah_kode="64.71", jenis="dinsos"
    )
    w.agencies["smd"] = add_agency(
        kode="DINSOS-6472", nama="Dinas Sosial Samarinda", wilayah_kode="64.72", jenis="dinsos"
    )
    for key, (role, wilayah, agency_key) in USERS.items():
        agency = w.agencies[agency_key] if agency_key else None
        w.users[key] = make_user(key, role, wilayah, agency)
    # Operators of the other two agencies submit their own files.
    w.users["operator_bpn2"] = make_user(
        "operator_bpn2", Role.OPERATOR, "64.71", w.agencies["bpn2"]
    )
    w.users["operator_smd"] = make_user("operator_smd", Role.OPERATOR, "64.72", w.agencies["smd"])

    files = {
        "bpn": (MIXED_ROWS, "operator"),
        "bpn2": (BPN2_ROWS, "operator_bpn2"),
        "smd": (SMD_ROWS, "operator_smd"),
    }
    for key, (rows, uploader) in files.items():
        result = intake_file(
            path=write_csv(tmp_path / f"{key}.csv", rows),
            agency=w.agencies[key],
            user=w.users[uploader],
        )
        assert result.accepted >= 1 and result.rejected >= 1, (key, result.errors)
        w.submissions[key] = result.submission

    w.persons["bpn"] = Person.objects.get(nik=BPN_NIK)
    w.persons["bpn2"] = Person.objects.get(nik=BPN2_NIK)
    w.persons["smd"] = Person.objects.get(nik=SMD_NIK)
    assert w.persons["smd"].wilayah_id == "64.72.01.1001"
    w.pairs["bpn"] = make_pair(w.persons["bpn"], w.persons["bpn2"])
    w.pairs["smd"] = make_pair(w.persons["bpn"], w.persons["smd"])
    build_programmes(w)
    return w


def make_pair(one: Person, other: Person) -> CandidatePair:
    """A waiting pair as the linkage model stores one (the world's persons are not
    alike, so the model itself would propose none)."""
    low, high = sorted([one, other], key=lambda p: p.pk)
    evidence = {
        "nik": {"level": "beda", "weight": -3.5, "agreed": False},
        "nama": {"level": "kata_sebagian", "weight": 8.2, "agreed": False},
        "tanggal_lahir": {"level": "sama", "weight": 13.9, "agreed": True},
    }
    return CandidatePair.objects.create(
        person_a=low, person_b=high, match_probability=0.8, match_weight=2.0,
        evidence=evidence, created_at=low.created_at,
    )  # fmt: skip


def build_programmes(w: World) -> None:
    def programme(kode: str, region: str) -> Program:
        return Program(
            kode=kode, nama=f"Program {kode}", dasar_hukum_jenis="perwali",
            dasar_hukum_nomor="3 Tahun 2026", wilayah_id=region,
            bulan_mulai=dt.date(2027, 1, 1), jumlah_bulan=12, kuota_total=10,
            alokasi="proporsional_eligible",
        )  # fmt: skip

    manager = w.users["pengelola_kota"]
    bpn = program_services.save_program(user=manager, program=programme("BPN-2027", "64.71"))
    # Run by the province's manager: whoever ran the selection does not approve it.
    run_selection(bpn, user=w.users["pengelola_prov"])
    program_services.verify_region(user=w.users["verifikator"], program=bpn, kode="64.71")
    program_services.approve(user=manager, program=bpn)
    program_services.issue_decree(
        user=manager, program=bpn, nomor_sk="100/77/2026", tanggal_sk=dt.date(2026, 12, 1),
        tempat="Balikpapan", jabatan="Wali Kota Balikpapan", nama="Wali Kota",
    )  # fmt: skip
    w.programs["bpn"] = Program.objects.get(pk=bpn.pk)

    province = w.users["pengelola_prov"]
    smd = program_services.save_program(user=province, program=programme("SMD-2027", "64.72"))
    run_selection(smd, user=province)
    w.programs["smd"] = Program.objects.get(pk=smd.pk)
