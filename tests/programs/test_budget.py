"""The budget calculator and the tariff it prices with: exact rupiah, floor, rounding."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from jaring.programs import tariffs
from jaring.programs.models import Tarif
from jaring.programs.services import budget

pytestmark = pytest.mark.django_db


def run_budget(*args: str) -> dict:
    out = StringIO()
    call_command("budget", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_province_quota_at_the_floor():
    assert run_budget("--workers", "100000", "--months", "12") == {
        "per_worker_month": 16_800,
        "total": 20_160_000_000,
    }


@pytest.mark.parametrize(
    ("income", "per_worker_month"),
    [
        (1_000_000, 16_800),  # the floor: JKK 10,000 + JKM 6,800
        (500_000, 16_800),  # below the floor: raised to it
        (0, 16_800),
        (2_500_000, 31_800),  # JKK 25,000
        (1_234_567, 19_146),  # JKK 12,345.67 → 12,346 (half up)
        (1_234_550, 19_146),  # JKK 12,345.50 → 12,346 (half up)
        (1_234_549, 19_145),  # JKK 12,345.49 → 12,345
    ],
)
def test_declared_income_levels(income, per_worker_month):
    result = run_budget("--workers", "10", "--months", "3", "--income", str(income))
    assert result == {"per_worker_month": per_worker_month, "total": per_worker_month * 30}


def test_negative_income_is_refused_with_exit_2():
    with pytest.raises(CommandError) as error:
        call_command("budget", "--workers", "1", "--months", "1", "--income", "-5")
    assert error.value.returncode == 2


def test_tariff_in_force_is_the_latest_started():
    Tarif.objects.create(
        berlaku_mulai=dt.date(2030, 1, 1),
        jkk_persen=Decimal("1.5"),
        jkm_rupiah=7_000,
        penghasilan_minimum=1_200_000,
        dasar_hukum="uji",
    )
    assert budget(workers=1, months=1, on=dt.date(2029, 12, 31)).per_worker_month == 16_800
    assert budget(workers=1, months=1, on=dt.date(2030, 1, 1)).per_worker_month == 25_000
    with pytest.raises(tariffs.NoTariff):
        budget(workers=1, months=1, on=dt.date(2000, 1, 1))


class TestMoneyProperties(HypothesisTestCase):
    @given(
        income=st.integers(min_value=0, max_value=10**10),
        workers=st.integers(min_value=0, max_value=10**6),
        months=st.integers(min_value=0, max_value=24),
    )
    def test_totals_reconcile_exactly(self, income, workers, months):
        result = budget(workers=workers, months=months, income=income)
        iuran = result.iuran
        assert isinstance(result.total, int)
        assert iuran.total == iuran.jkk + iuran.jkm + iuran.jht
        assert result.total == iuran.total * workers * months
        assert iuran.penghasilan_dasar == max(income, 1_000_000)
        # JKK is 1% of the base, rounded half up: never more than half a rupiah off.
        assert abs(Decimal(iuran.jkk) - Decimal(iuran.penghasilan_dasar) / 100) <= Decimal("0.5")
        assert iuran.total >= 16_800

    @given(
        low=st.integers(min_value=0, max_value=10**9),
        extra=st.integers(min_value=0, max_value=10**9),
    )
    def test_more_income_never_costs_less(self, low, extra):
        cheaper = budget(workers=1, months=1, income=low).per_worker_month
        dearer = budget(workers=1, months=1, income=low + extra).per_worker_month
        assert dearer >= cheaper
