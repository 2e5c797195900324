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
from jaring.programs.services import plan

pytestmark = pytest.mark.django_db


def run_budget(*args: str) -> dict:
    out = StringIO()
    call_command("budget", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_province_quota_at_the_floor():
    result = run_budget("--workers", "100000", "--months", "12")
    assert result["per_worker_month"] == 16_800
    assert result["total"] == 20_160_000_000
    # Next January by default, month by month.
    year = dt.date.today().year + 1
    assert [m["bulan"] for m in result["months"]] == [f"{year}-{m:02d}" for m in range(1, 13)]
    assert {m["per_worker"] for m in result["months"]} == {16_800}


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
    assert result["per_worker_month"] == per_worker_month
    assert result["total"] == per_worker_month * 30


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
    across = plan(workers=1, months=2, mulai=dt.date(2029, 12, 1))
    assert [m.per_worker for m in across.months] == [16_800, 25_000]
    with pytest.raises(tariffs.NoTariff):
        plan(workers=1, months=1, mulai=dt.date(2000, 1, 1))


class TestMoneyProperties(HypothesisTestCase):
    @given(
        income=st.integers(min_value=0, max_value=10**10),
        workers=st.integers(min_value=0, max_value=10**6),
        months=st.integers(min_value=0, max_value=24),
    )
    def test_totals_reconcile_exactly(self, income, workers, months):
        result = plan(workers=workers, months=max(months, 1), income=income)
        iuran = result.months[0].rincian
        assert isinstance(result.total, int)
        assert iuran.total == iuran.jkk + iuran.jkm + iuran.jht
        # Next year's months, paid from the APBD: no relief, every month the same.
        assert result.total == iuran.total * workers * max(months, 1)
        assert sum(result.by_funder().values()) == result.total
        assert iuran.penghasilan_dasar == max(income, 1_000_000)
        # JKK is 1% of the base, rounded half up: never more than half a rupiah off.
        assert abs(Decimal(iuran.jkk) - Decimal(iuran.penghasilan_dasar) / 100) <= Decimal("0.5")
        assert iuran.total >= 16_800

    @given(
        low=st.integers(min_value=0, max_value=10**9),
        extra=st.integers(min_value=0, max_value=10**9),
    )
    def test_more_income_never_costs_less(self, low, extra):
        cheaper = plan(workers=1, months=1, income=low).per_worker_month
        dearer = plan(workers=1, months=1, income=low + extra).per_worker_month
        assert dearer >= cheaper


# PP 50/2025 as a budget sees it: relief only for a funder outside the state budget, and
# for the transport sector from January 2026 to March 2027, others April–December 2026.
@pytest.mark.parametrize(
    ("pendana", "pekerjaan", "mulai", "expected"),
    [
        ("mandiri", "ojek", "2025-12", [16_800, 8_400, 8_400, 8_400, 8_400]),
        ("mandiri", "nelayan", "2026-02", [16_800, 16_800, 8_400, 8_400, 8_400]),
        ("csr", "nelayan", "2026-11", [8_400, 8_400, 16_800, 16_800, 16_800]),
        ("mandiri", "sopir_angkutan", "2027-02", [8_400, 8_400, 16_800, 16_800, 16_800]),
        ("apbd_provinsi", "ojek", "2026-03", [16_800] * 5),
        ("apbn", "nelayan", "2026-05", [16_800] * 5),
    ],
)
def test_the_plan_follows_the_tariff_rules_month_by_month(pendana, pekerjaan, mulai, expected):
    result = run_budget(
        "--workers", "7", "--months", "5", "--pendana", pendana, "--pekerjaan", pekerjaan,
        "--mulai", mulai,
    )  # fmt: skip

    assert [m["per_worker"] for m in result["months"]] == expected
    assert result["months"][0]["bulan"] == mulai
    assert result["per_worker_month"] == expected[0]
    assert result["total"] == 7 * sum(expected)


@pytest.mark.parametrize(
    "args", [("--pendana", "kas_desa"), ("--pekerjaan", "astronaut"), ("--mulai", "2027-13")]
)
def test_an_unknown_funder_occupation_or_month_is_refused_with_exit_2(args):
    with pytest.raises(CommandError) as error:
        call_command("budget", "--workers", "1", "--months", "1", *args)
    assert error.value.returncode == 2
