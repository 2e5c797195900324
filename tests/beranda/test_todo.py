"""Each role's to-do list on the home page: every item counts real work in the user's
region and goes away when the work is done, through the same services the pages use."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
sys.path.insert(0, str(Path(__file__).parent.parent / "web"))
from billing_world import admin, approved_program, enrol_all
from intake_samples import MIXED_ROWS, write_csv
from programs_world import make_people, make_program
from web_world import make_pair, make_user

from jaring.accounts.models import Role
from jaring.beranda.todo import items_for
from jaring.contributions.billing import bill_month
from jaring.contributions.lifecycle import end_participation
from jaring.contributions.payments import record_payment
from jaring.core.months import add_months, month_start
from jaring.enrollment.models import Peserta
from jaring.enrollment.responses import import_response
from jaring.enrollment.services import create_batch, replace_rejected
from jaring.intake.models import Submission
from jaring.intake.services import intake_file
from jaring.matching.services import decide_pair
from jaring.programs import services as programs
from jaring.programs.models import Seleksi
from jaring.programs.selection import run_selection
from jaring.registry.services import add_agency
from jaring.sheet_guard import UnusableFile

pytestmark = pytest.mark.django_db
THIS_MONTH = month_start(timezone.localdate())
# A province programme whose cover began three months ago.
STARTED = add_months(THIS_MONTH, -3)


def todo(user) -> dict[str, object]:
    """The user's items by kind."""
    return {item.key: item for item in items_for(user)}


def counts(user) -> dict[str, int]:
    return {key: item.count for key, item in todo(user).items()}


# --- Operator ---------------------------------------------------------------------


def test_operator_fixes_rejected_rows_of_their_own_agency_only(tmp_path):
    bpn = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    smd = add_agency(kode="DINSOS-6472", nama="Dinsos Samarinda", wilayah_kode="64.72")
    operator = make_user("op.bpn", Role.OPERATOR, "64.71", bpn)
    other = make_user("op.smd", Role.OPERATOR, "64.72", smd)
    assert counts(operator) == {}

    result = intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=bpn, user=operator)
    assert result.rejected == 12
    item = todo(operator)["baris_ditolak"]
    assert item.count == 1
    assert item.detail == "12 baris ditolak, dalam 30 hari terakhir"
    assert item.url == "/pengajuan/?perlu=perbaikan"
    assert counts(other) == {}  # another agency's file is not their work

    # A month later the file is no longer on the list (the corrected rows came anew).
    Submission.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    assert counts(operator) == {}


def test_a_failed_upload_is_listed_first_and_the_list_page_filters_it(tmp_path):
    bpn = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    operator = make_user("op.bpn", Role.OPERATOR, "64.71", bpn)
    intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=bpn, user=operator)
    broken = tmp_path / "rusak.csv"
    broken.write_text("bukan,judul,yang,dikenal\n1,2,3,4\n", encoding="utf-8")
    with pytest.raises(UnusableFile):  # the failed submission stays on record
        intake_file(path=broken, agency=bpn, user=operator)
    items = items_for(operator)
    assert [i.key for i in items] == ["unggahan_gagal", "baris_ditolak"]
    assert items[0].urgent and items[0].url == "/pengajuan/?perlu=gagal"

    client = Client()
    client.force_login(operator)
    failed = client.get("/pengajuan/?perlu=gagal").content.decode()
    assert "rusak.csv" in failed and "a.csv" not in failed
    to_fix = client.get("/pengajuan/?perlu=perbaikan").content.decode()
    assert "a.csv" in to_fix and "rusak.csv" not in to_fix


# --- Verifier ---------------------------------------------------------------------


def _persons(regencies: dict[str, int], first_nik=6471010100000000):
    from billing_world import BORN

    people = [(r, BORN, "ojek", None) for r, k in regencies.items() for _ in range(k)]
    return make_people(people, first_nik=first_nik)


