"""``jaring payments import FILE [--user USERNAME] [--json]`` — payments against invoices.

Columns: invoice number, payment date, amount, reference (SP2D). Exit 0 when the file
was processed, even with refused rows; 2 when the file as a whole cannot be used.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jaring.contributions.payment_import import import_payments
from jaring.dashboard.services import refresh_summaries
from jaring.enrollment.cli import user_arg
from jaring.sheets import UnusableFile


class Command(BaseCommand):
    help = "Pembayaran iuran: impor berkas SP2D/transfer terhadap tagihan."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        load = actions.add_parser("import", help="Impor berkas pembayaran (CSV atau XLSX).")
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument("--user", help="akun yang mencatat pembayaran")
        load.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.", returncode=2)
        try:
            result = import_payments(user=user_arg(options["user"]), path=path)
        except UnusableFile as exc:
            raise CommandError(f"Berkas tidak dapat diproses: {exc}", returncode=2) from exc
        refresh_summaries(("peserta", "anggaran"))  # the dashboard's figures, as after a page
        if options["json"]:
            payload = result.as_dict("rows", "rejected", "recorded", "unchanged")
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        r = result.record
        if result.already_imported:
            self.stdout.write(
                f"Berkas ini sudah diimpor sebagai {r.nomor}; tidak ada yang berubah."
            )
            return
        self.stdout.write(
            f"Impor {r.nomor}: {r.rows} baris — {r.recorded} dicatat, {r.unchanged} sudah "
            f"tercatat, {r.rejected} ditolak."
        )
        for error in result.errors[:50]:
            self.stdout.write(f"  baris {error['row']}, kolom {error['field']}: {error['message']}")
