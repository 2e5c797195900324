"""``jaring serve [--port P]`` — serve the web app with a production WSGI server.

Waitress (pure Python, threads) is enough for a district office and runs the same on
Linux and Windows; static files come from WhiteNoise, so no CDN and no extra web server.

The address is printed once the port is bound, so the URL shown is the one that answers.
A port already taken (another Jaring, another program) is said plainly and the next free
one of the following ten is used instead; ``--strict-port`` (for a service manager or a
reverse proxy that expects that port) stops with the reason instead.
"""

import errno
import signal
import sys

from django.conf import settings
from django.core.management import CommandError, call_command

from jaring import commands
from jaring.jobs.supervisor import Supervisor

PORTS_TRIED = 10


class Command(commands.Command):
    help = "Jalankan aplikasi web Jaring."
    gathers_announcements = False  # runs until stopped (see jaring.commands)

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--strict-port",
            action="store_true",
            help="berhenti bila port sudah dipakai, jangan mencari port lain",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="jangan jalankan pekerja latar belakang bersama server",
        )

    def handle(self, *args, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        from jaring.wsgi import application  # after collectstatic: WhiteNoise scans at import

        server = self._bind(application, options)
        url = f"http://{options['host']}:{server.effective_port}/"
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(f"Jaring berjalan di {url} (basis data: {engine}).")
        self.stdout.write("Tekan Ctrl+C untuk berhenti.")
        self.stdout.flush()  # seen at once, also when the output goes to a file or pipe
        # SIGTERM (service managers, CI) exits through `finally`, so the worker stops too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        worker = None
        if not options["no_worker"]:
            # Uploads are processed by `jaring worker`; for a one-machine setup the server
            # starts it alongside itself, starts it again if it dies, and stops it on exit.
            worker = Supervisor().start()
        try:
            server.run()
        finally:
            if worker is not None:
                worker.stop()

    def _bind(self, application, options):
        """A waitress server bound to the asked port or, unless ``--strict-port``, to
        the first free one of the ten after it."""
        from waitress import create_server

        host, port = options["host"], options["port"]
        tries = 1 if options["strict_port"] or port == 0 else PORTS_TRIED
        for candidate in range(port, port + tries):
            try:
                return create_server(
                    application, host=host, port=candidate, threads=options["threads"]
                )
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise CommandError(f"Tidak dapat membuka port {candidate}: {exc}") from exc
                self.stderr.write(f"Port {candidate} sudah dipakai program lain.")
        if tries == 1:
            raise CommandError(
                f"Port {port} sudah dipakai program lain. Hentikan program itu, "
                "atau pilih port lain dengan --port."
            )
        raise CommandError(
            f"Port {port} sampai {port + tries - 1} sudah dipakai semua. "
            "Pilih port lain dengan --port."
        )
