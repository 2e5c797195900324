"""Payments: full or partial, allocated to lines in list order, never more than what is
still owed, a reference recorded once; billed = paid + outstanding throughout."""

import datetime as dt
from decimal import Decimal

import pytest
from billing_world import START, admin, approved_program, enrol_all
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jaring.contributions import queries
from jaring.contributions.billing import bill_month
from jaring.contributions.models import Iuran, Pembayaran, Tagihan
from jaring.contributions.payments import PaymentError, reallocate, record_payment

pytestmark = pytest.mark.django_db
PAID_ON = dt.date.today() - dt.timedelta(days=1)


@pytest.fixture
def invoice(tmp_path):
    program = approved_program(months=3)
    enrol_all(program, tmp_path)
    bill_month(user=admin(), program=program, month=START)
    return Tagihan.objects.get(program=program, bulan=START)


def line_paid(invoice):
    return list(
        Iuran.objects.filter(tagihan=invoice)
        .order_by("peserta_id")
        .values_list("dibayar", flat=True)
    )


def test_partial_payment_pays_lines_in_list_order(invoice):
    assert invoice.jumlah == 5 * 16_800

    record_payment(user=admin(), tagihan=invoice, jumlah=2 * 16_800 + 800, tanggal=PAID_ON,
                   referensi="SP2D-001")  # fmt: skip

    invoice.refresh_from_db()
    assert line_paid(invoice) == [16_800, 16_800, 800, 0, 0]
    assert (invoice.jumlah, invoice.dibayar, invoice.tunggakan) == (84_000, 34_400, 49_600)
    assert not invoice.lunas
    assert queries.reconciliation(invoice.program).ok


def test_second_payment_completes_the_invoice(invoice):
    record_payment(user=admin(), tagihan=invoice, jumlah=50_000, tanggal=PAID_ON, referensi="A")
    record_payment(user=admin(), tagihan=invoice, jumlah=34_000, tanggal=PAID_ON, referensi="B")

    invoice.refresh_from_db()
    assert invoice.lunas and invoice.tunggakan == 0
    assert line_paid(invoice) == [16_800] * 5


def test_payment_above_what_is_owed_is_refused(invoice):
    record_payment(user=admin(), tagihan=invoice, jumlah=80_000, tanggal=PAID_ON, referensi="A")

    with pytest.raises(PaymentError, match="melebihi sisa tagihan"):
        record_payment(user=admin(), tagihan=invoice, jumlah=4_001, tanggal=PAID_ON,
                       referensi="B")  # fmt: skip
    assert Pembayaran.objects.filter(tagihan=invoice).count() == 1


def test_same_reference_twice_is_one_payment(invoice):
    first, created = record_payment(user=admin(), tagihan=invoice, jumlah=10_000,
                                    tanggal=PAID_ON, referensi="SP2D-9")  # fmt: skip
    again, created_again = record_payment(user=admin(), tagihan=invoice, jumlah=10_000,
                                          tanggal=PAID_ON, referensi="SP2D-9")  # fmt: skip

    assert created and not created_again and first.pk == again.pk
    with pytest.raises(PaymentError, match="sudah dicatat"):
        record_payment(user=admin(), tagihan=invoice, jumlah=12_000, tanggal=PAID_ON,
                       referensi="SP2D-9")  # fmt: skip
    invoice.refresh_from_db()
    assert invoice.diterima == 10_000


@pytest.mark.parametrize(
    ("amount", "day", "reference", "message"),
    [
        (0, PAID_ON, "X", "lebih dari nol"),
        (100, dt.date.today() + dt.timedelta(days=3), "X", "masa depan"),
        (100, PAID_ON, "  ", "wajib diisi"),
    ],
)
def test_bad_payment_is_refused_with_a_reason(invoice, amount, day, reference, message):
    with pytest.raises(PaymentError, match=message):
        record_payment(user=admin(), tagihan=invoice, jumlah=amount, tanggal=day,
                       referensi=reference)  # fmt: skip
    assert not Pembayaran.objects.exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(st.integers(1, 30_000), min_size=1, max_size=6))
def test_any_sequence_of_payments_reconciles(invoice, parts):
    Pembayaran.objects.filter(tagihan=invoice).delete()
    reallocate(invoice)
    paid = 0
    for i, amount in enumerate(parts):
        amount = min(amount, invoice.jumlah - paid)
        if amount <= 0:
            break
        record_payment(user=admin(), tagihan=invoice, jumlah=amount, tanggal=PAID_ON,
                       referensi=f"R{i}")  # fmt: skip
        paid += amount
        invoice.refresh_from_db()
        lines = line_paid(invoice)
        assert sum(lines) == invoice.dibayar == paid
        assert invoice.jumlah == invoice.dibayar + invoice.tunggakan
        # A prefix of lines is fully paid, at most one is partly paid, the rest unpaid.
        full = [x == 16_800 for x in lines]
        assert full == sorted(full, reverse=True)
        assert sum(0 < x < 16_800 for x in lines) <= 1
    assert queries.reconciliation(invoice.program).ok


def test_totals_per_funder_month_and_overall(tmp_path):
    program = approved_program(
        months=2, pendana={"apbd_provinsi": Decimal(60), "apbd_kabkota": Decimal(40)}
    )
    enrol_all(program, tmp_path)
    for month in (START, dt.date(2027, 2, 1)):
        bill_month(user=admin(), program=program, month=month)
    province = Tagihan.objects.get(program=program, bulan=START, pendana="apbd_provinsi")
    record_payment(user=admin(), tagihan=province, jumlah=20_000, tanggal=PAID_ON, referensi="P")

    totals = queries.totals(program)

    assert totals["total"].billed == 2 * 5 * 16_800
    assert totals["apbd_provinsi"].billed == 2 * 5 * 10_080
    assert totals["apbd_kabkota"].billed == 2 * 5 * 6_720
    assert totals["apbd_provinsi"].paid == totals["total"].paid == 20_000
    assert totals["total"].outstanding == 2 * 5 * 16_800 - 20_000
    months = queries.months_table(program)
    assert [m["jumlah"] for m in months] == [5 * 16_800, 5 * 16_800]
    assert sum(m["tunggakan"] for m in months) == totals["total"].outstanding
