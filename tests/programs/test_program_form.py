"""The programme form: month normalisation, funder shares that must total 100%, fixed
quotas per regency/city, rule checks and the computed cost and capacity; everything is
saved through ``services.save_program`` or nothing is."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st
from program_forms import form_data, querydict
from programs_world import make_people, make_program

from jaring.accounts.models import Role, User
from jaring.programs import services
from jaring.programs.forms import FunderForm, MonthField, ProgramEditor
from jaring.programs.models import Aksi, KuotaWilayah, Program, VerifikasiWilayah
from jaring.programs.selection import run_selection
from jaring.wilayah.queries import kabupaten_kota

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return User.objects.create(username="pengelola", role=Role.MANAGER, wilayah_id="64")


def editor(user, program=None, **kwargs):
    return ProgramEditor(user=user, program=program, data=querydict(form_data(**kwargs)))


# --- month ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("2027-01", dt.date(2027, 1, 1)),  # the month picker
        ("2027-3", dt.date(2027, 3, 1)),
        ("2027-03-15", dt.date(2027, 3, 1)),  # a full date: the day is dropped
        ("03/2027", dt.date(2027, 3, 1)),  # typed where the browser has no month picker
        ("3-2027", dt.date(2027, 3, 1)),
        (" 2027-12 ", dt.date(2027, 12, 1)),
    ],
)
def test_month_is_stored_as_its_first_day(typed, month):
    assert MonthField().clean(typed) == month


@pytest.mark.parametrize("typed", ["2027-13", "Maret 2027", "2027", "13/2027", "2027-02-30x"])
def test_month_that_is_not_a_month_is_refused_in_indonesian(typed):
    with pytest.raises(forms.ValidationError, match="tahun-bulan"):
        MonthField().clean(typed)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_date_or_month_normalises_to_the_first_of_its_month(day):
    field = MonthField()
    assert field.clean(day.isoformat()) == day.replace(day=1)
    assert field.clean(f"{day:%Y-%m}") == day.replace(day=1)
    assert field.clean(f"{day:%m/%Y}") == day.replace(day=1)


def test_editor_saves_the_first_day_of_the_chosen_month(manager):
    edit = editor(manager, bulan_mulai="2027-04-20")

    assert edit.is_valid(), edit.form.errors
    program = edit.save()

    assert program.bulan_mulai == dt.date(2027, 4, 1)


# --- funders -------------------------------------------------------------------------


def test_funder_shares_must_total_exactly_100(manager):
    edit = editor(manager, pendana={"apbd_provinsi": "60", "apbd_kabkota": "30"})

    assert not edit.is_valid()
    assert edit.funders.non_field_errors() == [
        "Porsi pendana berjumlah 90%; jumlahnya harus tepat 100%."
    ]
    assert not Program.objects.exists()


def test_split_funding_is_saved_with_each_share(manager):
    edit = editor(manager, pendana={"apbd_provinsi": "62.5", "csr": "37.5"})

    assert edit.is_valid()
    program = edit.save()

    assert services.funder_shares(program) == {
        "apbd_provinsi": Decimal("62.5"),
        "csr": Decimal("37.5"),
    }


def test_a_component_paid_whole_by_the_worker_is_saved_and_shown_again(manager):
    data = querydict(form_data(pendana={"apbd_provinsi": "100"}))
    data["pendana-oleh_jkm"] = "mandiri"
    edit = ProgramEditor(user=manager, program=None, data=data)

    assert edit.is_valid(), edit.funders.errors
    program = edit.save()

    assert services.funder_shares(program) == {"apbd_provinsi": Decimal(100)}
    assert services.funder_components(program) == {"jkm": {"mandiri": Decimal(100)}}
    again = ProgramEditor(user=manager, program=program, data=None)
    assert again.funders["oleh_jkm"].value() == "mandiri"
    assert str(again.funders["apbd_provinsi"].value()) == "100"  # not 1E+2
    assert not again.funders["oleh_jkk"].value()


@settings(deadline=None)  # a form with its component fields; the machine is shared
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=6, max_size=6))
def test_funder_form_accepts_exactly_the_shares_that_total_100(shares):
    codes = ["apbd_provinsi", "apbd_kabkota", "apbd_p", "csr", "zakat", "mandiri"]
    form = FunderForm({f"pendana-{k}": str(v) for k, v in zip(codes, shares, strict=True)},
                      prefix="pendana")  # fmt: skip

    assert form.is_valid() == (sum(shares) == 100)
    if form.is_valid():
        assert sum(form.shares().values()) == 100
        assert all(v > 0 for v in form.shares().values())


def test_negative_or_over_100_share_is_refused(manager):
    edit = editor(manager, pendana={"apbd_provinsi": "120", "csr": "-20"})

    assert not edit.is_valid()
    assert edit.funders.errors["apbd_provinsi"] and edit.funders.errors["csr"]


# --- fixed quotas --------------------------------------------------------------------


def test_fixed_quotas_must_add_up_to_the_total_quota(manager):
    edit = editor(
        manager, wilayah="64", kuota_total=100, alokasi="tetap",
        kuota={"64.71": 60, "64.72": 30},
    )  # fmt: skip

    assert not edit.is_valid()
    assert "90" in edit.quotas.non_form_errors()[0]
    assert "100" in edit.quotas.non_form_errors()[0]
    assert not Program.objects.exists()


def test_fixed_quotas_are_saved_per_regency(manager):
    edit = editor(
        manager, wilayah="64", kuota_total=100, alokasi="tetap",
        kuota={"64.71": 60, "64.72": 40},
    )  # fmt: skip

    assert edit.is_valid(), edit.quotas.non_form_errors()
    program = edit.save()

    fixed = dict(program.kuota_wilayah.values_list("wilayah_id", "kuota_tetap"))
    assert fixed["64.71"] == 60 and fixed["64.72"] == 40
    assert sum(v or 0 for v in fixed.values()) == 100


def test_fixed_quotas_outside_a_city_programme_are_ignored(manager):
    # A Samarinda programme: only Samarinda's row counts, whatever else is typed.
    edit = editor(
        manager, wilayah="64.72", kuota_total=50, alokasi="tetap",
        kuota={"64.71": 999, "64.72": 50},
    )  # fmt: skip

    assert edit.is_valid(), edit.quotas.non_form_errors()
    program = edit.save()

    assert dict(program.kuota_wilayah.values_list("wilayah_id", "kuota_tetap")) == {"64.72": 50}


def test_choosing_a_proportional_allocation_clears_fixed_quotas(manager):
    first = editor(manager, kuota_total=50, alokasi="tetap", kuota={"64.72": 50})
    assert first.is_valid()
    program = first.save()

    second = ProgramEditor(
        user=manager, program=program, data=querydict(form_data(kuota={"64.72": 50}))
    )
    assert second.is_valid()
    second.save()

    assert list(program.kuota_wilayah.values_list("kuota_tetap", flat=True)) == [None]


def test_negative_fixed_quota_is_refused(manager):
    edit = editor(manager, kuota_total=50, alokasi="tetap", kuota={"64.72": -5})

    assert not edit.is_valid()
    assert edit.quotas.forms[8].errors["kuota_tetap"]  # 64.72 is the ninth regency


@pytest.fixture
def admin():
    return User.objects.create(username="admin", role=Role.ADMIN, is_superuser=True)


def test_an_administrator_gets_the_table_of_the_region_chosen(admin):
    # No region of their own: the table was empty when the form was first shown.
    chosen = editor(admin, regions=[], wilayah="64", kuota_total=100, alokasi="tetap")

    assert not chosen.is_valid()
    assert [f["kode"].value() for f in chosen.quotas.forms] == [
        r.kode for r in kabupaten_kota("64")
    ]
    assert "Isi kuota tetap" in chosen.quotas.non_form_errors()[0]
    assert not Program.objects.exists()

    filled = editor(admin, wilayah="64", kuota_total=100, alokasi="tetap",
                    kuota={"64.71": 70, "64.72": 30})  # fmt: skip
    assert filled.is_valid(), filled.quotas.non_form_errors()
    program = filled.save()
    fixed = dict(
        program.kuota_wilayah.exclude(kuota_tetap=None).values_list("wilayah_id", "kuota_tetap")
    )
    assert fixed == {"64.71": 70, "64.72": 30}


def test_a_table_that_does_not_matter_does_not_block_saving(admin):
    # Proportional allocation: the regencies' table is not used, old or new.
    edit = editor(admin, regions=[], wilayah="64.72", alokasi="proporsional_eligible")

    assert edit.is_valid(), (edit.form.errors, edit.quotas.non_form_errors())
    assert edit.save().wilayah_id == "64.72"


def test_choosing_the_region_redraws_the_table_without_saving(admin, client):
    client.force_login(admin)
    data = form_data(regions=[], wilayah="64")
    data["aksi"] = "hitung"

    response = client.post("/program/baru/", querydict(data), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="kuota-0-kode" value="64.01"' in html
    assert 'name="kuota-TOTAL_FORMS" value="10"' in html
    assert not Program.objects.exists()


# --- rules, figures, scope -----------------------------------------------------------


def test_rules_and_weights_are_saved_as_data(manager):
    edit = editor(manager, pekerjaan=["nelayan", "ojek"])

    assert edit.is_valid(), edit.form.errors
    program = edit.save()

    assert program.usia_min == 18 and program.usia_maks == 60
    assert sorted(program.pekerjaan_sasaran.values_list("kode", flat=True)) == ["nelayan", "ojek"]
    assert program.bobot_pekerjaan == {"nelayan": 30, "ojek": 20}
    assert program.bobot_dtks == 40 and program.batas_penghasilan == 2_000_000
    assert program.created_by == manager
    assert program.riwayat.get().aksi == Aksi.DIBUAT


def test_minimum_age_above_maximum_is_refused(manager):
    edit = editor(manager, usia_min=60, usia_maks=18)

    assert not edit.is_valid()
    assert edit.form.errors["usia_maks"] == [
        "Usia maksimal harus sama atau lebih dari usia minimal."
    ]


def test_cost_per_worker_and_capacity_are_computed_from_the_form(manager):
    # 12 months at the floor: Rp 201,600 a worker; Rp 20,000,000 pays 99 of 100 places.
    edit = editor(manager, kuota_total=100, pagu_anggaran=20_000_000)

    assert edit.is_valid()
    assert edit.form.figures == {
        "biaya_per_orang": 201_600,
        "kapasitas": 99,
        "total": 99 * 201_600,
    }


def test_ceiling_below_one_worker_is_refused(manager):
    edit = editor(manager, pagu_anggaran=200_000)

    assert not edit.is_valid()
    assert "201.600" in edit.form.errors["pagu_anggaran"][0]


def test_month_without_a_tariff_is_refused(manager):
    edit = editor(manager, bulan_mulai="2010-01")

    assert not edit.is_valid()
    assert "tarif" in edit.form.errors["bulan_mulai"][0]


def test_city_manager_cannot_choose_the_province(manager):
    city = User.objects.create(username="pengelola-smd", role=Role.MANAGER, wilayah_id="64.72")

    edit = editor(city, wilayah="64", regions=["64.72"])

    assert not edit.is_valid()
    assert "wilayah" in edit.form.errors


def test_changing_the_region_drops_the_regencies_left_outside(manager):
    # services.save_program: a province programme narrowed to one city must not wait
    # for the verification of regencies that are no longer in it.
    make_people([("64.71", dt.date(1990, 1, 1), "ojek", None)] * 2)
    make_people([("64.72", dt.date(1990, 1, 1), "ojek", None)] * 2, first_nik=6472010100000000)
    program = make_program(kuota_total=4)
    services.save_program(user=manager, program=program)
    run_selection(program, user=manager)
    verifier = User.objects.create(username="v", role=Role.VERIFIER, wilayah_id="64.71")
    services.verify_region(user=verifier, program=program, kode="64.71")

    program.wilayah_id = "64.72"
    services.save_program(user=manager, program=program)
    run_selection(program, user=manager)

    assert list(
        KuotaWilayah.objects.filter(program=program).values_list("wilayah_id", flat=True)
    ) == ["64.72"]
    assert not VerifikasiWilayah.objects.filter(program=program).exists()
    assert services.unverified_regions(program) == ["64.72"]


def test_new_programme_form_starts_with_usable_defaults(manager):
    form = ProgramEditor(user=manager).form

    assert form["alokasi"].value() == "proporsional_eligible"
    assert form["jumlah_bulan"].value() == 12
    assert (form["usia_min"].value(), form["usia_maks"].value()) == (15, 65)
    assert re.search(r'value="proporsional_eligible"[^>]*checked', str(form["alokasi"]))


@pytest.mark.parametrize("value", ["-500", "99999"])
def test_priority_weights_outside_0_to_1000_are_refused(manager, value):
    edit = editor(manager, bobot_dtks=value, bobot_per_tahun_menunggu=value)

    assert not edit.is_valid()
    assert {"bobot_dtks", "bobot_per_tahun_menunggu"} <= set(edit.form.errors)
    assert not Program.objects.exists()
