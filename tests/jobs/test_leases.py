"""The lease rules in one process: what recovery does with a row whose worker died,
what it leaves alone, and what ``start_job`` tells its caller. The same rules with real
killed processes: test_worker_faults.py."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jaring.intake.models import Submission, SubmissionStatus
from jaring.jobs import leases, recovery
from jaring.jobs.models import Job, JobStatus
from jaring.jobs.services import run_job, start_job
from jaring.registry.services import add_agency

pytestmark = pytest.mark.django_db
HANDLER = "jaring.contributions.jobs.billing"


def stale() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=leases.lease_seconds() + 5)


def running_job(*, attempts: int, heartbeat_at, target: str = "iuran:1") -> Job:
    return Job.objects.create(
        jenis="Penagihan", handler=HANDLER, target=target, status=JobStatus.RUNNING,
        progress=1, attempts=attempts, heartbeat_at=heartbeat_at,
    )  # fmt: skip


def queued_tasks(path: str, pk: int) -> int:
    return DBTaskResult.objects.filter(
        task_path=path, status="READY", args_kwargs__args__0=pk
    ).count()


def test_a_job_whose_worker_died_is_queued_again(django_capture_on_commit_callbacks):
    job = running_job(attempts=1, heartbeat_at=stale())

    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover() == 1

    job.refresh_from_db()
    assert (job.status, job.heartbeat_at) == (JobStatus.QUEUED, None)
    assert queued_tasks("jaring.jobs.tasks.run_job_task", job.pk) == 1


def test_a_job_that_killed_its_worker_too_often_fails_with_the_reason():
    job = running_job(attempts=3, heartbeat_at=stale())

    assert recovery.recover() == 1

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "berhenti 3 kali" in job.pesan


def test_a_stale_task_cannot_claim_a_job_past_its_attempts():
    """A task of a job abandoned as often as allowed (a duplicate in the queue, say)
    does not run it a fourth time: only recovery decides, and it fails the job."""
    job = running_job(attempts=3, heartbeat_at=stale())

    assert not leases.claim(
        Job, job.pk, running=JobStatus.RUNNING, claimable=[JobStatus.QUEUED], progress=1
    )
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 3)
    assert leases.claim(
        Job, running_job(attempts=2, heartbeat_at=stale(), target="iuran:2").pk,
        running=JobStatus.RUNNING, claimable=[JobStatus.QUEUED], progress=1,
    )  # fmt: skip


def test_a_job_under_a_renewed_lease_is_left_alone():
    job = running_job(attempts=1, heartbeat_at=timezone.now())

    assert recovery.recover() == 0
    assert start_job(jenis="Penagihan", handler=HANDLER, target="iuran:1").already_running

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert run_job(job.pk).status == JobStatus.RUNNING  # not this process's to run


def test_start_job_recovers_a_dead_job_instead_of_handing_it_back():
    dead = running_job(attempts=3, heartbeat_at=stale())

    job = start_job(jenis="Penagihan", handler=HANDLER, target="iuran:1", params={})

    assert job.pk != dead.pk and job.already_running is False
    dead.refresh_from_db()
    assert dead.status == JobStatus.FAILED


def test_a_submission_whose_worker_died_is_queued_again(
    tmp_path, django_capture_on_commit_callbacks
):
    from jaring.intake.services import create_submission

    agency = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    path = tmp_path / "daftar.csv"
    path.write_text("nik,nama\n")
    submission = create_submission(path=path, agency=agency)
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.PROCESSING, progress=50, attempts=1, heartbeat_at=stale()
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover() == 1

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.QUEUED
    assert queued_tasks("jaring.intake.tasks.process_submission_task", submission.pk) == 1


def test_a_database_error_on_a_live_connection_fails_the_work_not_the_worker():
    """A deadlock or a timeout is the work's failure (failed with a reason); only a
    connection that is gone leaves the work to its lease."""
    from django.db import InterfaceError, OperationalError

    assert not leases.database_gone(OperationalError("deadlock detected"))
    assert leases.database_gone(InterfaceError("connection already closed"))
    assert not leases.database_gone(ValueError("bukan basis data"))
