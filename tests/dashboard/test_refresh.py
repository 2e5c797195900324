"""The summaries follow the base tables without anyone running ``jaring dashboard
refresh``: a web upload's background task, and every programme step (selection,
approval, registration, billing, payment, claims, a merge decision), queues a rebuild
of what it changed that the worker runs; the commands that load data rebuild what they
changed themselves."""

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
sys.path.insert(0, str(Path(__file__).parent.parent / "programs"))
from intake_samples import MIXED_ROWS, write_csv

from jaring.dashboard.models import (
    CoverageSummary,
    PipelineSummary,
    RegistrySummary,
    SummaryRefresh,
    Tahap,
)
from jaring.dashboard.services import import_coverage, refresh_summaries
from jaring.dashboard.tasks import refresh_summaries_task
from jaring.intake.services import create_submission
from jaring.intake.tasks import process_submission_task
from jaring.registry.models import Person
from jaring.registry.services import add_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")


def registry_total() -> int:
    return RegistrySummary.objects.aggregate(n=Sum("jumlah"))["n"] or 0


def queued_refreshes() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path__endswith="refresh_summaries_task", status="READY")
    )


def test_web_upload_task_queues_a_refresh_that_the_worker_runs(
    agency, tmp_path, django_capture_on_commit_callbacks
):
    refresh_summaries()
    assert registry_total() == 0
    submission = create_submission(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=agency)

    # What the worker does with an upload; its load commits (the test's transaction
    # stands in for that commit), which delivers the intake's announcement.
    with django_capture_on_commit_callbacks(execute=True):
        process_submission_task.call(submission.pk)

    [queued] = queued_refreshes()
    assert queued.args_kwargs["args"][0] == ["registri", "alur"]
    assert registry_total() == 0  # not yet: the worker has not run it
    # What `jaring worker` does with it (its loop closes the test's connection).
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert registry_total() == Person.objects.count() == 3
    stages = dict(PipelineSummary.objects.values_list("tahap", "jumlah"))
    assert stages[Tahap.DIAJUKAN] == 16 and stages[Tahap.TERDAFTAR] == 3


def test_queued_refresh_is_skipped_when_a_later_rebuild_already_read_the_rows(agency):
    asked = timezone.now()
    refresh_summaries(("registri", "alur"))  # e.g. the task of a later upload

    assert refresh_summaries_task.call(["registri", "alur"], asked.isoformat()) == {
        "skipped": ["registri", "alur"]
    }
    rebuilt = SummaryRefresh.objects.get(nama="registri").refreshed_at
    later = timezone.now()  # asked after that rebuild began: it may have missed rows
    assert refresh_summaries_task.call(["registri"], later.isoformat()) == {"registri": 0}
    assert SummaryRefresh.objects.get(nama="registri").refreshed_at >= later > rebuilt


def test_refresh_time_is_when_the_rebuild_began_reading():
    before = timezone.now()
    refresh_summaries(("alur",))
    after = timezone.now()

    stamp = SummaryRefresh.objects.get(nama="alur")
    assert before <= stamp.refreshed_at <= after
    assert stamp.refreshed_at + dt.timedelta(seconds=stamp.seconds) <= after


def test_intake_command_rebuilds_the_registry_and_pipeline_summaries(agency, tmp_path):
    path = write_csv(tmp_path / "a.csv", MIXED_ROWS)

    call_command("intake", str(path), agency="DKP-6471", stdout=io.StringIO(), stderr=io.StringIO())

    assert registry_total() == 3
    assert PipelineSummary.objects.filter(tahap=Tahap.DIAJUKAN).get().jumlah == 16


def test_labour_force_command_rebuilds_the_coverage_rates(tmp_path):
    coverage = tmp_path / "cakupan.csv"
    coverage.write_text("kode_wilayah,bulan,segmen,peserta\n64.71,2024-01,PU,90000\n")
    import_coverage(coverage)
    refresh_summaries(("cakupan",))
    assert CoverageSummary.objects.get().angkatan_kerja is None
    labour = tmp_path / "ak.csv"
    labour.write_text("kode_bps,tahun,angkatan_kerja\n6471,2024,360000\n")

    call_command("wilayah", "angkatan-kerja", str(labour), stdout=io.StringIO())

    summary = CoverageSummary.objects.get()
    assert (summary.angkatan_kerja, summary.tahun_angkatan_kerja) == (360000, 2024)


# --- The programme side: each step asks the worker for the summaries it changed ----------


