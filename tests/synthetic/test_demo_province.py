"""`jaring demo --provinsi 76`: West Sulawesi end to end — intake, selection, enrolment,
billing and the dashboard's figures all land in province 76, built from the province's
row of the data table; and a province without a row gets the default."""

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from jaring.accounts.models import Role, User
from jaring.registry.models import Agency, Person, SourceRecord
from jaring.synthetic.provinces import profile

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
SULBAR = {"76.01", "76.02", "76.03", "76.04", "76.05", "76.06"}


@pytest.fixture(scope="module")
def sulbar(django_db_setup, django_db_blocker, tmp_path_factory):
    """One small Sulawesi Barat demo for the module, rolled back at the end."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = StringIO()
        try:
            call_command("demo", provinsi="76", workers=200, seed=11, stdout=out)
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            media.disable()
            raise
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()


def regencies_of(codes):
    return {code[:5] for code in codes}


def test_intake_lands_every_worker_and_office_in_west_sulawesi(sulbar):
    assert "Provinsi Sulawesi Barat" in sulbar
    persons = Person.objects.values_list("wilayah_id", flat=True)
    assert len(persons) > 120
    assert regencies_of(persons) <= SULBAR
    assert len(regencies_of(persons)) >= 5  # spread over the province, by population
    assert SourceRecord.objects.count() > Person.objects.count()  # some listed twice
    offices = Agency.objects.values_list("wilayah_id", flat=True)
    assert {code[:2] for code in offices} == {"76"}
    # Fisheries offices on the coast only: Mamasa is in the highlands.
    assert Agency.objects.filter(kode="DKP-7605").exists()  # Majene
    assert not Agency.objects.filter(kode="DKP-7603").exists()


def test_occupations_follow_the_regency_table(sulbar):
    def occupations(*regencies):
        rows = Person.objects.none()
        for regency in regencies:
            rows |= Person.objects.filter(wilayah__kode__startswith=regency + ".")
        return list(rows.values_list("pekerjaan__kode", flat=True))

    # Mamasa's row of the table has no fishermen; the Mandar coast has many.
    assert "nelayan" not in profile("76").pekerjaan["76.03"]
    assert occupations("76.03").count("nelayan") <= 1  # at most a moved near-duplicate
    coast = occupations("76.05", "76.04", "76.02")
    assert coast.count("nelayan") >= 3
    # Pasangkayu's oil palm: day labourers and smallholders before anything else.
    palm = occupations("76.01")
    assert palm.count("buruh_harian_lepas") + palm.count("pekebun") > len(palm) / 3


def test_province_programme_selected_enrolled_billed_in_province_76(sulbar):
    from jaring.contributions import queries
    from jaring.contributions.models import Pembayaran, Tagihan
    from jaring.enrollment.models import Peserta
    from jaring.programs.models import DasarHukum, Penerima, Program

    province = Program.objects.get(kode=f"SULBAR-{YEAR}")
    assert province.wilayah_id == "76"
    assert "Provinsi Sulawesi Barat" in province.nama
    chosen = Penerima.objects.filter(program=province)
    assert chosen.count() > 20
    assert regencies_of(chosen.values_list("person__wilayah_id", flat=True)) <= SULBAR
    enrolled = Peserta.objects.filter(program=province, status="diterima", kpj__isnull=False)
    assert enrolled.count() > 10
    assert regencies_of(enrolled.values_list("kode_kabupaten", flat=True)) <= SULBAR
    invoices = Tagihan.objects.filter(program=province)
    assert invoices.exists()
    assert Pembayaran.objects.filter(tagihan__program=province).exists() or invoices.count() == 1
    assert queries.reconciliation(province).ok
    # The regency top-up: Polewali Mandar's, by its regent's regulation.
    topup = Program.objects.get(kode=f"PWM-APBDP-{YEAR}")
    assert (topup.wilayah_id, topup.dasar_hukum_jenis) == ("76.04", DasarHukum.PERBUP)
    assert "Kabupaten Polewali Mandar" in topup.nama


def test_dashboard_figures_for_west_sulawesi(sulbar):
    from jaring.dashboard.models import CoverageSummary
    from jaring.dashboard.queries import build
    from jaring.wilayah.models import AngkatanKerja

    # The labour force went in by name, as BPS prints it, matched to Kemendagri codes.
    labour = AngkatanKerja.objects.filter(tahun=YEAR - 1)
    assert set(labour.values_list("wilayah_id", flat=True)) == SULBAR
    assert "angka angkatan kerja" in sulbar
    summaries = CoverageSummary.objects.filter(angkatan_kerja__isnull=False)
    assert summaries.count() == 6 * 12
    assert {kode[:2] for kode in summaries.values_list("kode_kabupaten", flat=True)} == {"76"}

    leader = User.objects.get(username="pimpinan.mmj")
    assert (leader.role, leader.wilayah_id) == (Role.VIEWER, "76.02")
    panels = build(leader, {}).panels
    [row] = panels["cakupan"].rows
    assert row[1] == "76.02"
    assert 10 < row[7] < 80
    for key, panel in panels.items():
        assert panel.rows, key


def test_demo_users_for_the_province(sulbar):
    expected = {
        "pengelola.sulbar": (Role.MANAGER, "76"),
        "keuangan.sulbar": (Role.FINANCE, "76"),
        "bpjs.sulbar": (Role.BPJS, "76"),
        "operator.mmj": (Role.OPERATOR, "76.02"),
        "verifikator.pwm": (Role.VERIFIER, "76.04"),
    }
    for username, (role, region) in expected.items():
        user = User.objects.get(username=username)
        assert (user.role, user.wilayah_id) == (role, region)
        assert username in sulbar
    assert User.objects.get(username="operator.mmj").agency.wilayah_id == "76.02"
    assert not User.objects.filter(username__endswith=".kaltim").exists()


def test_a_province_without_a_row_gets_the_default_profile():
    north = profile("65")  # Kalimantan Utara: not in the table
    assert north.nama == "Kalimantan Utara"
    assert north.singkat == "prov65"
    assert north.tempat[0].kode == "65.71"  # Tarakan, the city, first
    assert set(north.regencies) == set(north.pekerjaan) == set(north.cakupan)
    assert abs(sum(share for share, _r, _p in north.cakupan.values()) - 1) < 1e-9
    assert north.pekerjaan["65.71"] != north.pekerjaan["65.01"]  # a city trades


def test_unknown_province_or_tiny_size_is_refused():
    before = Person.objects.count()
    cases = [({"provinsi": "99"}, "Provinsi '99' tidak ada di data referensi wilayah"),
             ({"provinsi": "76", "workers": 5}, "minimal 50")]  # fmt: skip
    for options, message in cases:
        with pytest.raises(CommandError, match=message) as caught:
            call_command("demo", stdout=StringIO(), **options)
        assert caught.value.returncode == 2
    assert Person.objects.count() == before


def test_default_is_the_installations_province(settings):
    assert settings.JARING_PROVINSI == "64"
    assert profile(settings.JARING_PROVINSI).singkat == "kaltim"
