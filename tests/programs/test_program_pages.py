"""The programme pages end to end through Django's test client: create, select (as a
background job), read the results by reason, strike, verify, approve, issue the SK and
amend; each step refused to whoever may not take it."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from program_forms import form_data
from programs_world import make_people, make_program

from confirming import confirmed
from jaring.accounts.models import AccessAction, AccessLog, Role, User
from jaring.core.masking import mask_nik
from jaring.jobs.models import Job, JobStatus
from jaring.jobs.services import run_job
from jaring.programs import services
from jaring.programs.models import (
    Alasan,
    Amandemen,
    Penerima,
    Pengecualian,
    Program,
    StatusProgram,
    VerifikasiWilayah,
)
from jaring.programs.selection import run_selection

pytestmark = pytest.mark.django_db

BORN = dt.date(1990, 1, 1)


@pytest.fixture
def staff():
    make = lambda name, role, region: User.objects.create(  # noqa: E731
        username=name, role=role, wilayah_id=region
    )
    return {
        "manager": make("pengelola", Role.MANAGER, "64"),
        # Runs the selection: whoever ran it does not approve it (two-person rule).
        "second": make("pengelola-2", Role.MANAGER, "64"),
        "bpn": make("verif-bpn", Role.VERIFIER, "64.71"),
        "smd": make("verif-smd", Role.VERIFIER, "64.72"),
        "keuangan": make("keuangan", Role.FINANCE, "64"),
        "operator": make("operator", Role.OPERATOR, "64.72"),
    }


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def samarinda():
    """Samarinda workers: four fishermen, two too old, two domestic workers."""
    return make_people(
        [("64.72", BORN, "nelayan", None, True)] * 4
        + [("64.72", dt.date(1940, 5, 5), "nelayan", None)] * 2
        + [("64.72", BORN, "prt", None)] * 2,
        first_nik=6472010100000000,
    )


@pytest.fixture
def program(staff, samarinda):
    program = make_program(
        kode="SMD-27", wilayah_id="64.72", kuota_total=3, usia_min=18, usia_maks=60,
        pekerjaan=["nelayan"], bobot_dtks=10,
    )  # fmt: skip
    services.save_program(user=staff["manager"], program=program)
    run_selection(program, user=staff["second"])
    program.refresh_from_db()
    return program


def test_operator_has_no_programme_pages(staff, program):
    client = client_of(staff["operator"])

    assert client.get(reverse("programs:list")).status_code == 403
    assert client.get(reverse("programs:create")).status_code == 403
    assert client.get(reverse("programs:detail", args=[program.pk])).status_code == 403
    assert b'href="/program/"' not in client.get(reverse("home")).content


def test_menu_shows_programmes_to_roles_that_may_view_them(staff):
    html = client_of(staff["keuangan"]).get(reverse("home")).content.decode()

    assert f'href="{reverse("programs:list")}"' in html


def test_manager_creates_a_programme_with_the_form(staff):
    client = client_of(staff["manager"])
    assert "Program baru" in client.get(reverse("programs:list")).content.decode()

    response = client.post(reverse("programs:create"), form_data(pekerjaan=["nelayan", "ojek"]))

    program = Program.objects.get(kode="SMD-2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", args=[program.pk])
    assert program.bulan_mulai == dt.date(2027, 1, 1)
    assert program.status == StatusProgram.DRAF
    detail = client.get(response["Location"]).content.decode()
    assert "Berusia 18 sampai 60 tahun pada 1 Januari 2027." in detail
    assert "Bekerja sebagai: Nelayan, Tukang Ojek." in detail
    assert "+30 Nelayan, +20 Tukang Ojek" in detail
    assert "Rp 201.600" in detail  # cost per worker over twelve months


def test_invalid_form_keeps_what_was_typed_and_saves_nothing(staff):
    client = client_of(staff["manager"])

    response = client.post(
        reverse("programs:create"),
        form_data(nama="Tetap Tersimpan", pendana={"apbd_kabkota": "50"}, bulan_mulai="Maret"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not Program.objects.exists()
    assert "Porsi pendana berjumlah 50%; jumlahnya harus tepat 100%." in html
    assert "Tulis bulan sebagai tahun-bulan, misalnya 2027-01." in html
    assert 'value="Tetap Tersimpan"' in html


def test_compute_button_shows_the_figures_without_saving(staff):
    data = {**form_data(kuota_total=100, pagu_anggaran=10_000_000), "aksi": "hitung"}

    response = client_of(staff["manager"]).post(reverse("programs:create"), data)

    assert response.status_code == 200
    assert not Program.objects.exists()
    assert re.search(r'id="figure-capacity">49 ', response.content.decode())  # 10 M // 201,600


def test_only_a_manager_of_the_region_edits_and_only_a_draft(staff, program):
    city = User.objects.create(username="pengelola-bpn", role=Role.MANAGER, wilayah_id="64.71")
    url = reverse("programs:edit", args=[program.pk])

    assert client_of(staff["smd"]).get(url).status_code == 403
    assert client_of(city).get(url).status_code == 404  # Samarinda is not in its scope
    assert client_of(staff["manager"]).get(url).status_code == 200
    Program.objects.filter(pk=program.pk).update(status=StatusProgram.DISETUJUI)
    response = client_of(staff["manager"]).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", args=[program.pk])


def test_selection_runs_as_a_background_job_and_its_summary_is_shown(staff, samarinda):
    program = make_program(kode="SMD-J", wilayah_id="64.72", kuota_total=3, pekerjaan=["nelayan"])
    client = client_of(staff["manager"])

    response = client.post(reverse("programs:run_selection", args=[program.pk]))

    job = Job.objects.get()
    assert response.status_code == 302
    assert job.target == f"program:{program.pk}" and job.status == JobStatus.QUEUED
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page  # polls while running

    run_job(job.pk)

    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert 'data-count="kandidat">8<' in page
    assert 'data-count="terpilih">3<' in page
    assert "Pekerjaan tidak termasuk sasaran program" in page
    assert "hx-get" not in page


def test_verifier_cannot_start_the_selection(staff, program):
    response = client_of(staff["smd"]).post(reverse("programs:run_selection", args=[program.pk]))

    assert response.status_code == 403
    assert not Job.objects.exists()


def test_results_filter_by_reason_with_counts_in_indonesian(staff, program):
    client = client_of(staff["manager"])
    url = reverse("programs:selection", args=[program.pk])

    html = client.get(url).content.decode()
    assert 'data-alasan="terpilih"' in html
    assert "Usia di luar batas program pada bulan pertama perlindungan" in html

    html = client.get(url, {"alasan": Alasan.USIA}).content.decode()
    reasons = re.findall(r'<tr data-alasan="(\w+)"', html)
    assert reasons == ["usia", "usia"]
    assert "6472010100000004" in html  # the first of the two too old, full NIK


def test_results_mask_nik_for_finance_and_log_nik_searches(staff, program):
    client = client_of(staff["keuangan"])
    url = reverse("programs:selection", args=[program.pk])

    html = client.get(url).content.decode()
    assert "6472********0000" in html and "6472010100000000" not in html

    client.get(url, {"q": "6472010100000001"})
    assert AccessLog.objects.get().action == AccessAction.SEARCH_NIK


def test_results_search_finds_the_worker_by_a_merged_duplicates_nik(staff, program):
    """A worker listed twice was merged: the duplicate's NIK finds the surviving record's
    row in the results, as it does in the registry (it found nobody)."""
    chosen = program.seleksi.filter(alasan=Alasan.TERPILIH).select_related("person").first()
    survivor = chosen.person
    duplicate = make_people([("64.72", BORN, "nelayan", None)], first_nik=6472019900000001)[0]
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into"])
    url = reverse("programs:selection", args=[program.pk])

    html = client_of(staff["manager"]).get(url, {"q": duplicate.nik}).content.decode()

    assert survivor.nik in html
    rows = re.findall(r'<tr data-alasan="(\w+)"', html)
    assert len(rows) == 1


def test_verifier_strikes_and_restores_a_person_of_their_regency(staff, program):
    chosen = program.seleksi.filter(alasan=Alasan.TERPILIH).first()
    url = reverse("programs:strike", args=[program.pk])

    # Balikpapan's verifier does not even see a Samarinda programme; the province
    # manager sees it but verifies nothing.
    refused = client_of(staff["bpn"]).post(url, {"person": chosen.person_id, "alasan": "x"})
    assert refused.status_code == 404
    refused = client_of(staff["manager"]).post(url, {"person": chosen.person_id, "alasan": "x"})
    assert refused.status_code == 403

    client = client_of(staff["smd"])
    response = client.post(url, {"person": chosen.person_id, "alasan": "Meninggal dunia"})
    assert response.status_code == 302
    assert Pengecualian.objects.get().alasan == "Meninggal dunia"
    program.refresh_from_db()
    assert program.perlu_seleksi_ulang

    html = client.get(reverse("programs:selection", args=[program.pk])).content.decode()
    assert "Dicoret: Meninggal dunia" in html and "Batalkan coretan" in html

    client.post(reverse("programs:unstrike", args=[program.pk]), {"person": chosen.person_id})
    assert not Pengecualian.objects.exists()


def test_strike_without_a_reason_is_refused(staff, program):
    chosen = program.seleksi.filter(alasan=Alasan.TERPILIH).first()

    client_of(staff["smd"]).post(
        reverse("programs:strike", args=[program.pk]), {"person": chosen.person_id, "alasan": ""}
    )

    assert not Pengecualian.objects.exists()


def test_verify_approve_decree_through_the_pages(staff, program):
    manager = client_of(staff["manager"])
    detail = reverse("programs:detail", args=[program.pk])

    page = manager.get(detail).content.decode()
    assert "Belum dapat disetujui; belum diverifikasi:" in page and "Kota Samarinda" in page
    assert 'id="approve" disabled' in page

    verifier = client_of(staff["smd"])
    assert "Verifikasi daftar Kota Samarinda" in verifier.get(detail).content.decode()
    verifier.post(reverse("programs:verify", args=[program.pk]),
                  {"kode": "64.72", "catatan": "Dicocokkan dengan kelurahan"})  # fmt: skip
    assert VerifikasiWilayah.objects.get().catatan == "Dicocokkan dengan kelurahan"

    confirmed(manager, reverse("programs:approve", args=[program.pk]))
    program.refresh_from_db()
    assert program.status == StatusProgram.DISETUJUI
    assert Penerima.objects.filter(program=program).count() == 3

    incomplete = manager.post(reverse("programs:decree", args=[program.pk]),
                              {"nomor_sk": "", "tanggal_sk": "2026-12-20"})  # fmt: skip
    assert incomplete.status_code == 200
    assert incomplete.content.decode().count("Bidang ini tidak boleh kosong.") == 4
    program.refresh_from_db()
    assert program.status == StatusProgram.DISETUJUI
    confirmed(manager, reverse("programs:decree", args=[program.pk]), {
        "nomor_sk": "100.3.3.2/123/HK/2026", "tanggal_sk": "2026-12-20", "tempat": "Samarinda",
        "jabatan": "Wali Kota Samarinda", "nama": "Andi Harun",
    })  # fmt: skip
    program.refresh_from_db()
    assert program.status == StatusProgram.DITETAPKAN
    assert program.nomor_sk == "100.3.3.2/123/HK/2026"
    page = manager.get(detail).content.decode()
    assert "SK nomor 100.3.3.2/123/HK/2026" in page
    assert "SK ditetapkan" in page  # history


def test_only_the_regency_verifier_verifies(staff, program):
    url = reverse("programs:verify", args=[program.pk])
    province_verifier = User.objects.create(username="v64", role=Role.VERIFIER, wilayah_id="64")
    other_regency = client_of(staff["bpn"]).post(url, {"kode": "64.72"})
    manager = client_of(staff["manager"]).post(url, {"kode": "64.72"})

    assert other_regency.status_code == 404  # a Samarinda programme is out of its scope
    assert manager.status_code == 403
    assert not VerifikasiWilayah.objects.exists()
    client_of(province_verifier).post(url, {"kode": "64.72"})
    assert VerifikasiWilayah.objects.get().created_by == province_verifier


def approved(program, staff):
    services.verify_region(user=staff["smd"], program=program, kode="64.72")
    services.approve(user=staff["manager"], program=program)
    program.refresh_from_db()
    return program


def test_beneficiary_list_only_after_approval(staff, program):
    url = reverse("programs:beneficiaries", args=[program.pk])

    assert client_of(staff["manager"]).get(url).status_code == 404
    approved(program, staff)
    html = client_of(staff["keuangan"]).get(url).content.decode()
    assert html.count("6472********") == 3
    assert "Tambah dari daftar tunggu" not in html  # finance reads, does not amend


def test_manager_withdraws_and_replaces_from_the_waiting_list(staff, program):
    approved(program, staff)
    gone = Penerima.objects.filter(program=program).order_by("nomor_urut").first()
    client = client_of(staff["manager"])

    client.post(reverse("programs:amend", args=[program.pk]), {
        "aksi": "ganti", "alasan": "Verifikasi lapangan", "cabut": [gone.person_id],
        f"alasan_{gone.person_id}": "Pindah ke luar kota",
        "nomor_sk": "188.44/12/2027", "tanggal_sk": "2027-03-02",
    })  # fmt: skip

    amendment = Amandemen.objects.get()
    assert amendment.status == "menunggu"
    gone.refresh_from_db()
    assert gone.amandemen_keluar is None  # prepared, not in force
    page = client.get(reverse("programs:beneficiaries", args=[program.pk])).content.decode()
    assert "Menunggu persetujuan" in page and "menunggu pengelola lain" in page
    assert 'id="amendments-waiting"' in page
    assert "diusulkan dicabut, menunggu persetujuan" in page  # the row of the one withdrawn
    decide = reverse("programs:decide_amendment", args=[program.pk, amendment.nomor])
    refused = client.post(decide, {"aksi": "setujui"}, follow=True).content.decode()
    assert "Anda siapkan sendiri" in refused
    assert Amandemen.objects.get().status == "menunggu"
    client_of(staff["second"]).post(decide, {"aksi": "setujui"})

    gone.refresh_from_db()
    amendment = Amandemen.objects.get()
    assert (amendment.status, amendment.decided_by) == ("berlaku", staff["second"])
    assert (amendment.nomor_sk, amendment.tanggal_sk) == ("188.44/12/2027", dt.date(2027, 3, 2))
    assert gone.amandemen_keluar == amendment and gone.alasan_keluar == "Pindah ke luar kota"
    assert amendment.ditambahkan.count() == 1
    assert services.active_beneficiaries(program).count() == 3
    html = client.get(reverse("programs:beneficiaries", args=[program.pk])).content.decode()
    assert "Verifikasi lapangan" in html  # the amendment's record


def test_amendment_without_a_reason_changes_nothing(staff, program):
    approved(program, staff)
    person = Penerima.objects.filter(program=program).first().person_id

    response = client_of(staff["manager"]).post(
        reverse("programs:amend", args=[program.pk]),
        {"aksi": "cabut", "alasan": "", "cabut": [person]},
        follow=True,
    )

    assert "Tuliskan alasan amandemen." in response.content.decode()
    assert not Amandemen.objects.exists()


def test_adding_from_the_waiting_list_respects_the_quota(staff, program):
    approved(program, staff)
    waiting = program.seleksi.filter(alasan=Alasan.DAFTAR_TUNGGU).first()

    response = client_of(staff["manager"]).post(
        reverse("programs:amend", args=[program.pk]),
        {"aksi": "tambah", "alasan": "Tambahan", "tambah": [waiting.person_id]},
        follow=True,
    )

    assert "akan terlampaui" in response.content.decode()
    assert not Amandemen.objects.exists()


def test_verifier_cannot_amend(staff, program):
    approved(program, staff)
    person = Penerima.objects.filter(program=program).first().person_id

    response = client_of(staff["smd"]).post(
        reverse("programs:amend", args=[program.pk]),
        {"aksi": "cabut", "alasan": "x", "cabut": [person]},
    )

    assert response.status_code == 403


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_programme_page_renders_in_both_languages(staff, program, language):
    admin = User.objects.create_superuser("admin", "admin@example.org", None, role=Role.ADMIN)
    client = client_of(admin)
    client.cookies["django_language"] = language
    approved(program, staff)
    urls = [
        reverse("programs:list"),
        reverse("programs:create"),
        reverse("programs:detail", args=[program.pk]),
        reverse("programs:selection", args=[program.pk]) + "?alasan=usia&q=pekerja",
        reverse("programs:beneficiaries", args=[program.pk]),
        reverse("programs:beneficiaries", args=[program.pk]) + "?status=dicabut",
        reverse("programs:budget"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == language


def test_steps_taken_from_the_command_line_show_in_the_history(staff, program, capsys):
    from django.core.management import call_command

    call_command("program", "seleksi", program.kode)

    response = client_of(staff["manager"]).get(reverse("programs:detail", args=[program.pk]))

    assert response.status_code == 200
    assert "sistem (baris perintah)" in response.content.decode()


def test_history_names_the_struck_worker_with_the_nik_masked_for_finance(staff, program):
    chosen = program.seleksi.filter(alasan=Alasan.TERPILIH).select_related("person").first()
    person = chosen.person
    services.strike(user=staff["smd"], program=program, person_id=person.pk, alasan="Pindah")
    detail = reverse("programs:detail", args=[program.pk])

    def history(user) -> str:
        html = client_of(user).get(detail).content.decode()
        return html[html.index('id="history"') :]

    for user, nik in ((staff["smd"], person.nik), (staff["keuangan"], mask_nik(person.nik))):
        shown = history(user)
        assert f"{person.nama} (NIK {nik}): Pindah" in shown, user.username
        assert f"Pekerja #{person.pk}" not in shown
    assert person.nik not in history(staff["keuangan"])
