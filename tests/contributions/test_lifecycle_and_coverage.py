"""Life-cycle events end cover after the month they happened in, remove what was
billed beyond it, and coverage status follows the paid months."""

import datetime as dt

import pytest
from billing_world import START, admin, amend_and_approve, approved_program, enrol_all

from jaring.contributions import queries
from jaring.contributions.billing import bill_month
from jaring.contributions.lifecycle import end_participation, end_withdrawn
from jaring.contributions.models import Iuran, Tagihan
from jaring.contributions.payments import record_payment
from jaring.core.months import add_months
from jaring.enrollment.models import AlasanBerakhir, Peserta
from jaring.matching import queries as matching_queries

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def program(tmp_path):
    program = approved_program(months=6)
    enrol_all(program, tmp_path)
    for i in range(4):
        bill_month(user=admin(), program=program, month=add_months(START, i))
    return program


def pay_all(program, month):
    for invoice in Tagihan.objects.filter(program=program, bulan=month):
        record_payment(user=admin(), tagihan=invoice, jumlah=invoice.jumlah - invoice.diterima,
                       tanggal=TODAY, referensi=f"L-{month:%Y%m}")  # fmt: skip


def months_of(peserta):
    return sorted(Iuran.objects.filter(peserta=peserta).values_list("tagihan__bulan", flat=True))


def test_death_reported_late_removes_later_months_and_keeps_totals_honest(program):
    for i in range(4):
        pay_all(program, add_months(START, i))
    peserta = Peserta.objects.filter(program=program).order_by("nomor_urut").first()

    end_participation(user=admin(), peserta=peserta, alasan=AlasanBerakhir.MENINGGAL,
                      tanggal=dt.date(2027, 2, 14), keterangan="Laporan kelurahan")  # fmt: skip

    peserta.refresh_from_db()
    assert peserta.bulan_akhir == dt.date(2027, 2, 1)
    assert months_of(peserta) == [START, dt.date(2027, 2, 1)]
    march = Tagihan.objects.get(program=program, bulan=dt.date(2027, 3, 1))
    # March was paid for five; one line is gone, so one share is a credit.
    assert (march.jumlah, march.dibayar, march.kelebihan) == (4 * 16_800, 4 * 16_800, 16_800)
    assert queries.reconciliation(program).ok
    assert queries.lines_outside_cover(program) == 0
    # Billing March again does not bring the line back.
    assert bill_month(user=admin(), program=program, month=dt.date(2027, 3, 1)).added == 0


def test_an_end_is_never_moved_later(program):
    peserta = Peserta.objects.filter(program=program).first()
    end_participation(user=admin(), peserta=peserta, alasan=AlasanBerakhir.PINDAH,
                      tanggal=dt.date(2027, 1, 20))  # fmt: skip
    end_participation(user=admin(), peserta=peserta, alasan=AlasanBerakhir.MENINGGAL,
                      tanggal=dt.date(2027, 3, 2))  # fmt: skip

    peserta.refresh_from_db()
    assert (peserta.bulan_akhir, peserta.alasan_berakhir) == (START, AlasanBerakhir.PINDAH)
    assert months_of(peserta) == [START]


def test_formal_job_mid_year_ends_cover_from_the_next_month(program):
    peserta = Peserta.objects.filter(program=program).last()
    end_participation(user=admin(), peserta=peserta, alasan=AlasanBerakhir.PEKERJA_FORMAL,
                      tanggal=dt.date(2027, 4, 30))  # fmt: skip

    bill_month(user=admin(), program=program, month=dt.date(2027, 5, 1))

    assert months_of(peserta)[-1] == dt.date(2027, 4, 1)
    assert not Iuran.objects.filter(peserta=peserta, tagihan__bulan=dt.date(2027, 5, 1)).exists()


def test_withdrawal_by_amendment_ends_cover_at_the_next_billing(program):
    peserta = Peserta.objects.filter(program=program).first()
    amend_and_approve(user=admin(), program=program, alasan="Data ganda",
                   cabut={peserta.person_id: "Terdaftar dua kali"})  # fmt: skip

    bill_month(user=admin(), program=program, month=dt.date(2027, 5, 1))

    peserta.refresh_from_db()
    this_month = dt.date.today().replace(day=1)
    assert peserta.alasan_berakhir == AlasanBerakhir.DICABUT
    assert peserta.keterangan_berakhir == "Terdaftar dua kali"
    assert peserta.bulan_akhir == min(this_month, program.bulan_akhir)
    assert end_withdrawn(program) == 0  # already ended: nothing more
    assert queries.lines_outside_cover(program) == 0


def test_coverage_status_follows_paid_months(program):
    first, second, third, *_ = Peserta.objects.filter(program=program).order_by("id")
    pay_all(program, START)  # January paid for all
    feb = Tagihan.objects.get(program=program, bulan=dt.date(2027, 2, 1))
    # February paid for the first two participants only (list order).
    record_payment(user=admin(), tagihan=feb, jumlah=2 * 16_800, tanggal=TODAY, referensi="F")
    end_participation(user=admin(), peserta=third, alasan=AlasanBerakhir.MENINGGAL,
                      tanggal=dt.date(2027, 1, 5))  # fmt: skip

    def status(on):
        frame = queries.coverage(program, on)
        return dict(frame.select("peserta_id", "status").iter_rows())

    march = status(dt.date(2027, 3, 10))
    assert march[first.pk] == march[second.pk] == "aktif"
    assert march[third.pk] == "berakhir"
    assert {march[p.pk] for p in Peserta.objects.filter(program=program)[3:]} == {"menunggak"}
    april = status(dt.date(2027, 4, 10))
    # March is billed and unpaid for everyone now: the first two are one month behind,
    # the others two months (February and March): lapsed.
    assert april[first.pk] == "menunggak"
    assert {april[p.pk] for p in Peserta.objects.filter(program=program).order_by("id")[3:]} == {
        "terputus"
    }
    counts = queries.status_counts(program, dt.date(2027, 4, 10))
    assert counts["terputus"] == 2 and counts["menunggak"] == 2 and counts["berakhir"] == 1
    assert queries.GRACE_MONTHS == matching_queries.GRACE_MONTHS


def test_arrears_report_sums_unpaid_lines_by_region(program):
    pay_all(program, START)
    admin_user = admin()

    report = queries.arrears(program, admin_user, dt.date(2027, 3, 10))

    assert report["jumlah"] == 5 * 16_800 * 2  # February and March unpaid
    assert sum(r["jumlah"] for r in report["wilayah"]) == report["jumlah"]
    assert {r["kode_kabupaten"] for r in report["wilayah"]} == {"64.71", "64.72"}
    assert report["peserta"].height == 5
