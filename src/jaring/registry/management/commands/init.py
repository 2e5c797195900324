"""``jaring init`` — create or upgrade the database and load reference data.

Idempotent: run it after every upgrade; a second run changes nothing, and when the
reference data's sources have not changed it does not read them again (a second or so,
so ``make run`` starts serving at once).
"""

from django.core.management import call_command
from django.core.management.base import CommandError

from jaring import commands
from jaring.wilayah.services import ReferenceDataError, ensure_reference_data


class Command(commands.Command):
    help = "Buat/perbarui basis data dan muat data referensi (wilayah, kode BPS, pekerjaan)."
    # Django's system checks import every URL module (the API, matching, Splink): seconds
    # on every start for nothing init needs; `jaring serve` and `jaring check` run them.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Basis data siap (migrasi diterapkan).")
        try:
            counts = ensure_reference_data()
        except ReferenceDataError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if counts is None:
            self.stdout.write("Data referensi sudah terbaru (tidak ada yang dimuat ulang).")
            return
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"Data referensi dimuat ({summary}).")
