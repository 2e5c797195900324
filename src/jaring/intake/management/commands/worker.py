"""``jaring worker`` — run background work (file intake, selection, billing, dashboard
refreshes…) from the database queue."""

import logging

from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from jaring import commands


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


class Command(commands.Command):
    help = "Jalankan pekerja latar belakang (unggahan, seleksi, penagihan, dasbor)."

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
