"""The summaries follow the base tables without anyone running ``jaring dashboard
refresh``: a web upload's background task queues a rebuild that the worker runs, and
the commands that load data rebuild what they changed themselves."""

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


def test_web_upload_task_queues_a_refresh_that_the_worker_runs(agency, tmp_path):
    refresh_summaries()
    assert registry_total() == 0
    submission = create_submission(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=agency)

    process_submission_task.call(submission.pk)  # what the worker does with an upload

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
