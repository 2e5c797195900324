"""A complaint's life from filing to each way of closing it, with the changes each
makes (registry, waiting list, registration batch) and the trail it leaves."""

import datetime as dt
import threading

import pytest
from complaints_world import BORN, VILLAGES, admin, approved_program, enrol_all, make_people, staff
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections
from django.utils import timezone

from jaring.core.names import search_key_one
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.enrollment.services import create_batch
from jaring.pengaduan import queries, services
from jaring.pengaduan.models import Pengaduan, StatusPengaduan
from jaring.programs.models import Alasan, RiwayatProgram, Seleksi
from jaring.registry.models import Person, SourceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return staff()


def worker(region="64.71", work="ojek", first_nik=6471010100009000):
    return make_people([(region, BORN, work, None)], first_nik=first_nik)[0]


def file(person, jenis="data_salah", user=None):
    return services.file_complaint(
        person=person, jenis=jenis, uraian="Nama saya salah tulis.", no_hp="0812-3456-7890",
        kanal="petugas" if user else "web", user=user,
    )  # fmt: skip


def test_filing_numbers_routes_and_sets_the_deadline(people, settings):
    settings.JARING_PENGADUAN = {**settings.JARING_PENGADUAN, "DEADLINE_DAYS": 14}
    person = worker()

    filed = file(person)

    year = timezone.localdate().year
    assert filed.nomor == f"ADU-{year}-{filed.pk:06d}"
    assert filed.status == StatusPengaduan.BARU
    assert filed.kode_kabupaten == "64.71"
    assert filed.no_hp == "+6281234567890"
    assert filed.batas_waktu == timezone.localdate() + dt.timedelta(days=14)
    assert [(r.status, r.created_by) for r in filed.riwayat.all()] == [("baru", None)]
    assert list(queries.waiting_for(people["verif_bpn"])) == [filed]
    assert list(queries.waiting_for(people["verif_smd"])) == []
    assert list(queries.waiting_for(people["manager"])) == [filed]
    assert list(queries.waiting_for(people["finance"])) == []


def test_bad_input_is_refused_with_nothing_written():
    person = worker()
    for jenis, uraian, no_hp, message in [
        ("bukan", "x", "", "jenis"),
        ("lainnya", "   ", "", "masalahnya"),
        ("lainnya", "x" * 2001, "", "terlalu panjang"),
        ("lainnya", "x", "12345", "Nomor HP"),
    ]:
        with pytest.raises(services.PengaduanError, match=message):
            services.file_complaint(person=person, jenis=jenis, uraian=uraian, no_hp=no_hp,
                                    kanal="web")  # fmt: skip
    assert not Pengaduan.objects.exists()


def test_staff_file_only_in_their_region(people):
    bpn, smd = worker(), worker("64.72", first_nik=6472010100009000)

    filed = file(bpn, user=people["op_bpn"])

    assert filed.created_by == people["op_bpn"] and filed.kanal == "petugas"
    with pytest.raises(PermissionDenied):
        file(smd, user=people["op_bpn"])
    with pytest.raises(PermissionDenied):
        file(bpn, user=people["finance"])


def test_correction_adds_a_source_record_and_recomputes_the_golden_record(people):
    person = worker()
    filed = file(person)
    verifier = people["verif_bpn"]

    services.take_up(user=verifier, pengaduan=filed)
    services.resolve(
        user=verifier, pengaduan=filed, tindakan="koreksi", alasan="Nama sudah dibetulkan.",
        changes={"nama": "Siti Aminah", "wilayah_id": VILLAGES["64.72"]},
    )  # fmt: skip

    person.refresh_from_db()
    assert (person.nama, person.wilayah_id) == ("Siti Aminah", VILLAGES["64.72"])
    assert person.nama_kunci == search_key_one("Siti Aminah") != ""
    source = SourceRecord.objects.get(person=person)
    assert source.keterangan == f"pengaduan {filed.nomor}"
    assert (source.agency_id, source.submission_id, source.nama) == (None, None, "Siti Aminah")
    filed.refresh_from_db()
    assert (filed.status, filed.tindakan) == ("selesai", "koreksi")
    assert [(r.status, r.created_by, r.alasan) for r in filed.riwayat.all()][1:] == [
        ("diproses", verifier, "Petugas sedang memeriksa pengaduan Anda."),
        ("selesai", verifier, "Nama sudah dibetulkan."),
    ]
    assert filed.closed_at is not None
    # Closed: nothing more can happen to it.
    with pytest.raises(services.PengaduanError, match="sudah ditutup"):
        services.reject(user=verifier, pengaduan=filed, alasan="x")


def test_a_failed_step_writes_nothing(people):
    person = worker()
    filed = file(person)

    with pytest.raises(services.PengaduanError, match="tidak terdaftar"):
        services.resolve(
            user=people["verif_bpn"], pengaduan=filed, tindakan="koreksi", alasan="ok",
            changes={"nama": "Baru", "wilayah_id": "64.99.99.9999"},
        )  # fmt: skip

    filed.refresh_from_db()
    person.refresh_from_db()
    assert filed.status == "baru" and filed.riwayat.count() == 1
    assert person.nama == "Pekerja 0" and not SourceRecord.objects.filter(person=person).exists()


