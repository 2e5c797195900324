"""The enrolment, billing, payment and claims pages through the real views: each step
a user takes, with what they may and may not see."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from billing_world import START, admin, approved_program, kpj, response_csv
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from confirming import confirmed
from jaring.accounts.models import AccessLog, Role, User
from jaring.contributions.models import Pembayaran, Tagihan
from jaring.enrollment.models import BatchPendaftaran, Peserta, StatusPendaftaran
from jaring.jobs.models import Job
from jaring.jobs.services import run_job
from jaring.programs.models import Amandemen, Penerima

sys.path.insert(0, str(Path(__file__).parent))

pytestmark = pytest.mark.django_db


def client_for(role: str, wilayah: str | None = "64") -> Client:
    if role == "admin":
        user = admin()
    else:
        user = User.objects.create_user(f"{role}-{wilayah}", None, None, role=role,
                                        wilayah_id=wilayah)  # fmt: skip
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def program():
    return approved_program(months=3)


def test_whole_flow_through_the_pages(program, tmp_path):
    manager = client_for(Role.MANAGER)
    finance = client_for(Role.FINANCE)

    page = manager.get(reverse("enrollment:program", args=[program.pk]))
    assert page.status_code == 200 and b"batch-form" in page.content
    confirmed(
        manager, reverse("enrollment:batch_create", args=[program.pk]), {"bulan_pertama": "2027-01"}
    )
    batch = BatchPendaftaran.objects.get(program=program)

    download = manager.get(reverse("enrollment:download", args=[batch.nomor, "xlsx"]))
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert AccessLog.objects.filter(target=batch.nomor, action="ekspor_pekerja").exists()

    people = list(batch.peserta.select_related("person").order_by("nomor_urut"))
    rows = [[p.person.nik, p.person.nama, kpj(p.pk), "DITERIMA", ""] for p in people[1:]]
    rows.insert(0, [people[0].person.nik, people[0].person.nama, "", "DITOLAK", "NIK ganda"])
    path = response_csv(tmp_path / "r.csv", rows)
    upload = SimpleUploadedFile("respons.csv", path.read_bytes(), content_type="text/csv")
    response = manager.post(reverse("enrollment:response_upload", args=[program.pk]),
                            {"file": upload, "ganti": "on"}, follow=True)  # fmt: skip
    assert response.status_code == 200
    assert b'data-count="ditolak">1<' in response.content
    assert b'data-count="diganti">1<' in response.content
    # The replacement is an amendment waiting for a second manager (two-person rule).
    amendment = Amandemen.objects.get(program=program)
    assert amendment.status == "menunggu" and amendment.created_by.role == Role.MANAGER
    second = client_for(Role.MANAGER, "64.71")  # Balikpapan's manager cannot: a province's
    decide = reverse("programs:decide_amendment", args=[program.pk, amendment.nomor])
    assert second.post(decide, {"aksi": "setujui"}).status_code == 403
    client_for("admin").post(decide, {"aksi": "setujui"})
    amendment.refresh_from_db()
    assert amendment.status == "berlaku"
    assert Penerima.objects.filter(amandemen_masuk=amendment).count() == 1

    confirmed(
        finance, reverse("contributions:billing_run", args=[program.pk]), {"bulan": "2027-01"}
    )
    job = Job.objects.get(target=f"iuran:{program.pk}")
    assert run_job(job.pk).status == "selesai"
    page = finance.get(reverse("contributions:program", args=[program.pk]))
    assert (
        b"TG-P-202701-APBDPROVINSI" in page.content
        and b'id="reconciliation" class="ok"' in page.content
    )

    invoice = Tagihan.objects.get(program=program, bulan=START)
    paid = finance.post(
        reverse("contributions:invoice", args=[invoice.nomor]),
        {"jumlah": "30.000", "tanggal": dt.date.today().isoformat(), "referensi": "SP2D/01"},
        follow=True,
    )
    assert b"Pembayaran dicatat" in paid.content
    invoice.refresh_from_db()
    assert (invoice.dibayar, invoice.tunggakan) == (30_000, 4 * 16_800 - 30_000)

    arrears = finance.get(reverse("contributions:arrears", args=[program.pk]), {"per": "2027-02"})
    assert arrears.status_code == 200
    html = arrears.content.decode()
    assert "6471******" in html  # finance sees masked NIKs
    assert people[1].person.nik not in html


def test_payment_form_refuses_overpayment_with_the_reason(program, tmp_path):
    from billing_world import enrol_all

    from jaring.contributions.billing import bill_month

    enrol_all(program, tmp_path)
    bill_month(user=admin(), program=program, month=START)
    invoice = Tagihan.objects.get(program=program, bulan=START)
    finance = client_for(Role.FINANCE)

    page = finance.post(
        reverse("contributions:invoice", args=[invoice.nomor]),
        {"jumlah": "999999999", "tanggal": dt.date.today().isoformat(), "referensi": "X"},
    )

    assert "melebihi sisa tagihan" in page.content.decode()
    assert not Pembayaran.objects.exists()


@pytest.mark.parametrize(
    ("role", "wilayah", "enrolment", "billing", "pay", "claims_list"),
    [
        (Role.MANAGER, "64", 200, 200, True, True),
        (Role.BPJS, "64", 200, 200, False, True),
        (Role.FINANCE, "64", 403, 200, True, False),
        (Role.VIEWER, "64", 403, 200, False, False),
        (Role.VERIFIER, "64.71", 403, 200, False, False),
        (Role.OPERATOR, "64.71", 403, 403, False, False),
    ],
)
def test_who_sees_what(program, tmp_path, role, wilayah, enrolment, billing, pay, claims_list):
    from billing_world import enrol_all

    from jaring.contributions.billing import bill_month

    enrol_all(program, tmp_path)
    bill_month(user=admin(), program=program, month=START)
    invoice = Tagihan.objects.get(program=program, bulan=START)
    client = client_for(role, wilayah)

    assert client.get(reverse("enrollment:program", args=[program.pk])).status_code == enrolment
    assert client.get(reverse("contributions:program", args=[program.pk])).status_code == billing
    page = client.get(reverse("contributions:invoice", args=[invoice.nomor]))
    assert page.status_code == billing
    if billing == 200:
        assert (b"payment-form" in page.content) == pay
        claims = client.get(reverse("claims:index"))
        assert claims.status_code == 200
        assert (b'id="claims"' in claims.content) == claims_list


def test_a_move_reported_on_the_page_ends_cover_after_that_month(program, tmp_path):
    from billing_world import enrol_all

    from jaring.contributions.billing import bill_month
    from jaring.contributions.models import Iuran

    enrol_all(program, tmp_path)
    for month in (START, dt.date(2027, 2, 1)):
        bill_month(user=admin(), program=program, month=month)
    peserta = Peserta.objects.filter(program=program).first()
    bpjs = client_for(Role.BPJS)
    url = reverse("enrollment:end", args=[peserta.pk])
    assert bpjs.get(url).status_code == 200

    bpjs.post(url, {"alasan": "pindah", "tanggal": "2027-01-15", "keterangan": "Ke Sulsel"})

    peserta.refresh_from_db()
    assert (peserta.alasan_berakhir, peserta.bulan_akhir) == ("pindah", START)
    assert not Iuran.objects.filter(peserta=peserta, tagihan__bulan=dt.date(2027, 2, 1)).exists()
    finance = client_for(Role.FINANCE)
    assert finance.get(url).status_code == 403
    city_bpjs = client_for(Role.BPJS, "64.72")
    if peserta.kode_kabupaten != "64.72":
        assert city_bpjs.get(url).status_code == 404


def test_a_bpjs_officer_imports_a_claim_report_on_the_page(program, tmp_path):
    from billing_world import enrol_all

    from jaring.claims.models import Klaim

    enrol_all(program, tmp_path)
    dead = Peserta.objects.filter(program=program, status=StatusPendaftaran.DITERIMA).first()
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    report = (
        "KPJ,Jenis Klaim,Tanggal Kejadian,Tanggal Bayar,Jumlah,Ahli Waris\n"
        f"{dead.kpj},JKM,2025-12-01,{yesterday},42000000,Istri\n"
    ).encode()
    bpjs = client_for(Role.BPJS)

    response = bpjs.post(reverse("claims:index"), {"file": SimpleUploadedFile("klaim.csv", report)})

    assert response.status_code == 302
    claim = Klaim.objects.get()
    assert (claim.peserta_id, claim.jumlah) == (dead.pk, 42_000_000)
    assert bpjs.get(response["Location"]).status_code == 200


def test_a_renewal_code_too_long_is_refused_not_replaced(program, tmp_path):
    from billing_world import enrol_all

    from jaring.programs.models import Program

    enrol_all(program, tmp_path)
    manager = client_for(Role.MANAGER)

    response = manager.post(
        reverse("enrollment:renewal", args=[program.pk]), {"kode": "K" * 41}, follow=True
    )

    assert Program.objects.count() == 1  # no next year opened under another code
    assert "40" in response.content.decode()  # the form's reason: at most 40 characters
