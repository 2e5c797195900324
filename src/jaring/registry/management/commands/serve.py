"""``jaring serve [--port P]`` — serve the web app with a production WSGI server.

Waitress (pure Python, threads) is enough for a district office and runs the same on
Linux and Windows; static files come from WhiteNoise, so no CDN and no extra web server.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Jalankan aplikasi web Jaring."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options):
        from waitress import serve

        from jaring.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}"
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(f"Jaring berjalan di {url} (basis data: {engine}).")
        self.stdout.write("Tekan Ctrl+C untuk berhenti.")
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
