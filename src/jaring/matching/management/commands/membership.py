"""``jaring membership import FILE [--per YYYY-MM-DD] [--json]`` — BPJS membership file.

Thin: parses the arguments and calls ``matching.membership.import_membership``. Exit 0
when the file was processed, even with refused rows; exit 2 with a message when the
file as a whole cannot be used.
"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import CommandError

from jaring import commands
from jaring.matching.membership import UnusableFile, import_membership

MAX_PRINTED_ERRORS = 50


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"Posisi data {text!r} bukan tanggal TTTT-BB-HH (misalnya 2024-10-31).", returncode=2
        ) from exc


class Command(commands.Command):
    help = "Data kepesertaan BPJS Ketenagakerjaan: impor berkas peserta (CSV atau XLSX)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        load = actions.add_parser(
            "import", help="Impor berkas peserta BPJS dan tandai pekerja yang sudah terlindungi."
        )
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument(
            "--per",
            help="Posisi data berkas (TTTT-BB-HH); bawaan hari ini. Baris dari berkas yang "
            "lebih lama tidak menimpa data yang lebih baru.",
        )
        load.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.", returncode=2)
        per = _date(options["per"]) if options["per"] else None
        try:
            result = import_membership(path=path, tanggal_data=per)
        except UnusableFile as exc:
            raise CommandError(f"Berkas tidak dapat diproses: {exc}", returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        mi = result.membership_import
        if result.already_imported:
            self.stdout.write(
                f"Berkas ini sudah diimpor sebagai {mi.nomor} pada "
                f"{mi.created_at:%d-%m-%Y %H:%M}; tidak ada yang berubah."
            )
            return
        self.stdout.write(
            f"Impor {mi.nomor} (posisi data {mi.tanggal_data:%d-%m-%Y}): {mi.rows} baris — "
            f"{mi.added} baru, {mi.updated} diperbarui, {mi.unchanged} tidak berubah, "
            f"{mi.older} diabaikan karena data yang ada lebih baru, {mi.rejected} ditolak."
        )
        for error in result.errors[:MAX_PRINTED_ERRORS]:
            self.stdout.write(f"  baris {error['row']}, kolom {error['field']}: {error['message']}")
        if len(result.errors) > MAX_PRINTED_ERRORS:
            self.stdout.write(f"  … dan {len(result.errors) - MAX_PRINTED_ERRORS} kesalahan lain.")