def test_deciding_a_pair_takes_it_off_the_verifiers_list_and_cities_stay_apart():
    bpn = _persons({"64.71": 2})
    smd = _persons({"64.72": 2}, first_nik=6472010100000000)
    make_pair(*bpn)
    make_pair(*smd)
    verifier_bpn = make_user("v.bpn", Role.VERIFIER, "64.71")
    verifier_smd = make_user("v.smd", Role.VERIFIER, "64.72")
    item = todo(verifier_bpn)["pasangan"]
    assert item.count == 1 and item.url == "/pencocokan/tinjau/"
    assert item.text.startswith("1 pasangan data menunggu keputusan Anda")
    assert counts(verifier_smd) == {"pasangan": 1}

    pair = make_pair(bpn[0], _persons({"64.71": 1}, first_nik=6471010200000000)[0])
    assert counts(verifier_bpn) == {"pasangan": 2}
    decide_pair(pair=pair, user=verifier_bpn, same=False)
    assert counts(verifier_bpn) == {"pasangan": 1}
    assert counts(verifier_smd) == {"pasangan": 1}


def test_each_regency_verifies_its_own_list_of_a_province_programme():
    _persons({"64.71": 3, "64.72": 2})
    program = make_program(kode="PROV", kuota_total=4)
    manager = admin()
    programs.save_program(user=manager, program=program)
    verifier_bpn = make_user("v.bpn", Role.VERIFIER, "64.71")
    verifier_smd = make_user("v.smd", Role.VERIFIER, "64.72")
    assert counts(verifier_bpn) == {}  # not selected yet: nothing to verify

    run_selection(program, user=manager, as_of=program.bulan_mulai)
    assert counts(verifier_bpn) == {"verifikasi": 1}
    assert counts(verifier_smd) == {"verifikasi": 1}
    assert todo(verifier_bpn)["verifikasi"].url == f"/program/{program.pk}/#alur"

    programs.verify_region(user=verifier_bpn, program=program, kode="64.71")
    assert counts(verifier_bpn) == {}
    assert counts(verifier_smd) == {"verifikasi": 1}


# --- Programme manager ------------------------------------------------------------


def test_the_managers_list_follows_the_programme_step_by_step():
    _persons({"64.71": 3, "64.72": 2})
    manager = make_user("pengelola", Role.MANAGER, "64")
    city_manager = make_user("pengelola.smd", Role.MANAGER, "64.72")
    program = make_program(kode="PROV", kuota_total=4)
    programs.save_program(user=manager, program=program)
    assert counts(manager) == {"seleksi": 1}
    assert counts(city_manager) == {}  # a province programme is the province's to run

    run_selection(program, user=manager, as_of=program.bulan_mulai)
    assert counts(manager) == {}  # the regencies verify first
    for kode in ("64.71", "64.72"):
        programs.verify_region(user=admin(), program=program, kode=kode)
    # Whoever ran the selection does not approve it: another manager's work.
    assert counts(manager) == {}
    assert counts(make_user("pengelola.2", Role.MANAGER, "64")) == {"persetujuan": 1}

    # A verifier strikes someone: the selection must run again before approval.
    verifier = make_user("v.bpn", Role.VERIFIER, "64.71")
    struck = Seleksi.objects.filter(program=program, terpilih=True, kode_kabupaten="64.71").first()
    programs.strike(user=verifier, program=program, person_id=struck.person_id, alasan="Pindah")
    assert counts(manager) == {"seleksi_ulang": 1}
    # Run again by someone else: whoever ran the selection does not approve it.
    run_selection(program, user=admin(), as_of=program.bulan_mulai)
    for kode in ("64.71", "64.72"):
        programs.verify_region(user=admin(), program=program, kode=kode)
    assert counts(manager) == {"persetujuan": 1}
    programs.approve(user=manager, program=program)
    assert counts(manager) == {"sk": 1}
    programs.issue_decree(
        user=manager, program=program, nomor_sk="1/2027", tanggal_sk=THIS_MONTH,
        tempat="Samarinda", jabatan="Gubernur", nama="Gubernur",
    )  # fmt: skip
    assert counts(manager) == {}


