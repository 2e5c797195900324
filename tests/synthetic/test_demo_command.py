"""`jaring demo`: believable Kaltim data, a user for every role, logins printed."""

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings

from jaring.accounts.models import Role, User
from jaring.registry.models import Agency, Person, SourceRecord
from jaring.synthetic.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """One demo for the module (it runs some forty intakes), inside a transaction
    rolled back at the end; each test runs in a savepoint inside it."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = StringIO()
        try:
            call_command("demo", workers=400, seed=5, stdout=out)
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            media.disable()
            raise
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()


def test_every_regency_has_submitting_agencies(demo_output):
    regencies = set(Agency.objects.filter(wilayah__tingkat=2).values_list("wilayah_id", flat=True))
    assert len(regencies) == 10
    assert Agency.objects.filter(kode="POKMAS-6472", nama__icontains="Probebaya").exists()
    # Fisheries offices only on the coast: none in Mahakam Ulu or Kutai Barat.
    assert not Agency.objects.filter(kode__in=["DKP-6411", "DKP-6407"]).exists()


def test_workers_are_loaded_with_repeats_and_rejections(demo_output):
    assert Person.objects.count() > 300
    assert SourceRecord.objects.count() > Person.objects.count()  # some listed twice
    assert "ditolak" in demo_output


def test_a_user_for_every_role_who_can_log_in(demo_output):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in User.objects.values_list("username", flat=True):
        assert username in demo_output
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_if_empty_leaves_existing_data_alone(demo_output):
    persons = Person.objects.count()
    out = StringIO()
    call_command("demo", workers=400, seed=6, if_empty=True, stdout=out)
    assert Person.objects.count() == persons
    assert "operator.bpn" in out.getvalue()


def test_same_seed_same_population():
    from jaring.synthetic.bulk import generate

    assert generate(300, seed=9).equals(generate(300, seed=9))


def test_demo_fills_the_dashboard_for_a_regency_leader(demo_output):
    from jaring.dashboard.models import CoverageSummary, CoveredCount, SummaryRefresh
    from jaring.dashboard.queries import build
    from jaring.dashboard.services import PARTS
    from jaring.enrollment.models import Peserta

    leader = User.objects.get(username="pimpinan.bpn")
    assert (leader.role, leader.wilayah_id) == (Role.VIEWER, "64.71")
    assert set(SummaryRefresh.objects.values_list("nama", flat=True)) == set(PARTS)
    assert CoverageSummary.objects.filter(angkatan_kerja__isnull=False).count() == 10 * 12

    panels = build(leader, {}).panels
    [row] = panels["cakupan"].rows
    month = CoverageSummary.objects.latest("bulan").bulan
    reported = CoveredCount.objects.filter(wilayah_id="64.71", bulan=month)
    assert row[1] == "64.71" and row[4] == sum(c.peserta for c in reported)
    assert 60 < row[7] < 90  # a city well covered, as in the seeds
    assert (
        panels["pekerjaan"].footer[2]
        == Person.objects.filter(wilayah__kode__startswith="64.71.").count()
    )
    # Refreshed after the programme, billing and claims steps: every panel has figures.
    for key, panel in panels.items():
        assert panel.rows, key
    assert (
        panels["peserta"].footer[2]
        == Peserta.objects.filter(
            program__kode__startswith="KALTIM-", kode_kabupaten="64.71"
        ).count()
    )
    assert "Dasbor: ringkasan diperbarui" in demo_output


def test_demo_leaves_merges_and_pairs_for_each_city_verifier(demo_output):
    from jaring.matching.models import Merge
    from jaring.matching.queries import review_queue
    from jaring.registry.models import RegencyTally
    from jaring.registry.services import recount_regencies

    assert Merge.objects.filter(automatic=True).count() >= 3
    assert "digabung otomatis" in demo_output
    for username in ("verifikator.bpn", "verifikator.smd"):
        queue = review_queue(User.objects.get(username=username))
        assert queue.filter(family_guard=True).exists()  # twins: to answer "different"
        assert queue.filter(family_guard=False).exists()  # a move: to answer "same"
    kept = dict(RegencyTally.objects.filter(jumlah__gt=0).values_list("kode_kabupaten", "jumlah"))
    assert recount_regencies() == kept


def test_province_programme_is_enrolled_billed_mostly_paid_with_claims(demo_output):
    from jaring.claims.models import Klaim
    from jaring.contributions import queries
    from jaring.contributions.models import Tagihan
    from jaring.enrollment.models import AlasanBerakhir, Peserta
    from jaring.programs.models import Program

    province = Program.objects.get(kode__startswith="KALTIM-")
    participants = Peserta.objects.filter(program=province)
    assert participants.filter(status="diterima", kpj__isnull=False).count() > 50
    assert participants.filter(status="ditolak").exclude(alasan_tolak="").exists()
    # The replacements of the rejected wait for the next batch (a step left for the user).
    assert participants.filter(status="menunggu", batch__isnull=True).exists()
    invoices = Tagihan.objects.filter(program=province)
    assert invoices.filter(dibayar=0).exists() or invoices.count() == 1  # this month
    assert invoices.filter(dibayar__gt=0, dibayar__lt=F("jumlah")).count() == 1
    assert queries.reconciliation(province).ok
    assert queries.lines_outside_cover(province) == 0
    assert Klaim.objects.filter(jenis="JKM", meninggal=True).count() == 1
    assert participants.filter(alasan_berakhir=AlasanBerakhir.MENINGGAL).count() == 1
    assert "Iuran KALTIM-" in demo_output
