"""Approved programmes with enrolled participants for the enrolment, contributions and
claims tests, built through the real services (selection, verification, approval,
registration batch, BPJS response)."""

import csv
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "programs"))
from programs_world import START, make_people, make_program

from jaring.accounts.models import User
from jaring.enrollment.models import Peserta
from jaring.enrollment.responses import import_response
from jaring.enrollment.services import create_batch, enrol_beneficiaries
from jaring.programs import services
from jaring.programs.selection import run_selection

BORN = dt.date(1985, 6, 1)
__all__ = [
    "BORN", "START", "admin", "admin2", "amend_and_approve", "approve_pending", "approved_program",
    "enrol_all",
    "kpj", "response_csv",
]  # fmt: skip


def admin() -> User:
    user = User.objects.filter(username="admin-uji").first()
    return user or User.objects.create_superuser("admin-uji", "a@example.org", None)


def admin2() -> User:
    """A second administrator: the two-person rule keeps whoever ran a selection or
    prepared an amendment from approving it."""
    user = User.objects.filter(username="admin-kedua").first()
    return user or User.objects.create_superuser("admin-kedua", "b@example.org", None)


def amend_and_approve(**kwargs):
    """An amendment prepared by ``kwargs['user']`` and approved by the second administrator."""
    return services.approve_amendment(user=admin2(), amendment=services.amend(**kwargs))


def approve_pending(program) -> None:
    """The second administrator approves the programme's waiting amendments (BPJS
    rejections replaced from the waiting list); the persons added become participants
    waiting for the next batch."""
    for amendment in services.pending_amendments(program):
        services.approve_amendment(user=admin2(), amendment=amendment)
    enrol_beneficiaries(program)


def user(username: str, role: str, wilayah: str | None) -> User:
    return User.objects.create_user(
        username, f"{username}@example.org", None, role=role, wilayah_id=wilayah
    )


def approved_program(
    *,
    per_regency: dict[str, int] | None = None,
    quota: dict[str, int] | None = None,
    months: int = 12,
    start: dt.date = START,
    pendana: dict[str, Decimal] | None = None,
    komponen: dict[str, dict[str, Decimal]] | None = None,
    kode: str = "P",
    first_nik: int = 6471010100000000,
    **fields,
):
    """A province programme whose regencies have ``per_regency`` eligible persons and
    ``quota`` places (the rest wait), selected, verified, approved and decreed."""
    per_regency = per_regency or {"64.71": 4, "64.72": 3}
    quota = quota or {k: max(1, n - 1) for k, n in per_regency.items()}
    people = [(regency, BORN, "ojek", None) for regency, n in per_regency.items() for _ in range(n)]
    make_people(people, first_nik=first_nik)
    program = make_program(
        kode=kode, kuota_total=sum(quota.values()), alokasi="tetap", jumlah_bulan=months,
        bulan_mulai=start, pagu_anggaran=None, **fields,
    )  # fmt: skip
    manager = admin()
    services.save_program(
        user=manager,
        program=program,
        pendana=pendana or {"apbd_provinsi": Decimal(100)},
        komponen=komponen,
        kuota_tetap=quota,
    )
    run_selection(program, user=admin2(), as_of=start)
    for regency in quota:
        services.verify_region(user=manager, program=program, kode=regency)
    services.approve(user=manager, program=program)
    program.refresh_from_db()
    return program


def kpj(peserta_or_person_id: int) -> str:
    return f"{90000000000 + peserta_or_person_id:011d}"


def response_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "Nama", "KPJ", "Status", "Keterangan"])
        writer.writerows(rows)
    return path


def enrol_all(program, tmp_path: Path, *, reject: int = 0, bulan_pertama=None, ganti=False):
    """Send every waiting participant in a batch and accept them all (the first
    ``reject`` in list order are rejected instead)."""
    manager = admin()
    batch = create_batch(user=manager, program=program, bulan_pertama=bulan_pertama)
    rows = []
    for i, p in enumerate(batch.peserta.select_related("person").order_by("nomor_urut")):
        if i < reject:
            rows.append([p.person.nik, p.person.nama, "", "DITOLAK", "NIK tidak padan Dukcapil"])
        else:
            rows.append([p.person.nik, p.person.nama, kpj(p.person_id), "DITERIMA", ""])
    path = response_csv(tmp_path / f"respons-{batch.nomor}.csv", rows)
    result = import_response(user=manager, program=program, path=path, ganti=ganti)
    assert not result.errors, result.errors
    if ganti:
        approve_pending(program)
    return batch, result


def participants(program) -> list[Peserta]:
    return list(Peserta.objects.filter(program=program).order_by("nomor_urut"))
