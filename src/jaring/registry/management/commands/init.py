"""``jaring init`` — create or upgrade the database and load reference data.

Idempotent: run it after every upgrade; a second run changes nothing.
"""

from django.core.management import call_command
from django.core.management.base import CommandError

from jaring import commands
from jaring.wilayah.services import ReferenceDataError, load_reference_data


class Command(commands.Command):
    help = "Buat/perbarui basis data dan muat data referensi (wilayah, kode BPS, pekerjaan)."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Basis data siap (migrasi diterapkan).")
        try:
            counts = load_reference_data()
        except ReferenceDataError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"Data referensi dimuat ({summary}).")
