"""What every ``jaring`` command shares: the base class, and argument and output
helpers (a programme code, a month, a ``--user``, running and printing a file import).

A neutral module above the apps' services and below no app, so any app's command can
use it without importing another app's command code.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from jaring.accounts.models import User
from jaring.events import in_foreground
from jaring.programs.models import Program
from jaring.riwayat import context as riwayat


class Command(BaseCommand):
    """A command whose steps' announcements (``jaring.events``) are handled before it
    exits — the dashboard's summaries rebuilt, as after the same step on a page — since
    no worker need be running when a command is.

    A command that runs until stopped (the web server, the worker) sets
    ``gathers_announcements = False``: what its requests and tasks announce is queued
    for the worker as it happens, as in the web app; gathered, it would wait for the
    process to end."""

    gathers_announcements = True

    def execute(self, *args, **options):
        if not self.gathers_announcements:
            return super().execute(*args, **options)
        # What the command changes is recorded as done from the command line (not so
        # for the server and the worker: their requests and jobs say who acted).
        with riwayat.command_scope(), in_foreground():
            return super().execute(*args, **options)


def program_arg(kode: str) -> Program:
    program = Program.objects.filter(kode=kode).first()
    if program is None:
        raise CommandError(f"Program {kode} tidak ditemukan.", returncode=2)
    return program


def month_arg(text: str) -> dt.date:
    try:
        year, month = text.split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except ValueError as exc:
        raise CommandError(
            f"Bulan {text!r} bukan TTTT-BB (misalnya 2027-03).", returncode=2
        ) from exc


def user_arg(username: str | None) -> User | None:
    """``--user``: the account a step is recorded under (None = the system)."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Pengguna {username} tidak ditemukan.", returncode=2)
    riwayat.act_as(user)
    return user


def run_file_import(importer, path, **kwargs):
    """Run one file import for a command: a missing or unusable file exits 2."""
    from jaring.sheets import UnusableFile

    if not path.is_file():
        raise CommandError(f"Berkas {path} tidak ditemukan.", returncode=2)
    try:
        return importer(path=path, **kwargs)
    except UnusableFile as exc:
        raise CommandError(f"Berkas tidak dapat diproses: {exc}", returncode=2) from exc
    except PermissionDenied as exc:
        raise CommandError(
            "Pengguna --user tidak berwenang untuk impor ini (peran atau wilayahnya).",
            returncode=2,
        ) from exc


def print_import(command, result, *, as_json: bool, counts: tuple[str, ...], summary: str) -> None:
    """The outcome of a file import as JSON, or as a line of counts and the first row
    errors; ``summary`` is formatted with the import record's fields."""
    import json

    if as_json:
        command.stdout.write(json.dumps(result.as_dict(*counts), ensure_ascii=False))
        return
    record = result.record
    if result.already_imported:
        command.stdout.write(
            f"Berkas ini sudah diimpor sebagai {record.nomor}; tidak ada yang berubah."
        )
        return
    command.stdout.write(summary.format(r=record))
    for error in result.errors[:50]:
        command.stdout.write(f"  baris {error['row']}, kolom {error['field']}: {error['message']}")
    if len(result.errors) > 50:
        command.stdout.write(f"  … dan {len(result.errors) - 50} kesalahan lain.")