def test_batches_waiting_for_bpjs_and_rejected_persons_to_replace(tmp_path):
    program = approved_program(
        per_regency={"64.71": 3, "64.72": 3}, quota={"64.71": 2, "64.72": 2}, start=STARTED
    )
    manager = make_user("pengelola", Role.MANAGER, "64")
    bpjs = make_user("bpjs", Role.BPJS, "64")
    bpjs_bpn = make_user("bpjs.bpn", Role.BPJS, "64.71")
    batch = create_batch(user=admin(), program=program, bulan_pertama=STARTED)
    item = todo(manager)["batch"]
    assert item.count == 1 and item.detail == "4 peserta menunggu nomor KPJ"
    assert item.url == f"/pendaftaran/{program.pk}/?status=dikirim"
    assert "menunggu jawaban Anda" in todo(bpjs)["batch"].text
    assert todo(bpjs_bpn) == {}  # a province programme is answered at the province office

    # BPJS answers Balikpapan's two (one rejected); Samarinda's still wait.
    from billing_world import kpj, response_csv

    rows = []
    for p in batch.peserta.select_related("person").filter(kode_kabupaten="64.71"):
        accepted = p.nomor_urut != 1
        rows.append([p.person.nik, p.person.nama, kpj(p.person_id) if accepted else "",
                     "DITERIMA" if accepted else "DITOLAK", "" if accepted else "NIK tidak padan"])  # fmt: skip
    import_response(user=admin(), program=program, path=response_csv(tmp_path / "r.csv", rows))
    assert todo(bpjs)["batch"].detail == "2 peserta menunggu nomor KPJ"
    assert counts(manager)["ganti_ditolak"] == 1
    assert todo(manager)["ganti_ditolak"].url == f"/pendaftaran/{program.pk}/?status=ditolak"

    replace_rejected(user=manager, program=program)
    assert "ganti_ditolak" not in todo(manager)


# --- Finance ----------------------------------------------------------------------


def test_finance_sees_unpaid_invoices_in_rupiah_for_its_own_regency(tmp_path):
    program = approved_program(
        per_regency={"64.71": 2, "64.72": 1}, quota={"64.71": 2, "64.72": 1}, start=STARTED
    )
    enrol_all(program, tmp_path, bulan_pertama=STARTED)
    finance = make_user("keuangan", Role.FINANCE, "64")
    finance_bpn = make_user("keuangan.bpn", Role.FINANCE, "64.71")
    assert counts(finance) == {"belum_ditagih": 4}  # three months gone and this one
    assert todo(finance)["belum_ditagih"].urgent

    result = bill_month(user=admin(), program=program, month=STARTED)
    per_person = result.per_peserta
    assert counts(finance)["belum_ditagih"] == 3
    late = todo(finance)["tagihan_terlambat"]
    assert (late.count, late.rupiah) == (1, 3 * per_person)
    assert late.url == f"/iuran/{program.pk}/"
    # Balikpapan's share only: two of the three participants live there.
    assert todo(finance_bpn)["tagihan_terlambat"].rupiah == 2 * per_person

    bill_month(user=admin(), program=program, month=THIS_MONTH)
    assert counts(finance)["tagihan_belum_lunas"] == 1  # this month's is not due yet

    from jaring.contributions.models import Tagihan

    invoice = Tagihan.objects.get(program=program, bulan=STARTED)
    record_payment(
        user=admin(), tagihan=invoice, jumlah=invoice.jumlah, tanggal=THIS_MONTH, referensi="SP2D-1"
    )
    assert "tagihan_terlambat" not in todo(finance)


def test_payments_waiting_for_a_second_officer_are_the_other_officers_work(tmp_path, settings):
    program = approved_program(per_regency={"64.71": 2}, quota={"64.71": 2}, start=STARTED)
    enrol_all(program, tmp_path, bulan_pertama=STARTED)
    bill_month(user=admin(), program=program, month=STARTED)
    from jaring.contributions.models import Tagihan
    from jaring.contributions.payments import confirm_payment

    settings.JARING_PAYMENT_CONFIRM_ABOVE = 1_000
    recorder = make_user("keuangan", Role.FINANCE, "64")
    other = make_user("keuangan.2", Role.FINANCE, "64")
    invoice = Tagihan.objects.get(program=program, bulan=STARTED)
    payment, _ = record_payment(
        user=recorder, tagihan=invoice, jumlah=5_000, tanggal=THIS_MONTH, referensi="SP2D-9"
    )
    assert "konfirmasi_pembayaran" not in todo(recorder)  # not their own
    item = todo(other)["konfirmasi_pembayaran"]
    assert (item.count, item.rupiah) == (1, 5_000)
    assert item.text == "1 pembayaran menunggu konfirmasi Anda"
    assert item.url == f"/iuran/tagihan/{invoice.nomor}/"

    confirm_payment(user=other, pembayaran=payment)
    assert "konfirmasi_pembayaran" not in todo(other)


