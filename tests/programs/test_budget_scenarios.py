"""The what-if budget page and its funder split: parts always add up to the total."""

import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from jaring.accounts.models import Role, User
from jaring.programs.services import split

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(User.objects.create_user("pengelola", role=Role.MANAGER, wilayah_id="64"))
    return client


@given(
    total=st.integers(min_value=0, max_value=10**13),
    province=st.decimals(min_value=0, max_value=100, places=2),
)
def test_split_adds_up_to_the_rupiah(total, province):
    parts = split(total, {"provinsi": province, "kabkota": Decimal(100) - province})
    assert sum(parts.values()) == total
    assert abs(parts["provinsi"] - Decimal(total) * province / 100) < 1


def test_split_refuses_shares_not_totalling_100():
    with pytest.raises(ValueError, match="100%"):
        split(1000, {"provinsi": Decimal(60), "kabkota": Decimal(30)})


def test_default_scenarios_show_exact_totals(manager_client):
    response = manager_client.get(reverse("programs:budget"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-total="20160000000"' in html  # 100,000 × 12 × Rp 16,800
    assert 'data-total="1512000000"' in html  # 15,000 × 6 × Rp 16,800
    assert 'data-total="16080000000"' in html  # 50,000 × 12 × Rp 26,800


def test_invalid_scenario_is_explained_not_computed(manager_client):
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-nama": "x",
            "form-0-pekerja": "-5", "form-0-bulan": "12", "form-0-porsi_provinsi": "100"}  # fmt: skip
    response = manager_client.get(reverse("programs:budget"), data)
    assert response.status_code == 200
    assert "data-total" not in response.content.decode()


def test_xlsx_export_has_each_scenario_and_funder_share(manager_client, tmp_path):
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-nama": "Bersama",
            "form-0-pekerja": "3", "form-0-bulan": "1", "form-0-porsi_provinsi": "33.33",
            "format": "xlsx"}  # fmt: skip
    response = manager_client.get(reverse("programs:budget"), data)

    path = tmp_path / "skenario.xlsx"
    path.write_bytes(response.content)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    values = {row[0]: row[1] for row in rows[1:]}
    assert rows[0][1] == "Bersama"
    assert values["Total anggaran"] == 50_400
    assert values["APBD provinsi"] + values["APBD kabupaten/kota"] == 50_400
    # Split per participant-month, as billing splits each line: 33.33% of 16,800 is
    # 5,599.44 → 5,599, three times (not 33.33% of the total, which no invoice bills).
    assert values["APBD provinsi"] == 3 * 5_599


def test_a_scenario_named_like_a_formula_is_quoted_text_in_the_xlsx(manager_client, tmp_path):
    attack = '=HYPERLINK("http://x","klik")'
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-nama": attack,
            "form-0-pekerja": "3", "form-0-bulan": "1", "form-0-porsi_provinsi": "100",
            "format": "xlsx"}  # fmt: skip
    response = manager_client.get(reverse("programs:budget"), data)

    path = tmp_path / "skenario.xlsx"
    path.write_bytes(response.content)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][1] == "'" + attack
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
