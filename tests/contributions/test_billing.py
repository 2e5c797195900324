"""A month's billing: one line per covered participant and funder, amounts that add up
to the iuran exactly, nothing outside cover, and a second run that changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from billing_world import START, admin, approved_program, enrol_all

from jaring.contributions import queries
from jaring.contributions.billing import BillingError, bill_month
from jaring.contributions.models import Iuran, Tagihan
from jaring.core.months import add_months
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.programs.models import Tarif

pytestmark = pytest.mark.django_db
SHARES = {"apbd_provinsi": Decimal("33.33"), "apbd_kabkota": Decimal("66.67")}


@pytest.fixture
def program(tmp_path):
    program = approved_program(pendana=SHARES, months=6)
    enrol_all(program, tmp_path)
    return program


def snapshot(program):
    return sorted(
        Iuran.objects.filter(tagihan__program=program).values_list(
            "tagihan_id", "peserta_id", "jumlah", "dibayar"
        )
    )


def test_one_line_per_participant_and_funder_adding_up_to_the_iuran(program):
    result = bill_month(user=admin(), program=program, month=START)

    accepted = Peserta.objects.filter(program=program, status=StatusPendaftaran.DITERIMA)
    assert result.participants == accepted.count() == 5
    assert result.per_peserta == 16_800
    assert sum(result.shares.values()) == 16_800
    invoices = Tagihan.objects.filter(program=program, bulan=START)
    assert {i.pendana for i in invoices} == set(SHARES)
    for peserta in accepted:
        lines = Iuran.objects.filter(peserta=peserta, tagihan__bulan=START)
        assert sorted(line.jumlah for line in lines) == sorted(result.shares.values())
    assert sum(i.jumlah for i in invoices) == result.total == 5 * 16_800
    assert queries.reconciliation(program).ok


def test_running_a_month_again_changes_nothing(program):
    bill_month(user=admin(), program=program, month=START)
    before = snapshot(program)
    totals = list(Tagihan.objects.filter(program=program).values_list("jumlah", "peserta"))

    again = bill_month(user=admin(), program=program, month=START)

    assert again.added == 0
    assert snapshot(program) == before
    assert list(Tagihan.objects.filter(program=program).values_list("jumlah", "peserta")) == totals


def test_month_outside_the_programme_is_refused(program):
    with pytest.raises(BillingError, match="di luar masa program"):
        bill_month(user=admin(), program=program, month=add_months(START, 6))
    with pytest.raises(BillingError, match="di luar masa program"):
        bill_month(user=admin(), program=program, month=add_months(START, -1))
    assert not Tagihan.objects.filter(program=program).exists()


def test_only_participants_covered_that_month_are_billed(program):
    first, second, *_ = Peserta.objects.filter(program=program).order_by("nomor_urut")
    Peserta.objects.filter(pk=first.pk).update(bulan_mulai=add_months(START, 2))
    Peserta.objects.filter(pk=second.pk).update(bulan_akhir=START)

    for i in range(4):
        bill_month(user=admin(), program=program, month=add_months(START, i))

    months = lambda p: sorted(  # noqa: E731
        set(Iuran.objects.filter(peserta=p).values_list("tagihan__bulan", flat=True))
    )
    assert months(first) == [add_months(START, 2), add_months(START, 3)]
    assert months(second) == [START]
    assert queries.lines_outside_cover(program) == 0


def test_participant_accepted_late_is_added_when_the_month_runs_again(program, tmp_path):
    late = Peserta.objects.filter(program=program).order_by("nomor_urut").last()
    Peserta.objects.filter(pk=late.pk).update(status=StatusPendaftaran.DIKIRIM)
    bill_month(user=admin(), program=program, month=START)
    assert not Iuran.objects.filter(peserta=late).exists()

    Peserta.objects.filter(pk=late.pk).update(status=StatusPendaftaran.DITERIMA)
    again = bill_month(user=admin(), program=program, month=START)

    assert again.added == len(SHARES)
    assert Iuran.objects.filter(peserta=late).count() == len(SHARES)
    assert queries.reconciliation(program).ok


def test_each_month_uses_the_tariff_in_force_then(program):
    Tarif.objects.create(
        berlaku_mulai=add_months(START, 3), jkk_persen=Decimal("1.000"), jkm_rupiah=7_500,
        penghasilan_minimum=1_000_000, dasar_hukum="Uji",
    )  # fmt: skip

    before = bill_month(user=admin(), program=program, month=add_months(START, 2))
    after = bill_month(user=admin(), program=program, month=add_months(START, 3))

    assert (before.per_peserta, after.per_peserta) == (16_800, 17_500)
    assert sum(after.shares.values()) == 17_500


def test_billing_needs_a_finance_or_manager_role_of_the_programme_region(program):
    from django.core.exceptions import PermissionDenied

    from jaring.accounts.models import Role, User

    city_finance = User.objects.create_user("keu-bpn", None, None, role=Role.FINANCE,
                                            wilayah_id="64.71")  # fmt: skip
    bpjs = User.objects.create_user("bpjs", None, None, role=Role.BPJS, wilayah_id="64")

    for user in (city_finance, bpjs):
        with pytest.raises(PermissionDenied):
            bill_month(user=user, program=program, month=START)
    province_finance = User.objects.create_user("keu", None, None, role=Role.FINANCE,
                                                wilayah_id="64")  # fmt: skip
    assert bill_month(user=province_finance, program=program, month=START).participants == 5


def test_first_month_of_a_batch_is_the_start_of_cover(tmp_path):
    program = approved_program(months=12)
    enrol_all(program, tmp_path, bulan_pertama=dt.date(2027, 3, 15))

    assert set(Peserta.objects.filter(program=program).values_list("bulan_mulai", flat=True)) == {
        dt.date(2027, 3, 1)
    }
