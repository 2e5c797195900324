"""Argument helpers shared by the enrolment, billing, payments and claims commands."""

import datetime as dt

from django.core.management.base import CommandError

from jaring.accounts.models import User
from jaring.programs.models import Program


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
    return user
