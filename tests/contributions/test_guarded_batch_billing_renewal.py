"""Registration batch, renewal and billing are confirmed with their figures before
anything is written; a batch needs a real first month; a billing or renewal while a
billing runs says so; two billings started at once make one job."""

import threading

import pytest
from billing_world import admin, approved_program, enrol_all
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from confirming import confirmed, fact
from jaring.contributions.jobs import BILLING
from jaring.contributions.models import Iuran, Tagihan
from jaring.enrollment.models import BatchPendaftaran, Peserta
from jaring.enrollment.services import EnrolmentError, create_batch
from jaring.jobs.models import Job, JobStatus
from jaring.jobs.services import start_job
from jaring.programs.models import Program, StatusProgram

pytestmark = pytest.mark.django_db


def manager() -> Client:
    client = Client()
    client.force_login(admin())
    return client


def page_after(response) -> str:
    return response.content.decode()


# --- Registration batch ---------------------------------------------------------------


def test_a_batch_is_confirmed_with_persons_months_and_rupiah_before_anything_is_written():
    program = approved_program(months=3)  # 5 beneficiaries, January–March 2027
    url = reverse("enrollment:batch_create", args=[program.pk])

    page = page_after(manager().post(url, {"bulan_pertama": "2027-02"}))

    assert fact(page, "persons") == "5"
    assert fact(page, "months") == "Februari 2027 – Maret 2027 (2 bulan)"
    assert fact(page, "per_person") == "Rp 33.600"
    assert fact(page, "total") == "Rp 168.000"
    assert not Peserta.objects.exists() and not BatchPendaftaran.objects.exists()

    confirmed(manager(), url, {"bulan_pertama": "2027-02"})
    batch = BatchPendaftaran.objects.get()
    assert (batch.jumlah, f"{batch.bulan_pertama:%Y-%m}") == (5, "2027-02")


def test_a_confirmation_for_another_month_does_not_create_the_batch():
    program = approved_program(months=3)
    url = reverse("enrollment:batch_create", args=[program.pk])
    page = page_after(manager().post(url, {"bulan_pertama": "2027-02"}))
    token = page.split('name="konfirmasi" value="')[1].split('"')[0]

    again = page_after(manager().post(url, {"bulan_pertama": "2027-01", "konfirmasi": token}))

    assert "Angka di bawah berubah" in again
    assert fact(again, "months") == "Januari 2027 – Maret 2027 (3 bulan)"
    assert not BatchPendaftaran.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Bulan pertama perlindungan: Wajib diisi, misalnya 2027-03."),
        ("2027-13", "Bulan pertama perlindungan: Tulis bulan sebagai TTTT-BB, misalnya 2027-03."),
        ("03/2027", "Bulan pertama perlindungan: Tulis bulan sebagai TTTT-BB, misalnya 2027-03."),
        ("2030-01", "Bulan pertama 01/2030 di luar masa program (01/2027–03/2027)."),
    ],
)
def test_a_batch_without_a_real_first_month_is_refused(typed, message):
    program = approved_program(months=3)
    url = reverse("enrollment:batch_create", args=[program.pk])

    page = page_after(manager().post(url, {"bulan_pertama": typed}, follow=True))

    assert message in page
    assert 'id="confirm-form"' not in page
    assert not Peserta.objects.exists() and not BatchPendaftaran.objects.exists()


def test_the_service_refuses_a_first_month_that_is_not_a_month():
    program = approved_program(months=3)

    with pytest.raises(EnrolmentError, match="Bulan pertama perlindungan tidak sah"):
        create_batch(user=admin(), program=program, bulan_pertama="2027-02")  # type: ignore[arg-type]
    assert not BatchPendaftaran.objects.exists()


# --- Billing --------------------------------------------------------------------------


def test_billing_is_confirmed_with_participants_month_and_rupiah_before_a_job_starts(tmp_path):
    program = approved_program(months=3)
    enrol_all(program, tmp_path, reject=1)  # 4 accepted, covered January–March
    url = reverse("contributions:billing_run", args=[program.pk])

    page = page_after(manager().post(url, {"bulan": "2027-02"}))

    assert fact(page, "month") == "Februari 2027"
    assert fact(page, "participants") == "4"
    assert fact(page, "per_participant").startswith("Rp 16.800")
    assert fact(page, "total") == "Rp 67.200"
    assert not Job.objects.exists() and not Tagihan.objects.exists()

    confirmed(manager(), url, {"bulan": "2027-02"})
    job = Job.objects.get()
    assert (job.handler, job.params["month"]) == (BILLING, "2027-02")


