"""The proposal for next year's budget (programs.proposal): per regency/city, month and
funder, priced as billing prices the same workers, with the rules that shaped it named;
downloadable from the budget page as PDF and XLSX, in the reader's scope."""

import datetime as dt
import io
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from billing_world import admin, approved_program, enrol_all, user
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jaring.accounts.models import Role
from jaring.contributions.billing import bill_month
from jaring.contributions.models import Tagihan, TagihanWilayah
from jaring.enrollment.models import Peserta
from jaring.programs import proposal
from jaring.programs.models import Tarif
from jaring.registry.models import Person

pytestmark = pytest.mark.django_db
JAN, APR = dt.date(2026, 1, 1), dt.date(2026, 4, 1)
SHARES = {"apbd_provinsi": Decimal(60), "csr": Decimal(40)}
PER_REGENCY = {"64.71": 4, "64.72": 3}  # three and two places: five participants


@pytest.fixture
def program(tmp_path):
    program = approved_program(
        start=JAN, months=12, pendana=SHARES, kode="USUL", per_regency=PER_REGENCY
    )
    enrol_all(program, tmp_path, bulan_pertama=JAN)
    # Two market traders, the rest ojek drivers (transport: relief from January 2026).
    for peserta in Peserta.objects.filter(program=program).order_by("nomor_urut")[:2]:
        Person.objects.filter(pk=peserta.person_id).update(pekerjaan_id="pedagang_pasar")
    return program


def test_each_regency_month_and_funder_is_what_billing_invoices(program):
    usulan = proposal.build(admin(), program, mulai=JAN, months=4)
    for month in (JAN, APR):
        bill_month(user=admin(), program=program, month=month)
        for pendana in SHARES:
            invoice = Tagihan.objects.get(program=program, bulan=month, pendana=pendana)
            assert usulan.total(pendana, month) == invoice.jumlah
            for part in TagihanWilayah.objects.filter(tagihan=invoice):
                regency = next(k for k in usulan.kabupaten if k.kode == part.kode_kabupaten)
                assert regency.jumlah[(month, pendana)] == part.jumlah
                assert regency.pekerja == part.peserta
    assert usulan.sumber == proposal.FROM_BENEFICIARIES
    assert usulan.pekerja == 5
    assert usulan.total() == sum(usulan.total(p) for p in SHARES)
    assert usulan.total() == sum(usulan.total(bulan=m) for m in usulan.bulan)


def test_the_relief_is_on_the_non_state_share_and_its_legal_basis_is_cited(program):
    usulan = proposal.build(admin(), program, mulai=JAN, months=4)

    # January: only the three ojek drivers' CSR share is relieved; April: all five.
    csr_jkk_jkm = 16_800 * 40 // 100  # 6,720, whose half is the relief
    assert usulan.keringanan(JAN) == 3 * csr_jkk_jkm // 2
    assert usulan.keringanan(APR) == 5 * csr_jkk_jkm // 2
    assert all(k.keringanan.get((m, "apbd_provinsi"), 0) == 0 for k in usulan.kabupaten
               for m in usulan.bulan)  # fmt: skip
    applied = [d.isi for d in usulan.dasar if d.judul == "Penyesuaian tarif" and d.diterapkan]
    assert len(applied) == 2 and all("PP 50/2025" in text for text in applied)
    tariff = Tarif.objects.get()
    assert any(tariff.dasar_hukum in d.isi for d in usulan.dasar if d.judul == "Tarif iuran BPU")


def test_a_state_funded_programme_gets_no_relief_and_says_why(tmp_path):
    program = approved_program(start=JAN, months=12, kode="NEGARA", per_regency=PER_REGENCY)
    enrol_all(program, tmp_path, bulan_pertama=JAN)

    usulan = proposal.build(admin(), program, mulai=APR, months=3)

    assert usulan.keringanan() == 0
    assert usulan.total() == 5 * 16_800 * 3
    skipped = [d for d in usulan.dasar if d.judul == "Penyesuaian tarif"]
    assert skipped and not any(d.diterapkan for d in skipped)


def test_before_the_list_is_approved_the_allocated_places_are_counted(program):
    program.penerima.all().delete()  # as if not yet approved: no beneficiaries
    Peserta.objects.filter(program=program).delete()

    usulan = proposal.build(admin(), program, mulai=JAN, months=1)

    assert usulan.sumber == proposal.FROM_QUOTAS
    assert {k.kode: k.pekerja for k in usulan.kabupaten} == {"64.71": 3, "64.72": 2}


