"""``jaring worker`` — run background work (file intake, selection, billing, dashboard
refreshes…) from the database queue, recovering what a dead worker left behind and
surviving a dropped database connection (``jobs.worker``)."""

import logging
import os

from django.core.management import call_command
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from jaring import commands
from jaring.jobs.worker import LeasedWorker


class QuietWorker(DatabaseWorker):
    """The queue's worker, telling only what went wrong at the default verbosity.

    Every task's start and end at INFO (dashboard refreshes after each upload are dozens
    in a demo load) would push the demo logins `make run` prints off the screen; a
    failed task is logged at ERROR and still shows. ``-v 2`` shows every task."""

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in ("django.tasks", "django_tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        # django-tasks' own handle, with the worker loop swapped for LeasedWorker.
        self.configure_logging(verbosity)
        worker = LeasedWorker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()


class Command(commands.Command):
    help = "Jalankan pekerja latar belakang (unggahan, seleksi, penagihan, dasbor)."
    gathers_announcements = False  # runs until stopped (see jaring.commands)

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.5, help="detik antar pemeriksaan antrean"
        )

    def handle(self, *args, **options):
        self.stdout.write("Pekerja latar belakang Jaring berjalan. Tekan Ctrl+C untuk berhenti.")
        call_command(
            QuietWorker(),
            interval=options["interval"],
            no_startup_delay=True,
            verbosity=options["verbosity"],
        )