def test_an_amendment_waits_on_the_other_managers_list():
    program = approved_program(per_regency={"64.71": 3}, quota={"64.71": 2})
    preparer = make_user("pengelola", Role.MANAGER, "64")
    other = make_user("pengelola.2", Role.MANAGER, "64")
    gone = programs.active_beneficiaries(program).first()
    amendment = programs.amend(
        user=preparer, program=program, alasan="Pindah", cabut={gone.person_id: "Pindah"}
    )
    assert "amandemen" not in todo(preparer)
    item = todo(other)["amandemen"]
    assert item.count == 1 and item.url == f"/program/{program.pk}/penerima/#amendments"

    programs.approve_amendment(user=other, amendment=amendment)
    assert "amandemen" not in todo(other)


# --- BPJS -------------------------------------------------------------------------


def test_bpjs_sees_reported_deaths_and_claim_reports_due(tmp_path):
    program = approved_program(
        per_regency={"64.71": 2, "64.72": 1}, quota={"64.71": 2, "64.72": 1}, start=STARTED
    )
    enrol_all(program, tmp_path, bulan_pertama=STARTED)
    bpjs = make_user("bpjs", Role.BPJS, "64")
    bpjs_smd = make_user("bpjs.smd", Role.BPJS, "64.72")
    reports = todo(bpjs)["laporan_klaim"]
    assert reports.count == 3 and reports.url == "/klaim/"
    assert "berakhir" not in todo(bpjs)

    dead = Peserta.objects.filter(program=program, kode_kabupaten="64.71").first()
    end_participation(user=admin(), peserta=dead, alasan="meninggal", tanggal=STARTED)
    ended = todo(bpjs)["berakhir"]
    assert ended.count == 1
    assert ended.url == f"/pendaftaran/{program.pk}/?berakhir=dilaporkan"
    assert "berakhir" not in todo(bpjs_smd)  # a Balikpapan death is Balikpapan's

    client = Client()
    client.force_login(bpjs)
    page = client.get(ended.url).content.decode()
    assert page.count('data-status="diterima"') == 1


# --- Pages ------------------------------------------------------------------------


def test_the_home_page_says_all_is_done_and_lists_tasks_in_both_languages():
    bpn = _persons({"64.71": 2})
    verifier = make_user("v.bpn", Role.VERIFIER, "64.71")
    client = Client()
    client.force_login(verifier)
    page = client.get("/").content.decode()
    assert 'id="all-done"' in page and "Semua sudah beres." in page

    make_pair(*bpn)
    page = client.get("/").content.decode()
    assert "1 pasangan data menunggu keputusan Anda" in page
    assert 'href="/pencocokan/tinjau/"' in page
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "1 pair of records awaits your decision" in page
    make_pair(bpn[0], _persons({"64.71": 1}, first_nik=6471010200000000)[0])
    assert "2 pairs of records await your decision" in client.get("/").content.decode()


def test_a_leader_reads_headline_figures_not_tasks():
    leader = make_user("pimpinan", Role.VIEWER, "64")
    client = Client()
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert 'id="headlines"' in page and 'id="todo"' not in page


def test_a_payment_file_with_refused_rows_waits_for_its_correction(tmp_path):
    import csv

    from jaring.contributions.payment_import import import_payments

    finance = make_user("keuangan", Role.FINANCE, "64")
    path = tmp_path / "sp2d.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["No Tagihan", "Tgl SP2D", "Nilai SP2D", "No SP2D"])
        writer.writerow(["TIDAK-ADA-1", "2027-01-20", "1000", "SP2D-9"])
    result = import_payments(user=finance, path=path)
    assert result.record.rejected == 1
    item = todo(finance)["pembayaran_ditolak"]
    assert item.count == 1 and item.detail == "1 baris ditolak, dalam 30 hari terakhir"
    assert item.url == f"/iuran/pembayaran/impor/{result.record.nomor}/"
    assert "pembayaran_ditolak" not in todo(make_user("v", Role.VERIFIER, "64.71"))


def test_the_administrator_sees_failed_background_jobs():
    from jaring.jobs.models import Job, JobStatus

    job = Job.objects.create(jenis="Seleksi", handler="x.y", target="t", status=JobStatus.FAILED)
    item = todo(admin())["tugas_gagal"]
    assert item.count == 1 and item.urgent and item.url == f"/tugas/{job.pk}/"
    assert items_for(admin())[0].key == "tugas_gagal"  # late and broken things first
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert "tugas_gagal" not in todo(admin())