def test_a_regency_user_gets_their_regency_only(program):
    balikpapan = user("pengelola.bpn", Role.MANAGER, "64.71")

    usulan = proposal.build(balikpapan, program, mulai=JAN, months=2)

    assert [k.kode for k in usulan.kabupaten] == ["64.71"]
    assert usulan.pekerja == 3


def test_the_default_is_next_januarys_twelve_months(program):
    usulan = proposal.build(admin(), program)

    assert usulan.bulan[0] == dt.date(dt.date.today().year + 1, 1, 1)
    assert len(usulan.bulan) == 12


def test_the_budget_page_downloads_the_pdf_and_xlsx(program):
    client = Client()
    client.force_login(admin())
    page = client.get(reverse("programs:budget"))
    assert b'id="usulan"' in page.content and b"USUL" in page.content

    url = reverse("programs:budget_proposal")
    query = {"program": "USUL", "mulai": "2026-01", "bulan": "12"}
    pdf = client.get(url, {**query, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.get_textpage().get_text_range() for page in pdf_pages(pdf.content))
    assert "USULAN ANGGARAN IURAN TAHUN 2026" in text
    assert "Kota Balikpapan" in text and "PP 50/2025" in text

    xlsx = client.get(url, {**query, "format": "xlsx"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    assert book.sheet_names == ["Ringkasan", "Per kabupaten-kota", "Per bulan", "Rinci"]
    detail = book.get_sheet_by_name("Rinci").to_python()
    usulan = proposal.build(admin(), program, mulai=JAN, months=12)
    assert len(detail) == 1 + 2 * 12 * 2  # header + regencies × months × funders
    assert sum(int(row[5]) for row in detail[1:]) == usulan.total()


def test_a_wrong_choice_comes_back_to_the_page_with_the_reason(program):
    client = Client()
    client.force_login(admin())
    url = reverse("programs:budget_proposal")

    wrong = client.get(url, {"program": "USUL", "bulan": "40", "format": "pdf"})
    assert wrong.status_code == 200 and wrong["Content-Type"].startswith("text/html")
    assert "36" in wrong.content.decode()

    Tarif.objects.all().delete()
    no_tariff = client.get(url, {"program": "USUL", "bulan": "12", "format": "pdf"})
    assert no_tariff.status_code == 200
    assert "Tidak ada tarif iuran" in no_tariff.content.decode()


def test_a_programme_outside_the_users_region_cannot_be_chosen(program):
    other = user("pengelola.sulbar", Role.MANAGER, "76")
    client = Client()
    client.force_login(other)

    answer = client.get(
        reverse("programs:budget_proposal"), {"program": "USUL", "bulan": "12", "format": "pdf"}
    )

    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    assert b"USULAN" not in answer.content


def pdf_pages(content: bytes):
    document = pdfium.PdfDocument(content)
    return [document[i] for i in range(len(document))]


def test_a_component_split_names_each_funders_part(tmp_path):
    """APBD pays JKK, the worker JKM: the proposal shows both parts, as billing splits
    them (the worker's part is not on a government invoice, but it is what they owe)."""
    program = approved_program(
        start=JAN, months=12, kode="KOMP", per_regency=PER_REGENCY,
        pendana={"apbd_provinsi": Decimal(100)}, komponen={"jkm": {"mandiri": Decimal(100)}},
    )  # fmt: skip
    enrol_all(program, tmp_path, bulan_pertama=JAN)

    usulan = proposal.build(admin(), program, mulai=dt.date(2027, 4, 1), months=2)

    assert usulan.pendana == ["apbd_provinsi", "mandiri"]
    assert usulan.total("apbd_provinsi") == 5 * 10_000 * 2
    assert usulan.total("mandiri") == 5 * 6_800 * 2
    assert usulan.porsi == {"apbd_provinsi": "100%", "mandiri": "JKM 100%"}
    assert usulan.state_total == usulan.total("apbd_provinsi")  # the worker's part is not APBD


def test_the_programme_page_splits_its_budget_by_component_too():
    from jaring.programs.forms import program_figures
    from jaring.programs.program_views import funder_split

    program = approved_program(
        start=JAN, months=12, kode="KOMP2", per_regency=PER_REGENCY,
        pendana={"apbd_provinsi": Decimal(100)}, komponen={"jkm": {"mandiri": Decimal(100)}},
    )  # fmt: skip

    split = funder_split(program, 10)

    assert [row["rupiah"] for row in split] == [10 * 12 * 10_000, 10 * 12 * 6_800]
    assert sum(row["rupiah"] for row in split) == 10 * program_figures(program)["biaya_per_orang"]
    assert [row["persen"] for row in split] == [Decimal("59.52"), Decimal("40.48")]
