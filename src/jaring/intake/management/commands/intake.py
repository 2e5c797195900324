"""``jaring intake FILE --agency CODE [--json] [--no-link]`` — validate and load one
worker list, then link the persons it created against the registry (matching), as the
background worker does after an upload; ``--no-link`` leaves that to ``jaring link``.

Exit 0 when the file was processed, even with rejected rows; exit 2 with a message when
the file as a whole is unusable or the agency is unknown.
"""

import json
from pathlib import Path

from django.core.management.base import CommandError

from jaring import commands
from jaring.accounts.audit import log_command_access
from jaring.accounts.models import AccessAction
from jaring.intake.export import rejected_rows_xlsx
from jaring.intake.services import UnusableFile, intake_file
from jaring.intake.tasks import link_after_intake
from jaring.registry.models import Agency


class Command(commands.Command):
    help = "Periksa dan muat satu berkas daftar pekerja (CSV atau XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", required=True, help="Kode instansi pengaju")
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")
        parser.add_argument(
            "--rejected-out",
            type=Path,
            help="Simpan baris yang ditolak (beserta alasannya) ke berkas XLSX ini",
        )
        parser.add_argument(
            "--no-link",
            action="store_true",
            help="Jangan cocokkan pekerja baru dengan registri sesudah dimuat",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.", returncode=2)
        agency = Agency.objects.filter(kode=options["agency"].strip().upper()).first()
        if agency is None:
            raise CommandError(
                f"Instansi {options['agency']} tidak dikenal; daftarkan dulu dengan "
                "'jaring agency add'.",
                returncode=2,
            )
        as_json = options["json"]

        def progress(percent: int, message: str) -> None:
            if not as_json:
                self.stderr.write(f"[{percent:3d}%] {message}")

        try:
            result = intake_file(
                path=path, agency=agency, progress=progress, link_next=not options["no_link"]
            )
        except UnusableFile as exc:
            raise CommandError(f"Berkas tidak dapat diproses: {exc}", returncode=2) from exc
        linked = None
        if result.accepted and not options["no_link"]:
            progress(0, "Mencocokkan pekerja baru dengan registri")
            linked = link_after_intake(result.submission, progress)
        if options["rejected_out"] and result.rejected:
            options["rejected_out"].write_bytes(rejected_rows_xlsx(result.submission))
            log_command_access(
                AccessAction.EXPORT_REJECTED,
                f"pengajuan:{result.submission.nomor}",
                detail=f"{result.rejected} baris, {options['rejected_out']}",
            )
            if not as_json:
                self.stdout.write(f"Baris yang ditolak disimpan di {options['rejected_out']}.")
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"Pengajuan {result.submission.nomor}: {result.rows} baris — "
            f"{result.accepted} diterima, {result.duplicates} duplikat, {result.rejected} ditolak."
        )
        if linked and "merged" in linked:
            self.stdout.write(
                f"Pencocokan: {linked['merged']} digabung otomatis, "
                f"{linked['queued']} menunggu tinjauan verifikator."
            )
        elif linked:
            self.stderr.write("Pencocokan gagal; jalankan 'jaring link' nanti.")
        for error in result.errors[:50]:
            self.stdout.write(f"  baris {error['row']}, kolom {error['field']}: {error['message']}")
        if len(result.errors) > 50:
            self.stdout.write(f"  … dan {len(result.errors) - 50} kesalahan lain.")
