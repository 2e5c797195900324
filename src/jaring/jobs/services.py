"""Starting and running background jobs (see ``models``).

A handler is a plain function ``handler(*, user, progress, **params) -> dict`` living in
the app whose work it is (``programs.jobs.run_selection``…); it calls the same services
the command line calls. Errors that carry a message for the user (``ValueError`` and its
subclasses, ``PermissionDenied``) end the job with that message; anything else ends it
with a generic message and goes to the log.

A job runs under a lease (``jobs.leases``): the process running it renews it, and a job
a dead worker left "berjalan" is queued again or failed (``jobs.recovery``).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jaring.jobs import leases, recovery
from jaring.jobs.models import Job, JobStatus
from jaring.riwayat import context as riwayat

logger = logging.getLogger(__name__)


def start_job(
    *, jenis: str, handler: str, target: str, user=None, params: dict | None = None
) -> Job:
    """Record a job and hand it to the worker once the caller's transaction commits.

    A job of the same kind still queued or running for the same object is returned
    instead of starting a second one, with ``already_running`` set so the page can say
    so (a new job has it False); a unique constraint makes this hold for two requests
    at the same moment too. A running job whose worker died (its lease expired) is
    first recovered: queued again, or failed after too many attempts, in which case a
    new job starts."""
    from jaring.jobs.tasks import run_job_task

    running = active_job(target, handler)
    if running is not None and leases.is_expired(running, JobStatus.RUNNING):
        recovery.recover_row(recovery.work_for(Job), running)
        running.refresh_from_db()
        if running.finished:
            running = None
    if running is None:
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    jenis=jenis, handler=handler, target=target, params=params or {},
                    created_by=user, bahasa=translation.get_language() or "",
                )  # fmt: skip
        except IntegrityError:
            # Another request started the same job a moment ago (the database allows
            # one active job per object and handler): that one is the answer.
            running = active_job(target, handler)
            if running is None:
                raise
        else:
            job.already_running = False
            transaction.on_commit(lambda: run_job_task.enqueue(job.pk))
            return job
    running.already_running = True
    return running


def active_job(target: str, handler: str) -> Job | None:
    """The job of ``handler`` on ``target`` still queued or running, if any: the page
    disables the button that would start it again."""
    return Job.objects.filter(
        target=target, handler=handler, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()


def started_at(job: Job) -> str:
    """When ``job`` started, as the user's language writes a time ("10.02"), with the
    day in front when it is not today: the "… sedang berjalan sejak …" messages."""
    moment = timezone.localtime(job.created_at)
    time = formats.time_format(moment)
    if moment.date() == timezone.localdate():
        return time
    return f"{formats.date_format(moment.date(), 'j F')} {time}"


def run_job(job_id: int) -> Job:
    """Run one job now, in this process (the worker's task, or a test), under its lease.
    A job already finished, or running under a lease another process renews, is left
    alone."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.finished or not leases.claim(
        Job, job.pk, running=JobStatus.RUNNING, claimable=[JobStatus.QUEUED], progress=1
    ):
        job.refresh_from_db()
        return job

    with (
        translation.override(job.bahasa or None),
        leases.Heartbeat(Job, job.pk, running=JobStatus.RUNNING) as lease,
    ):

        def progress(percent: int, message: str = "") -> None:
            lease.report(progress=max(1, min(99, percent)), pesan=message[:1000])

        try:
            # What the job changes is recorded under the user who started it.
            with riwayat.acting(job.created_by):
                result = import_string(job.handler)(
                    user=job.created_by, progress=progress, **job.params
                )
        except (ValueError, PermissionDenied) as exc:
            message = str(exc) or _("Anda tidak berwenang melakukan pekerjaan ini.")
            _finish(job, JobStatus.FAILED, message, None)
        except Exception as exc:
            if leases.database_gone(exc):
                # Not the job's failure: its lease runs out and it is queued again once
                # the database is back (jobs.recovery).
                raise
            logger.exception("Job %s (%s) failed", job.pk, job.handler)
            _finish(
                job, JobStatus.FAILED, _("Terjadi kesalahan sistem; hubungi administrator."), None
            )
        else:
            _finish(job, JobStatus.DONE, "", result)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, message: str, result) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        progress=100 if status == JobStatus.DONE else Job.objects.get(pk=job.pk).progress,
        pesan=message[:1000],
        hasil=result,
        finished_at=timezone.now(),
    )


def latest_job(target: str, handler: str | None = None) -> Job | None:
    jobs = Job.objects.filter(target=target)
    if handler:
        jobs = jobs.filter(handler=handler)
    return jobs.order_by("-created_at", "-id").first()
