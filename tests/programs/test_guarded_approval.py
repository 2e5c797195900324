"""Approval and the SK are confirmed with their figures before anything is written;
approval waits for a running selection."""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
from billing_world import BORN, admin, admin2, approved_program
from programs_world import START, make_people, make_program

from confirming import confirmation_fields, confirmed, fact
from jaring.jobs.models import Job
from jaring.jobs.services import start_job
from jaring.programs import services
from jaring.programs.models import Penerima, Program, StatusProgram
from jaring.programs.program_views import SELECTION_HANDLER
from jaring.programs.selection import run_selection

pytestmark = pytest.mark.django_db
SK = {
    "nomor_sk": "500/77/2026", "tanggal_sk": "2026-12-20", "tempat": "Samarinda",
    "jabatan": "Gubernur Kalimantan Timur", "nama": "Nama Gubernur",
}  # fmt: skip


def verified_program(months: int = 3) -> Program:
    """Selected and verified, waiting for approval: 3 of 4 persons selected."""
    make_people([("64.71", BORN, "ojek", None)] * 4)
    program = make_program(kuota_total=3, alokasi="tetap", jumlah_bulan=months, pagu_anggaran=None)
    services.save_program(
        user=admin(), program=program, pendana={"apbd_provinsi": Decimal(100)},
        kuota_tetap={"64.71": 3},
    )  # fmt: skip
    run_selection(program, user=admin2(), as_of=START)
    services.verify_region(user=admin(), program=program, kode="64.71")
    return program


def manager() -> Client:
    client = Client()
    client.force_login(admin())
    return client


def test_approval_shows_persons_months_and_rupiah_and_writes_nothing_before_yes():
    program = verified_program(months=3)
    url = reverse("programs:approve", args=[program.pk])

    page = manager().post(url).content.decode()

    assert fact(page, "persons") == "3"
    assert fact(page, "months") == "Januari 2027 – Maret 2027 (3 bulan)"
    assert fact(page, "per_person") == "Rp 50.400"  # 3 months × Rp 16.800
    assert fact(page, "total") == "Rp 151.200"
    program.refresh_from_db()
    assert program.status == StatusProgram.DRAF and not Penerima.objects.exists()

    confirmed(manager(), url)
    program.refresh_from_db()
    assert program.status == StatusProgram.DISETUJUI
    assert Penerima.objects.filter(program=program).count() == 3


def test_a_token_for_other_figures_shows_the_confirmation_again():
    program = verified_program()
    url = reverse("programs:approve", args=[program.pk])
    client = manager()
    fields = confirmation_fields(client.post(url).content.decode())
    fields.pop("csrfmiddlewaretoken", None)
    for person_id in list(services.selected(program).values_list("person_id", flat=True))[:2]:
        services.strike(user=admin(), program=program, person_id=person_id, alasan="Pindah")
    run_selection(program, user=admin2(), as_of=START)
    services.verify_region(user=admin(), program=program, kode="64.71")

    again = client.post(url, fields).content.decode()

    assert "Angka di bawah berubah" in again
    program.refresh_from_db()
    assert program.status == StatusProgram.DRAF and not Penerima.objects.exists()


def test_approval_waits_for_a_running_selection():
    program = verified_program()
    start_job(jenis="Seleksi", handler=SELECTION_HANDLER, target=f"program:{program.pk}",
              user=admin(), params={"program_id": program.pk})  # fmt: skip
    client = manager()

    response = client.post(reverse("programs:approve", args=[program.pk]), follow=True)
    page = response.content.decode()

    assert "Seleksi sedang berjalan sejak" in page and "tunggu hingga selesai" in page
    assert 'id="approve" disabled' in page and 'id="run-selection" disabled' in page
    program.refresh_from_db()
    assert program.status == StatusProgram.DRAF
    assert Job.objects.filter(target=f"program:{program.pk}").count() == 1


def test_the_sk_is_confirmed_with_its_number_and_list_and_written_only_after_yes():
    program = approved_program(months=3)
    url = reverse("programs:decree", args=[program.pk])

    page = manager().post(url, SK).content.decode()

    assert fact(page, "nomor_sk") == "500/77/2026"
    assert fact(page, "tanggal_sk") == "20 Desember 2026"
    assert fact(page, "persons") == "5"
    assert fact(page, "total") == "Rp 252.000"  # 5 × 3 × Rp 16.800
    program.refresh_from_db()
    assert program.status == StatusProgram.DISETUJUI and program.nomor_sk == ""

    confirmed(manager(), url, SK)
    program.refresh_from_db()
    assert (program.status, program.nomor_sk) == (StatusProgram.DITETAPKAN, "500/77/2026")
