"""``jaring payments import FILE [--user USERNAME] [--json]`` — payments against invoices;
``jaring payments konfirmasi BYR-… --user USERNAME`` — a second person confirms a file.

Columns: invoice number, payment date, amount, reference (SP2D). Exit 0 when the file
was processed, even with refused rows; 2 when the file as a whole cannot be used. The
payments of a file count once someone other than whoever imported it confirms them
(the two-person rule, ``contributions.payments.confirm_payment_file``).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from jaring import commands
from jaring.commands import print_import, run_file_import, user_arg
from jaring.contributions.models import ImporPembayaran
from jaring.contributions.payment_import import import_payments
from jaring.contributions.payments import PaymentError, confirm_payment_file


class Command(commands.Command):
    help = "Pembayaran iuran: impor berkas SP2D/transfer terhadap tagihan, dan konfirmasinya."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        load = actions.add_parser("import", help="Impor berkas pembayaran (CSV atau XLSX).")
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument("--user", help="akun yang mencatat pembayaran")
        load.add_argument("--json", action="store_true")
        confirm = actions.add_parser(
            "konfirmasi", help="Konfirmasi pembayaran sebuah berkas oleh petugas kedua."
        )
        confirm.add_argument("nomor", metavar="BYR-NOMOR")
        confirm.add_argument(
            "--user", required=True, help="akun petugas yang mengonfirmasi (bukan pengimpor)"
        )

    def handle(self, *args, **options):
        if options["aksi"] == "konfirmasi":
            self._confirm(options["nomor"], options["user"])
            return
        result = run_file_import(import_payments, options["file"], user=user_arg(options["user"]))
        print_import(
            self,
            result,
            as_json=options["json"],
            counts=("rows", "rejected", "recorded", "unchanged"),
            summary="Impor {r.nomor}: {r.rows} baris — {r.recorded} dicatat, {r.unchanged} "
            "sudah tercatat, {r.rejected} ditolak. Pembayaran yang dicatat menunggu "
            "konfirmasi petugas kedua (jaring payments konfirmasi {r.nomor} --user …).",
        )

    def _confirm(self, nomor: str, username: str) -> None:
        impor = ImporPembayaran.objects.filter(nomor=nomor.strip().upper()).first()
        if impor is None:
            raise CommandError(f"Berkas pembayaran {nomor} tidak ditemukan.", returncode=2)
        try:
            count = confirm_payment_file(user=user_arg(username), impor=impor)
        except PaymentError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except PermissionDenied as exc:
            raise CommandError(
                str(exc) or "Pengguna --user tidak berwenang mengonfirmasi pembayaran ini.",
                returncode=2,
            ) from exc
        self.stdout.write(f"{count} pembayaran berkas {impor.nomor} dikonfirmasi.")