def test_only_the_regency_verifier_handles_it(people):
    filed = file(worker())

    for who in ("verif_smd", "op_bpn", "manager", "finance"):
        with pytest.raises(PermissionDenied):
            services.take_up(user=people[who], pengaduan=filed)
    services.reject(user=admin(), pengaduan=filed, alasan="Bukan urusan program.")
    filed.refresh_from_db()
    assert filed.status == "ditolak"


def test_waiting_list_by_the_programmes_rules(people):
    program = approved_program(pekerjaan=["ojek"])
    fisher = worker(work="nelayan")
    verifier = people["verif_bpn"]
    first = file(fisher, jenis="tidak_terdaftar")

    with pytest.raises(services.PengaduanError, match="Pekerjaan tidak termasuk sasaran"):
        services.resolve(user=verifier, pengaduan=first, tindakan="daftar_tunggu",
                         alasan="Masuk daftar tunggu.", program=program)  # fmt: skip
    assert not Seleksi.objects.filter(program=program, person=fisher).exists()
    # The worker is an ojek driver after all: the data is corrected, then the appeal holds.
    services.resolve(user=verifier, pengaduan=first, tindakan="koreksi",
                     alasan="Pekerjaan dibetulkan.", changes={"pekerjaan_id": "ojek"})  # fmt: skip
    second = file(Person.objects.get(pk=fisher.pk), jenis="tidak_terdaftar")
    services.resolve(user=verifier, pengaduan=second, tindakan="daftar_tunggu",
                     alasan="Anda masuk daftar tunggu program.", program=program)  # fmt: skip

    row = Seleksi.objects.get(program=program, person=fisher)
    assert (row.alasan, row.terpilih, row.kode_kabupaten) == (Alasan.DAFTAR_TUNGGU, False, "64.71")
    history = RiwayatProgram.objects.filter(program=program, aksi="daftar_tunggu").get()
    assert history.created_by == verifier and second.nomor in history.keterangan
    with pytest.raises(services.PengaduanError, match="sudah ada dalam hasil seleksi"):
        services.resolve(user=verifier, pengaduan=file(fisher), tindakan="daftar_tunggu",
                         alasan="x", program=program)  # fmt: skip


def test_rejected_by_bpjs_goes_in_the_next_batch(people, tmp_path):
    program = approved_program()
    enrol_all(program, tmp_path, reject=1)
    rejected = Peserta.objects.get(program=program, status=StatusPendaftaran.DITOLAK)
    filed = file(rejected.person, jenis="ditolak_bpjs")
    verifier = people["verif_bpn"] if rejected.kode_kabupaten == "64.71" else people["verif_smd"]

    services.resolve(user=verifier, pengaduan=filed, tindakan="kirim_ulang",
                     alasan="Data sudah cocok; dikirim lagi ke BPJS.")  # fmt: skip

    rejected.refresh_from_db()
    assert (rejected.status, rejected.alasan_tolak) == (StatusPendaftaran.MENUNGGU, "")
    batch = create_batch(user=admin(), program=program)
    assert list(batch.peserta.values_list("person_id", flat=True)) == [rejected.person_id]
    with pytest.raises(services.PengaduanError, match="tidak sedang ditolak"):
        services.resolve(user=verifier, pengaduan=file(rejected.person), tindakan="kirim_ulang",
                         alasan="x")  # fmt: skip


def test_overdue_ones_are_flagged(people):
    filed = file(worker())
    Pengaduan.objects.filter(pk=filed.pk).update(
        batas_waktu=timezone.localdate() - dt.timedelta(days=1)
    )
    fresh = file(worker(first_nik=6471010100009500))

    assert list(queries.overdue_for(people["verif_bpn"])) == [filed]
    assert set(queries.waiting_for(people["verif_bpn"])) == {filed, fresh}
    services.reject(user=people["verif_bpn"], pengaduan=filed, alasan="Sudah dijawab lisan.")
    assert list(queries.overdue_for(people["verif_bpn"])) == []


@pytest.mark.skipif(
    "postgres" not in __import__("os").environ.get("DATABASE_URL", ""),
    reason="SQLite has one writer at a time (the in-memory test database answers 'locked' "
    "instead of waiting); numbers come from the primary key there too",
)
@pytest.mark.django_db(transaction=True)
def test_numbers_stay_unique_when_filed_at_once():
    person = worker()
    numbers, errors = [], []

    def one():
        try:
            numbers.append(file(Person.objects.get(pk=person.pk)).nomor)
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(numbers)) == len(numbers) == len(threads)
    assert set(Pengaduan.objects.values_list("nomor", flat=True)) == set(numbers)
