"""``jaring claims import FILE [--user USERNAME] [--json]`` — BPJS claim reports.

Claims are linked to participants by KPJ, then NIK; deaths end cover after the month
of death. Exit 0 when the file was processed, even with refused rows; 2 when the file
as a whole cannot be used.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jaring.claims.services import import_claims
from jaring.dashboard.services import refresh_summaries
from jaring.enrollment.cli import user_arg
from jaring.sheets import UnusableFile


class Command(BaseCommand):
    help = "Klaim BPJS: impor laporan klaim (JKK, JKM, beasiswa, JHT, JP, JKP)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        load = actions.add_parser("import", help="Impor laporan klaim BPJS (CSV atau XLSX).")
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument("--user", help="akun yang mengimpor (membatasi ke wilayahnya)")
        load.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.", returncode=2)
        try:
            result = import_claims(user=user_arg(options["user"]), path=path)
        except UnusableFile as exc:
            raise CommandError(f"Berkas tidak dapat diproses: {exc}", returncode=2) from exc
        refresh_summaries(("klaim", "peserta", "anggaran"))  # the dashboard's figures
        if options["json"]:
            payload = result.as_dict("rows", "rejected", "added", "unchanged", "deaths")
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        r = result.record
        if result.already_imported:
            self.stdout.write(
                f"Berkas ini sudah diimpor sebagai {r.nomor}; tidak ada yang berubah."
            )
            return
        self.stdout.write(
            f"Laporan {r.nomor}: {r.rows} baris — {r.added} klaim baru, {r.unchanged} sudah "
            f"tercatat, {r.rejected} ditolak, {r.deaths} peserta meninggal dicatat."
        )
        for error in result.errors[:50]:
            self.stdout.write(f"  baris {error['row']}, kolom {error['field']}: {error['message']}")
