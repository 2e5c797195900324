"""The approval workflow: verifiers check their regency, the manager approves, the SK
is issued, and afterwards the list changes only through amendments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from programs_world import make_people, make_program

from jaring.accounts.models import Role, User
from jaring.programs import queries, services
from jaring.programs.models import (
    Alasan,
    KuotaWilayah,
    Penerima,
    RiwayatProgram,
    Seleksi,
    StatusProgram,
    VerifikasiWilayah,
)
from jaring.programs.selection import run_selection

pytestmark = pytest.mark.django_db

BORN = dt.date(1990, 1, 1)


def user(username, role, wilayah):
    return User.objects.create(username=username, role=role, wilayah_id=wilayah)


@pytest.fixture
def people():
    bpn = make_people([("64.71", BORN, "ojek", None)] * 4)
    smd = make_people([("64.72", BORN, "ojek", None)] * 3, first_nik=6472010100000000)
    return bpn, smd


@pytest.fixture
def staff():
    return {
        "manager": user("pengelola", Role.MANAGER, "64"),
        "city_manager": user("pengelola-bpn", Role.MANAGER, "64.71"),
        "bpn": user("verif-bpn", Role.VERIFIER, "64.71"),
        "smd": user("verif-smd", Role.VERIFIER, "64.72"),
        # Runs the selection and approves amendments: the two-person rule keeps these
        # apart from the manager who approves the list and prepares amendments.
        "second": user("pengelola-2", Role.MANAGER, "64"),
    }


@pytest.fixture
def program(people, staff):
    program = make_program(
        kuota_total=4, alokasi="tetap", bobot_per_tahun_menunggu=1, pagu_anggaran=None
    )
    services.save_program(
        user=staff["manager"],
        program=program,
        pendana={"apbd_provinsi": Decimal(100)},
        kuota_tetap={"64.71": 2, "64.72": 2},
    )
    run_selection(program, user=staff["second"])
    return program


def verify_all(program, staff):
    services.verify_region(user=staff["bpn"], program=program, kode="64.71")
    services.verify_region(user=staff["smd"], program=program, kode="64.72")


def test_approval_needs_every_regency_verified(program, staff):
    services.verify_region(user=staff["bpn"], program=program, kode="64.71")
    with pytest.raises(services.WorkflowError, match=r"64\.72"):
        services.approve(user=staff["manager"], program=program)

    services.verify_region(user=staff["smd"], program=program, kode="64.72")
    count = services.approve(user=staff["manager"], program=program)

    program.refresh_from_db()
    assert program.status == StatusProgram.DISETUJUI
    assert count == 4
    selected = set(
        Seleksi.objects.filter(program=program, terpilih=True).values_list("person_id", flat=True)
    )
    beneficiaries = list(Penerima.objects.filter(program=program).order_by("nomor_urut"))
    assert {b.person_id for b in beneficiaries} == selected
    assert [b.nomor_urut for b in beneficiaries] == [1, 2, 3, 4]
    assert [b.kode_kabupaten for b in beneficiaries] == ["64.71", "64.71", "64.72", "64.72"]


def test_a_verifier_acts_only_on_their_own_regency(program, staff):
    with pytest.raises(PermissionDenied):
        services.verify_region(user=staff["bpn"], program=program, kode="64.72")
    samarinda = Seleksi.objects.filter(program=program, kode_kabupaten="64.72").first()
    with pytest.raises(PermissionDenied):
        services.strike(
            user=staff["bpn"], program=program, person_id=samarinda.person_id, alasan="x"
        )


def test_a_city_manager_cannot_approve_the_province_programme(program, staff):
    verify_all(program, staff)
    with pytest.raises(PermissionDenied):
        services.approve(user=staff["city_manager"], program=program)


def test_striking_a_person_needs_a_new_selection_and_frees_the_place(program, staff):
    verify_all(program, staff)
    chosen = Seleksi.objects.filter(program=program, kode_kabupaten="64.71", terpilih=True)
    struck = chosen.order_by("peringkat").first().person_id

    services.strike(user=staff["bpn"], program=program, person_id=struck, alasan="Meninggal")
    with pytest.raises(services.WorkflowError, match="seleksi"):
        services.approve(user=staff["manager"], program=program)
    run_selection(program, user=staff["manager"])

    outcome = dict(Seleksi.objects.filter(program=program).values_list("person_id", "alasan"))
    assert outcome[struck] == Alasan.DICORET
    assert KuotaWilayah.objects.get(program=program, wilayah_id="64.71").terpilih == 2
    # Balikpapan's list changed: its verification fell; Samarinda's did not.
    assert set(
        VerifikasiWilayah.objects.filter(program=program).values_list("wilayah_id", flat=True)
    ) == {"64.72"}
    assert RiwayatProgram.objects.filter(program=program, aksi="verifikasi_gugur").count() == 1


def test_after_approval_only_amendments_change_the_list(program, staff):
    verify_all(program, staff)
    services.approve(user=staff["manager"], program=program)
    with pytest.raises(Exception, match="amandemen"):
        run_selection(program)
    with pytest.raises(services.WorkflowError):
        services.save_program(user=staff["manager"], program=program)

    gone = Penerima.objects.get(program=program, nomor_urut=1)
    amendment = services.replace_from_waiting_list(
        user=staff["manager"],
        program=program,
        cabut={gone.person_id: "Ditolak BPJS: NIK tidak terdaftar di Dukcapil"},
        alasan="Penggantian penerima yang ditolak BPJS",
    )
    gone.refresh_from_db()
    assert gone.amandemen_keluar is None  # prepared, not yet in force
    amendment = services.approve_amendment(user=staff["second"], amendment=amendment)

    gone.refresh_from_db()
    assert gone.amandemen_keluar == amendment  # withdrawn, never deleted
    listed = queries.amendments_of(program).get()
    assert (listed.jumlah_tambah, listed.jumlah_cabut) == (1, 1)
    added = Penerima.objects.get(amandemen_masuk=amendment)
    assert added.kode_kabupaten == gone.kode_kabupaten == "64.71"
    assert added.nomor_urut == 5
    waiting_best = (
        Seleksi.objects.filter(program=program, kode_kabupaten="64.71", alasan="daftar_tunggu")
        .order_by("peringkat")
        .first()
    )
    assert added.person_id == waiting_best.person_id
    assert services.active_beneficiaries(program).count() == 4


def test_an_amendment_cannot_exceed_a_regency_quota(program, staff):
    verify_all(program, staff)
    services.approve(user=staff["manager"], program=program)
    waiting = Seleksi.objects.filter(program=program, alasan="daftar_tunggu").first()
    with pytest.raises(services.WorkflowError, match="Kuota"):
        services.amend(
            user=staff["manager"], program=program, alasan="Tambah", tambah=[waiting.person_id]
        )


def test_only_waiting_list_persons_can_be_added(program, staff, people):
    verify_all(program, staff)
    services.approve(user=staff["manager"], program=program)
    on_list = Penerima.objects.filter(program=program).first()
    with pytest.raises(services.WorkflowError, match="daftar tunggu"):
        services.amend(
            user=staff["manager"], program=program, alasan="x", cabut={on_list.person_id: "x"},
            tambah=[on_list.person_id],
        )  # fmt: skip


def test_decree_records_number_date_and_signatory(program, staff):
    verify_all(program, staff)
    services.approve(user=staff["manager"], program=program)
    services.issue_decree(
        user=staff["manager"], program=program, nomor_sk="500.15/123/2027",
        tanggal_sk=dt.date(2026, 12, 20), tempat="Samarinda", jabatan="Gubernur Kalimantan Timur",
        nama="Nama Gubernur",
    )  # fmt: skip
    program.refresh_from_db()
    assert program.status == StatusProgram.DITETAPKAN
    assert program.nomor_sk == "500.15/123/2027"
    assert list(
        RiwayatProgram.objects.filter(program=program)
        .order_by("created_at", "id")
        .values_list("aksi", flat=True)
    ) == ["diubah", "seleksi", "diverifikasi", "diverifikasi", "disetujui", "sk"]


def test_funder_split_of_a_programme_is_exact():
    parts = services.split(
        16_801, {"apbd_provinsi": Decimal("33.33"), "apbd_kabkota": Decimal("66.67")}
    )
    assert sum(parts.values()) == 16_801


def test_history_speaks_the_readers_language_with_the_right_plural(program, staff):
    verify_all(program, staff)
    services.approve(user=staff["manager"], program=program)
    entries = {h.aksi: h for h in RiwayatProgram.objects.filter(program=program)}
    approved, selected = entries["disetujui"], entries["seleksi"]
    # Stored in Indonesian for whoever reads the table; the page says it anew.
    assert approved.keterangan == "4 penerima"
    assert approved.rincian == {"pesan": "disetujui", "n": 4}
    with translation.override("en"):
        assert approved.uraian() == "4 beneficiaries"
        assert selected.uraian().endswith("4 selected for 4 places.")
        assert entries["diverifikasi"].uraian() in {
            "64.71: 2 workers selected",
            "64.72: 2 workers selected",
        }
        approved.rincian["n"] = 1
        assert approved.uraian() == "1 beneficiary"
    with translation.override("id"):
        assert approved.uraian() == "1 penerima"
    # An entry written before notes had keys shows what was stored.
    old = RiwayatProgram.objects.create(program=program, aksi="diubah", keterangan="catatan lama")
    with translation.override("en"):
        assert old.uraian() == "catatan lama"


def test_a_job_writes_its_failure_in_the_language_of_the_page_that_started_it(program, staff):
    from jaring.jobs.services import run_job, start_job

    with translation.override("en"):
        job = start_job(
            jenis="Billing",
            handler="jaring.contributions.jobs.billing",
            target=f"iuran:{program.pk}",
            params={"program_id": program.pk, "month": "2027-01"},
            user=staff["manager"],
        )
    assert job.bahasa == "en"
    job = run_job(job.pk)  # run in the worker's own (default) language
    assert job.status == "gagal"
    assert job.pesan == "Only an approved programme can be billed."
