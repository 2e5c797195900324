"""``jaring serve [--port P]`` — serve the web app with a production WSGI server.

Waitress (pure Python, threads) is enough for a district office and runs the same on
Linux and Windows; static files come from WhiteNoise, so no CDN and no extra web server.
"""

import signal
import sys

from django.conf import settings
from django.core.management import call_command

from jaring import commands
from jaring.jobs.supervisor import Supervisor


class Command(commands.Command):
    help = "Jalankan aplikasi web Jaring."
    gathers_announcements = False  # runs until stopped (see jaring.commands)

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="jangan jalankan pekerja latar belakang bersama server",
        )

    def handle(self, *args, **options):
        from waitress import serve

        call_command("collectstatic", interactive=False, verbosity=0)
        from jaring.wsgi import application  # after collectstatic: WhiteNoise scans at import

        url = f"http://{options['host']}:{options['port']}"
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(f"Jaring berjalan di {url} (basis data: {engine}).")
        self.stdout.write("Tekan Ctrl+C untuk berhenti.")
        # SIGTERM (service managers, CI) exits through `finally`, so the worker stops too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        worker = None
        if not options["no_worker"]:
            # Uploads are processed by `jaring worker`; for a one-machine setup the server
            # starts it alongside itself, starts it again if it dies, and stops it on exit.
            worker = Supervisor().start()
        try:
            serve(
                application, host=options["host"], port=options["port"], threads=options["threads"]
            )
        finally:
            if worker is not None:
                worker.stop()
