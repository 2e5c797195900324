"""``jaring backup --out FILE`` — one file the whole server can be rebuilt from (the
database as a consistent snapshot, the stored original files, a manifest of counts and
checksums; see ``jaring.backup.services``). Exit 0 when written, 2 when it could not be."""

from pathlib import Path

from django.core.management.base import CommandError

from jaring import commands
from jaring.backup.services import BackupError, create_backup


class Command(commands.Command):
    help = "Cadangkan basis data dan berkas asli yang tersimpan ke satu berkas."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, metavar="FILE")

    def handle(self, *args, **options):
        try:
            done = create_backup(options["out"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"Cadangan {done.path} ditulis: {done.tables} tabel, {done.rows} baris, "
            f"{done.files} berkas tersimpan."
        )
