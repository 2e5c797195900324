"""``jaring claims import FILE [--user USERNAME] [--json]`` — BPJS claim reports.

Claims are linked to participants by KPJ, then NIK; deaths end cover after the month
of death. Exit 0 when the file was processed, even with refused rows; 2 when the file
as a whole cannot be used.
"""

from pathlib import Path

from jaring import commands
from jaring.claims.services import import_claims
from jaring.commands import print_import, run_file_import, user_arg


class Command(commands.Command):
    help = "Klaim BPJS: impor laporan klaim (JKK, JKM, beasiswa, JHT, JP, JKP)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        load = actions.add_parser("import", help="Impor laporan klaim BPJS (CSV atau XLSX).")
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument("--user", help="akun yang mengimpor (membatasi ke wilayahnya)")
        load.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        result = run_file_import(import_claims, options["file"], user=user_arg(options["user"]))
        print_import(
            self,
            result,
            as_json=options["json"],
            counts=("rows", "rejected", "added", "unchanged", "deaths"),
            summary="Laporan {r.nomor}: {r.rows} baris — {r.added} klaim baru, {r.unchanged} "
            "sudah tercatat, {r.rejected} ditolak, {r.deaths} peserta meninggal dicatat.",
        )
