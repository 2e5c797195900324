"""The worker loop ``jaring worker`` runs: django-tasks' database worker, plus what it
lacks for a worker that is left alone for months.

- Recovery (``jobs.recovery``) when it starts and then every half lease, from a thread
  of its own (so a stuck job is recovered even while this worker runs a long one).
- A dropped database connection (the server restarted, an administrator ended the
  session, the network blinked) does not end the worker: the broken connection is
  closed and the loop starts again after a pause that doubles up to 30 seconds. The
  task it was running, if any, is recovered by its lease.
"""

import contextlib
import logging
import threading
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Worker

from jaring.jobs import leases, recovery

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
MAX_PAUSE = 30.0


def close_connections() -> None:
    """Drop this thread's connections, broken or not; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DATABASE_ERRORS):
            connection.close()


def recover_once() -> None:
    try:
        recovered = recovery.recover()
    except DATABASE_ERRORS as exc:
        logger.warning("Pemulihan pekerjaan tertunda, basis data tidak terjangkau: %s", exc)
        close_connections()
    else:
        if recovered:
            logger.warning("%s pekerjaan yang ditinggalkan pekerja lain dipulihkan.", recovered)


class LeasedWorker(Worker):
    def run(self) -> None:
        recover_once()
        stop = threading.Event()
        threading.Thread(target=self._recover_periodically, args=(stop,), daemon=True).start()
        pause = 1.0
        try:
            while self.running:
                started = time.monotonic()
                try:
                    super().run()
                    return
                except DATABASE_ERRORS as exc:
                    if time.monotonic() - started > 5 * MAX_PAUSE:
                        pause = 1.0  # it ran well for a while: this is a new outage
                    logger.warning(
                        "Koneksi basis data terputus (%s); pekerja menyambung lagi dalam %.0f "
                        "detik.",
                        str(exc).strip().splitlines()[0]
                        if str(exc).strip()
                        else type(exc).__name__,
                        pause,
                    )
                    close_connections()
                    self.running_task = False
                    time.sleep(pause)
                    pause = min(pause * 2, MAX_PAUSE)
        finally:
            stop.set()

    def _recover_periodically(self, stop: threading.Event) -> None:
        try:
            while not stop.wait(max(1.0, leases.lease_seconds() / 2)):
                recover_once()
        finally:
            close_connections()
