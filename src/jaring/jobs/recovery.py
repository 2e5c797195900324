"""Recovering work a dead worker left behind (see ``jobs.leases``).

Each kind of leased work (background jobs here, intake submissions in ``intake``)
registers how it is queued and how it fails. ``recover()`` runs when ``jaring worker``
starts and then periodically while it runs, and ``jobs.services.start_job`` runs
``recover_row`` on a job it would otherwise hand back. For every kind:

- a row running under an expired lease is queued again (every step is idempotent:
  intake loads a file in one transaction and re-sending it adds nothing, billing a month
  again changes nothing), or failed with an Indonesian reason once it was claimed
  ``MAX_ATTEMPTS`` times;
- the queue's record of the task that died (django-tasks' database backend leaves it
  RUNNING forever; it has no heartbeat of its own) is marked failed;
- a queued row whose task is missing (the worker died between taking the task and
  claiming the row) gets a task again.

Each change is a conditional ``UPDATE`` on the stale state, so two workers (or a worker
and a web request) recovering at once act once.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from jaring.jobs import leases

logger = logging.getLogger(__name__)

ABANDONED_MESSAGE = (
    "Pekerja latar belakang berhenti {attempts} kali saat mengerjakan ini (misalnya "
    "dimatikan atau kehabisan memori), jadi pekerjaan dihentikan. Jalankan lagi, atau "
    "hubungi administrator bila terulang."
)


@dataclass(frozen=True)
class LeasedWork:
    """How one kind of leased row is recovered."""

    model: type
    task_path: str  # the django-tasks Task that runs one row, called with its pk
    queued: str
    running: str
    failed: Callable[[str], dict]  # the fields that fail a row with a message

    @property
    def task(self):
        # Imported when needed: a task module may pull in heavy parts (matching).
        return import_string(self.task_path)


_REGISTRY: list[LeasedWork] = []


def register(work: LeasedWork) -> None:
    if all(known.model is not work.model for known in _REGISTRY):
        _REGISTRY.append(work)


def recover() -> int:
    """Recover every kind of leased work; how many rows were queued again or failed."""
    return sum(_recover_kind(work) for work in list(_REGISTRY))


def _recover_kind(work: LeasedWork) -> int:
    _fail_dead_tasks(work)
    changed = 0
    for row in work.model.objects.filter(leases.expired(work.running)).only(
        "pk", "status", "heartbeat_at", "attempts"
    ):
        changed += recover_row(work, row)
    _requeue_orphans(work)
    return changed


def work_for(model: type) -> LeasedWork:
    return next(work for work in _REGISTRY if work.model is model)


def recover_row(work: LeasedWork, row) -> bool:
    """Queue again or fail ``row`` if its lease expired; True if this call changed it."""
    stale = work.model.objects.filter(leases.expired(work.running), pk=row.pk)
    if row.attempts >= leases.max_attempts():
        message = ABANDONED_MESSAGE.format(attempts=row.attempts)
        changed = stale.update(**work.failed(message))
        if changed:
            logger.warning("%s %s gagal: %s", work.model.__name__, row.pk, message)
    else:
        changed = stale.update(status=work.queued, heartbeat_at=None)
        if changed:
            logger.warning(
                "%s %s ditinggalkan pekerja yang berhenti; diantrekan lagi (percobaan %s)",
                work.model.__name__,
                row.pk,
                row.attempts + 1,
            )
            _fail_dead_tasks(work, pk=row.pk)
            transaction.on_commit(lambda: work.task.enqueue(row.pk))
    return bool(changed)


def _task_results():
    """The database queue's task records, or None with another task backend."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def _fail_dead_tasks(work: LeasedWork, pk: int | None = None) -> None:
    """Mark failed the queue's RUNNING records of ``work`` whose row's lease is not
    renewed (all of them for ``pk`` when its row was just recovered)."""
    results = _task_results()
    if results is None:
        return
    from django_tasks_db.compat import TaskResultStatus

    running = results.filter(status=TaskResultStatus.RUNNING, task_path=work.task_path)
    if pk is not None:
        running = running.filter(args_kwargs__args__0=pk)
    else:
        running = running.filter(started_at__lt=leases.expired_before())
    for record in running.only("pk", "args_kwargs"):
        row_pk = record.args_kwargs["args"][0]
        if pk is None and _lease_alive(work, row_pk):
            continue
        results.filter(pk=record.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="jaring.jobs.recovery.WorkerStopped",
            traceback="Pekerja latar belakang berhenti saat menjalankan tugas ini.",
        )


def _lease_alive(work: LeasedWork, pk: int) -> bool:
    return work.model.objects.filter(pk=pk, heartbeat_at__gte=leases.expired_before()).exists()


def _requeue_orphans(work: LeasedWork) -> None:
    results = _task_results()
    if results is None:
        return
    from django_tasks_db.compat import TaskResultStatus

    waiting = Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING)
    for row in work.model.objects.filter(
        status=work.queued, created_at__lt=leases.expired_before()
    ).only("pk"):
        task_rows = results.filter(waiting, task_path=work.task_path)
        if not task_rows.filter(args_kwargs__args__0=row.pk).exists():
            logger.warning(
                "%s %s menunggu tanpa tugas; diantrekan lagi", work.model.__name__, row.pk
            )
            work.task.enqueue(row.pk)
