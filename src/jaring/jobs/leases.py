"""Leases: how work a dead worker left behind is told from work still running.

A row that some process is working on (a ``Job``, an intake ``Submission``) carries a
lease: ``heartbeat_at``, stamped when the process claims the row and renewed while it
works, and ``attempts``, how many times a process claimed it. The process renews the
stamp from a thread of its own, on its own database connection, every quarter of the
lease, so a long step (one transaction loading a file) keeps its lease too; progress
reported inside a transaction goes out through that thread as well (the row is not
locked by the transaction, and the page sees the progress before the commit).

A row that says it is running but whose stamp is older than the lease was left by a
process that died (killed, out of memory, the machine restarted): ``jobs.recovery``
queues it again or, after ``MAX_ATTEMPTS`` claims, fails it with a reason.

On SQLite one writer at a time holds the database: while another transaction writes, the
stamp waits (and is retried), so the lease must be longer than the longest transaction
(the default, two minutes, is longer than a million-row intake's).
"""

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, models
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


def lease_seconds() -> float:
    return float(settings.JARING_JOBS["LEASE_SECONDS"])


def max_attempts() -> int:
    return int(settings.JARING_JOBS["MAX_ATTEMPTS"])


def expired_before() -> dt.datetime:
    """Stamps older than this belong to a process that stopped renewing them."""
    return timezone.now() - dt.timedelta(seconds=lease_seconds())


def expired(running_status: str) -> Q:
    """Rows that say they are running under a lease nobody renews (the one rule)."""
    return Q(status=running_status) & (
        Q(heartbeat_at__lt=expired_before()) | Q(heartbeat_at__isnull=True)
    )


def is_expired(row, running_status: str) -> bool:
    return row.status == running_status and (
        row.heartbeat_at is None or row.heartbeat_at < expired_before()
    )


def database_gone(exc: BaseException) -> bool:
    """Whether a database error means the database went away — the work is then left to
    its lease, and done again once the database is back — rather than that the work
    failed on it (a deadlock, a timeout, a constraint), which fails it with a reason."""
    if isinstance(exc, InterfaceError):
        return True
    return isinstance(exc, OperationalError) and not connection.is_usable()


def claim(
    model: type[models.Model], pk: int, *, running: str, claimable: list[str], **fields
) -> bool:
    """Mark the row running under this process's lease (one more attempt). False when it
    is not ours to run: finished, running under a lease still renewed elsewhere, or
    abandoned as often as ``MAX_ATTEMPTS`` allows (recovery then fails it)."""
    return bool(
        model.objects.filter(pk=pk)
        .filter(Q(status__in=claimable) | (expired(running) & Q(attempts__lt=max_attempts())))
        .update(status=running, heartbeat_at=timezone.now(), attempts=F("attempts") + 1, **fields)
    )


class Heartbeat:
    """Renews one row's ``heartbeat_at`` while the ``with`` block runs; ``report()``
    writes progress fields with it (at once outside a transaction, else through the
    thread, see the module docstring). With ``running``, only while the row still says
    so: a beat that lands after the work finished (or after recovery queued the row
    again) changes nothing."""

    def __init__(self, model: type[models.Model], pk: int, *, running: str | None = None):
        self.model, self.pk = model, pk
        self.rows = model._default_manager.filter(pk=pk)
        if running is not None:
            self.rows = self.rows.filter(status=running)
        self._pending: dict = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{pk}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def report(self, **fields) -> None:
        if connection.in_atomic_block:
            with self._lock:
                self._pending.update(fields)
            self._wake.set()
        else:
            self.rows.update(heartbeat_at=timezone.now(), **fields)

    def _run(self) -> None:
        interval = lease_seconds() / 4
        try:
            while not self._stop.is_set():
                self._wake.wait(interval)
                self._wake.clear()
                if self._stop.is_set():
                    break
                with self._lock:
                    fields, self._pending = self._pending, {}
                try:
                    self.rows.update(heartbeat_at=timezone.now(), **fields)
                except DatabaseError as exc:
                    # Locked (SQLite, another writer) or a dropped connection: the next
                    # beat tries again on a fresh connection; the progress is kept.
                    logger.debug(
                        "Lease of %s %s not renewed: %s", self.model.__name__, self.pk, exc
                    )
                    with self._lock:
                        self._pending = {**fields, **self._pending}
                    connection.close()
        finally:
            connection.close()
