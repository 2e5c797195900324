"""``jaring worker`` — run background work (file intake…) from the database queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Jalankan pekerja latar belakang (memproses berkas yang diunggah)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.5, help="detik antar pemeriksaan antrean"
        )

    def handle(self, *args, **options):
        self.stdout.write("Pekerja latar belakang Jaring berjalan. Tekan Ctrl+C untuk berhenti.")
        call_command("db_worker", interval=options["interval"], no_startup_delay=True)
