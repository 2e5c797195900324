"""``jaring payments import FILE [--user USERNAME] [--json]`` — payments against invoices.

Columns: invoice number, payment date, amount, reference (SP2D). Exit 0 when the file
was processed, even with refused rows; 2 when the file as a whole cannot be used.
"""

from pathlib import Path

from jaring import commands
from jaring.commands import print_import, run_file_import, user_arg
from jaring.contributions.payment_import import import_payments


class Command(commands.Command):
    help = "Pembayaran iuran: impor berkas SP2D/transfer terhadap tagihan."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        load = actions.add_parser("import", help="Impor berkas pembayaran (CSV atau XLSX).")
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument("--user", help="akun yang mencatat pembayaran")
        load.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        result = run_file_import(import_payments, options["file"], user=user_arg(options["user"]))
        print_import(
            self,
            result,
            as_json=options["json"],
            counts=("rows", "rejected", "recorded", "unchanged"),
            summary="Impor {r.nomor}: {r.rows} baris — {r.recorded} dicatat, {r.unchanged} "
            "sudah tercatat, {r.rejected} ditolak.",
        )
