"""``jaring program list`` and ``jaring program seleksi KODE [--json]`` — programmes from
the command line (batch runs, benchmarks); the same services as the pages."""

import json

from django.core.management.base import CommandError

from jaring import commands
from jaring.programs.models import Program
from jaring.programs.selection import SelectionError, run_selection


class Command(commands.Command):
    help = "Daftar program dan menjalankan seleksi penerima."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="daftar program")
        select = sub.add_parser("seleksi", help="jalankan seleksi penerima sebuah program")
        select.add_argument("kode")
        select.add_argument("--json", action="store_true", help="cetak ringkasan sebagai JSON")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for p in Program.objects.select_related("wilayah").order_by("kode"):
                self.stdout.write(
                    f"{p.kode:<24} {p.get_status_display():<16} {p.wilayah.nama:<28} "
                    f"{p.bulan_mulai:%m/%Y} +{p.jumlah_bulan} bln  kuota {p.kuota_total}"
                )
            return
        program = Program.objects.filter(kode=options["kode"]).first()
        if program is None:
            raise CommandError(f"Program {options['kode']} tidak ditemukan.", returncode=2)
        try:
            summary = run_selection(program)
        except SelectionError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{summary.candidates} kandidat, {summary.eligible} memenuhi syarat, "
            f"{summary.selected} terpilih dari {summary.capacity} tempat "
            f"({summary.seconds:.1f} detik)."
        )
        for alasan, jumlah in summary.reasons.items():
            self.stdout.write(f"  {alasan:<16} {jumlah}")
