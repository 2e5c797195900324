"""``jaring dtks import FILE [--sumber TEKS] [--json]`` — replace the poverty registry
(DTKS/P3KE) with Dinas Sosial's latest list (``programs.dtks``)."""

import json
from pathlib import Path

from jaring import commands
from jaring.commands import run_file_import
from jaring.programs.dtks import import_dtks


class Command(commands.Command):
    help = "Impor daftar DTKS/P3KE (NIK, desil) dari Dinas Sosial; menggantikan daftar sebelumnya."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="impor berkas CSV/XLSX berkolom NIK (dan desil)")
        importer.add_argument("file", type=Path)
        importer.add_argument(
            "--sumber", default="", help="keterangan sumber, mis. 'DTKS Juni 2026'"
        )
        importer.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")

    def handle(self, *args, **options):
        result = run_file_import(import_dtks, options["file"], sumber=options["sumber"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{result.rows} baris: {result.loaded} NIK dimuat ({result.added} baru, "
            f"{result.removed} keluar dari daftar), {result.duplicates} NIK ganda, "
            f"{result.rejected} baris ditolak."
        )
        for error in result.errors[:50]:
            self.stdout.write(f"  baris {error['row']}, {error['field']}: {error['message']}")
        if len(result.errors) > 50:
            self.stdout.write(f"  … dan {len(result.errors) - 50} kesalahan lain.")
