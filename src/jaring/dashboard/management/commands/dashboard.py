"""``jaring dashboard refresh [--only PART]`` — rebuild the summary tables the dashboard
reads by hand (the worker and the import commands do it after every step). Parts:
cakupan, registri, alur, program, peserta, anggaran, klaim (``services.PARTS``)."""

from jaring import commands
from jaring.dashboard.services import PARTS, refresh_summaries


class Command(commands.Command):
    help = "Dasbor: perbarui tabel ringkasan."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        refresh = actions.add_parser("refresh", help="Bangun ulang tabel ringkasan dasbor.")
        refresh.add_argument("--only", choices=PARTS, action="append", help="Hanya ringkasan ini.")

    def handle(self, *args, **options):
        written = refresh_summaries(tuple(options["only"] or PARTS))
        parts = ", ".join(f"{name} {rows} baris" for name, rows in written.items())
        self.stdout.write(f"Ringkasan dasbor diperbarui: {parts}.")