def test_billing_again_shows_what_is_already_billed(tmp_path):
    from jaring.contributions.billing import bill_month
    from jaring.core.months import month_start

    program = approved_program(months=3)
    enrol_all(program, tmp_path)
    bill_month(user=admin(), program=program, month=month_start(program.bulan_mulai))

    page = page_after(
        manager().post(
            reverse("contributions:billing_run", args=[program.pk]), {"bulan": "2027-01"}
        )
    )

    assert fact(page, "already") == "5"
    assert fact(page, "added") == "0 peserta · Rp 0"
    assert "sudah ditagih" in page
    assert Iuran.objects.count() == 5


def test_a_second_billing_while_one_runs_says_which_month_and_since_when(tmp_path):
    program = approved_program(months=3)
    enrol_all(program, tmp_path)
    url = reverse("contributions:billing_run", args=[program.pk])
    confirmed(manager(), url, {"bulan": "2027-03"})

    response = manager().post(url, {"bulan": "2027-02"}, follow=True)
    page = page_after(response)

    assert "Penagihan bulan Maret 2027 sedang berjalan sejak" in page
    assert "tunggu hingga selesai" in page
    assert 'id="billing-busy"' in page and "disabled>" in page.split('id="billing-form"')[1][:600]
    assert Job.objects.count() == 1 and not Tagihan.objects.exists()

    renewal = manager().post(reverse("enrollment:renewal", args=[program.pk]), {}, follow=True)
    assert "Penagihan bulan Maret 2027 sedang berjalan sejak" in page_after(renewal)
    assert Program.objects.count() == 1
    enrolment = page_after(manager().get(reverse("enrollment:program", args=[program.pk])))
    assert 'id="renew" disabled' in enrolment and 'id="renewal-busy"' in enrolment


def test_the_database_holds_one_active_job_per_object():
    start_job(jenis="Penagihan", handler=BILLING, target="iuran:1", params={"month": "2027-01"})

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(jenis="Penagihan", handler=BILLING, target="iuran:1")
    Job.objects.update(status=JobStatus.DONE)
    Job.objects.create(jenis="Penagihan", handler=BILLING, target="iuran:1")
    assert Job.objects.count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once need PostgreSQL (SQLite takes one writer at a time)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_billings_started_at_the_same_moment_make_one_job():
    """Each request checks for a running job before either has committed its own: the
    unique constraint makes the second wait for the first and hand back its job."""
    inserted, results = threading.Event(), {}

    def first():
        with transaction.atomic():
            results["first"] = start_job(
                jenis="Penagihan", handler=BILLING, target="iuran:9", params={"month": "2027-01"}
            )
            inserted.set()
            threading.Event().wait(0.5)  # the second request arrives now
        connection.close()

    def second():
        inserted.wait()
        results["second"] = start_job(
            jenis="Penagihan", handler=BILLING, target="iuran:9", params={"month": "2027-01"}
        )
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Job.objects.filter(target="iuran:9").count() == 1
    assert results["second"].pk == results["first"].pk
    assert (results["first"].already_running, results["second"].already_running) == (False, True)


# --- Renewal --------------------------------------------------------------------------


def test_renewal_is_confirmed_with_who_continues_and_the_next_year_before_anything_changes(
    tmp_path,
):
    program = approved_program(months=3)
    enrol_all(program, tmp_path, reject=1)
    url = reverse("enrollment:renewal", args=[program.pk])

    page = page_after(manager().post(url, {"kode": "P-2027B"}))

    assert fact(page, "kode") == "P-2027B"
    assert fact(page, "persons") == "4"
    assert fact(page, "months") == "April 2027 – Juni 2027 (3 bulan)"
    assert fact(page, "total") == "Rp 201.600"  # 4 × 3 × Rp 16.800
    assert fact(page, "leaving") == "Pendaftaran ditolak BPJS 1"
    program.refresh_from_db()
    assert Program.objects.count() == 1 and program.status != StatusProgram.SELESAI

    confirmed(manager(), url, {"kode": "P-2027B"})
    program.refresh_from_db()
    assert program.status == StatusProgram.SELESAI
    assert Program.objects.get(pendahulu=program).kode == "P-2027B"