def run_queued() -> list[list[str]]:
    """Run what the worker would: every queued refresh, oldest first; their parts."""
    ran = []
    for queued in sorted(queued_refreshes(), key=lambda q: q.enqueued_at):
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
        ran.append(queued.args_kwargs["args"][0])
        queued.delete()
    return ran


def test_programme_steps_queue_the_summaries_they_change(
    tmp_path, django_capture_on_commit_callbacks
):
    from billing_world import admin, approved_program, enrol_all

    from jaring.contributions.billing import bill_month
    from jaring.contributions.models import Tagihan
    from jaring.contributions.payments import record_payment
    from jaring.dashboard.models import AnggaranSummary, KuotaSummary, PesertaSummary

    with django_capture_on_commit_callbacks(execute=True):
        program = approved_program(start=dt.date(2025, 1, 1), kode="Q")
    assert run_queued() == [["program"], ["program"]]  # selection, approval
    assert KuotaSummary.objects.aggregate(n=Sum("disetujui"))["n"] == 5

    with django_capture_on_commit_callbacks(execute=True):
        enrol_all(program, tmp_path, bulan_pertama=program.bulan_mulai)
    assert run_queued() == [["program", "peserta"], ["program", "peserta"]]  # batch, response
    assert PesertaSummary.objects.filter(status="aktif").exists()

    with django_capture_on_commit_callbacks(execute=True):
        bill_month(user=admin(), program=program, month=program.bulan_mulai)
        invoice = Tagihan.objects.get(program=program)
        record_payment(user=admin(), tagihan=invoice, jumlah=invoice.jumlah,
                       tanggal=dt.date(2025, 2, 20), referensi="SP2D-1")  # fmt: skip
    assert run_queued()[-1] == ["peserta", "anggaran"]
    summary = AnggaranSummary.objects.aggregate(b=Sum("ditagih"), p=Sum("dibayar"))
    assert summary == {"b": invoice.jumlah, "p": invoice.jumlah}


def test_a_step_rolled_back_asks_for_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    from jaring.events import Topic, announce

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        announce(Topic.CONTRIBUTIONS)
        transaction.set_rollback(True)
    assert not callbacks and not queued_refreshes()


def test_billing_and_claims_commands_rebuild_their_summaries(tmp_path):
    from billing_world import approved_program, enrol_all

    from jaring.claims.models import Klaim
    from jaring.contributions.models import Tagihan
    from jaring.dashboard.models import AnggaranSummary, KlaimSummary

    program = approved_program(start=dt.date(2025, 1, 1), kode="R")
    enrol_all(program, tmp_path, bulan_pertama=program.bulan_mulai)
    out = io.StringIO()

    call_command(
        "billing", "run", "--programme", "R", "--month", "2025-03", "--through", stdout=out
    )

    billed = Tagihan.objects.filter(program=program).aggregate(s=Sum("jumlah"))["s"]
    assert AnggaranSummary.objects.aggregate(s=Sum("ditagih"))["s"] == billed > 0
    peserta = program.peserta.filter(status="diterima").select_related("person").first()
    claims = tmp_path / "klaim.csv"
    claims.write_text(
        "KPJ,NIK,Nama,Jenis Klaim,Tanggal Kejadian,Tanggal Bayar,Jumlah,Ahli Waris\n"
        f"{peserta.kpj},,,JKK,2025-02-01,2025-02-20,2500000,\n"
    )
    call_command("claims", "import", str(claims), stdout=out)
    assert Klaim.objects.count() == 1
    assert list(KlaimSummary.objects.values_list("jenis", "jumlah", "nilai")) == [
        ("JKK", 1, 2_500_000)
    ]


def test_a_verifiers_merge_and_its_undo_queue_the_registry_and_pipeline(
    django_capture_on_commit_callbacks,
):
    from billing_world import admin
    from programs_world import make_people

    from jaring.matching.models import CandidatePair, Merge
    from jaring.matching.services import decide_pair, undo_merge

    a, b = make_people([("64.71", dt.date(1980, 1, 1), "ojek", None)] * 2)
    pair = CandidatePair.objects.create(
        person_a=a, person_b=b, match_probability=0.8, match_weight=5, created_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        decide_pair(pair=pair, user=admin(), same=True)
    assert run_queued() == [["registri", "alur"]]
    assert PipelineSummary.objects.get(tahap=Tahap.DIGABUNG).jumlah == 1

    with django_capture_on_commit_callbacks(execute=True):
        undo_merge(merge=Merge.objects.get(pair=pair), user=admin())
    assert run_queued() == [["registri", "alur"]]
    assert not PipelineSummary.objects.filter(tahap=Tahap.DIGABUNG).exists()
