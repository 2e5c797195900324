"""The worker's own data report (UU PDP): everything Jaring holds about one worker —
identity, sources, programmes, contributions, claims, complaints, and who looked — in a
PDF the office prints for the worker, read back here as the worker would read it."""

import datetime as dt
import sys
from pathlib import Path

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
from billing_world import admin, approved_program, enrol_all, user

from jaring.accounts.audit import log_access, nik_log_detail
from jaring.accounts.models import AccessAction, AccessLog, Role
from jaring.contributions.billing import bill_month
from jaring.contributions.models import Tagihan
from jaring.contributions.payments import record_payment
from jaring.enrollment.models import Peserta
from jaring.pdp import report
from jaring.pengaduan.services import file_complaint
from jaring.registry.models import Person, SourceRecord
from jaring.registry.services import correct_person

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 1)


def text_of(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return " ".join(text.split())


@pytest.fixture
def worker(tmp_path):
    """A participant billed for two months, the first paid; a complaint; views of their
    page, a search for their NIK, and a view of somebody else's page."""
    program = approved_program(per_regency={"64.71": 3}, quota={"64.71": 2}, months=12,
                               start=START)  # fmt: skip
    enrol_all(program, tmp_path, bulan_pertama=START)
    peserta = Peserta.objects.filter(program=program).select_related("person").first()
    Person.objects.filter(pk=peserta.person_id).update(nama="Siti Aminah Rahayu")
    person = Person.objects.get(pk=peserta.person_id)
    boss = admin()
    for month in (START, dt.date(2026, 2, 1)):
        bill_month(user=boss, program=program, month=month)
    first = Tagihan.objects.get(program=program, bulan=START)
    record_payment(user=boss, tagihan=first, jumlah=first.jumlah, tanggal=START,
                   referensi="SP2D-1")  # fmt: skip
    complaint = file_complaint(
        person=person, jenis="data_salah", uraian="Alamat saya salah", kanal="web"
    )
    correct_person(
        person=person,
        changes={"alamat": "Jl. Nelayan 7"},
        keterangan=f"pengaduan {complaint.nomor}",
    )
    person.refresh_from_db()
    viewer = user("verif.bpn", Role.VERIFIER, "64.71")
    viewer.first_name, viewer.last_name = "Rina", "Verifikator"
    viewer.save()
    log_access(viewer, AccessAction.VIEW_PERSON, f"pekerja:{person.pk}")
    log_access(viewer, AccessAction.SEARCH_NIK, "pencarian", detail=nik_log_detail(person.nik))
    other = Person.objects.exclude(pk=person.pk).first()
    stranger = user("bpjs.bpn", Role.BPJS, "64.71")
    log_access(stranger, AccessAction.VIEW_PERSON, f"pekerja:{other.pk}")
    return person, peserta, viewer, stranger


def test_the_report_holds_everything_about_the_worker_and_nothing_about_others(worker):
    person, peserta, viewer, _ = worker

    text = text_of(report.pdf(report.build(person, viewer)))

    assert "Laporan Data Pribadi Pekerja" in text
    assert person.nik in text and "Siti Aminah Rahayu" in text  # whole: it is theirs
    source = SourceRecord.objects.get(person=person)
    assert source.keterangan in text  # where the data came from: here, a correction
    assert "Jl. Nelayan 7" in text
    assert peserta.program.nama in text and peserta.kpj in text
    assert "Terpilih" in text  # the selection outcome
    first = Tagihan.objects.get(program=peserta.program, bulan=START)
    share = f"{first.tarif_peserta:,}".replace(",", ".")
    assert "01/2026" in text and "02/2026" in text and f"Rp {share}" in text
    assert "Pengaduan" in text and "Data saya salah" in text
    assert "Rina Verifikator" in text  # who looked
    assert "Mencari dengan NIK" in text and "Melihat data pekerja" in text
    assert "bpjs.bpn" not in text  # looked at somebody else


def test_printing_it_is_allowed_to_the_region_office_and_logged(worker, settings, tmp_path):
    person, _, viewer, stranger = worker
    url = reverse("personal_report", args=[person.pk])
    office, elsewhere, bpjs = Client(), Client(), Client()
    office.force_login(viewer)
    elsewhere.force_login(user("verif.smd", Role.VERIFIER, "64.72"))
    bpjs.force_login(stranger)

    done = office.get(url)

    assert done.status_code == 200
    assert done["Content-Type"] == "application/pdf"
    assert person.nik in text_of(done.content)
    assert AccessLog.objects.filter(
        user=viewer, action=AccessAction.PERSONAL_REPORT, target=f"pekerja:{person.pk}"
    ).exists()
    assert elsewhere.get(url).status_code == 404  # out of region: no sign the worker exists
    assert bpjs.get(url).status_code == 403  # sees the page, not the whole report
    assert not AccessLog.objects.filter(action=AccessAction.PERSONAL_REPORT, user=stranger).exists()


def test_the_page_offers_it_only_to_those_who_may_print_it(worker):
    person, _, viewer, stranger = worker
    page = reverse("registry:detail", args=[person.pk])
    office, bpjs = Client(), Client()
    office.force_login(viewer)
    bpjs.force_login(stranger)

    assert b'id="personal-report"' in office.get(page).content
    assert b'id="personal-report"' not in bpjs.get(page).content
