"""``jaring restore FILE`` — rebuild the server from a backup into the empty database
``DATABASE_URL`` names, then prove it: every table's rows, every programme's money and
reconciliation against the backup's manifest, and the change history's hash chain.
Exit 0 when restored and proven; 1 when restored but something differs (each
difference printed); 2 when refused (not a backup, damaged, other engine, database not
empty) with nothing written."""

from pathlib import Path

from django.core.management.base import CommandError

from jaring import commands
from jaring.backup.services import BackupError, restore_backup


class Command(commands.Command):
    help = "Pulihkan cadangan ke basis data kosong, lalu periksa hasilnya."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")

    def handle(self, *args, **options):
        try:
            done = restore_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for problem in done.problems:
            self.stderr.write(problem)
        if done.problems:
            raise CommandError(
                f"Cadangan dipulihkan, tetapi {len(done.problems)} pemeriksaan tidak cocok.",
                returncode=1,
            )
        self.stdout.write(
            f"Cadangan {done.path} dipulihkan dan diperiksa: {done.tables} tabel, "
            f"{done.rows} baris dan {done.files} berkas sama dengan manifest; semua tagihan "
            "rekonsiliasi."
        )
        self.stdout.write(done.history)
