"""Background handlers of contributions (run by ``jaring worker`` through ``jaring.jobs``);
each calls the service the command line calls."""

import datetime as dt

from django.utils.translation import gettext as _

from jaring.commands import month_arg
from jaring.contributions.billing import bill_month
from jaring.contributions.payment_import import import_payments
from jaring.jobs.models import Job
from jaring.jobs.services import started_at
from jaring.jobs.uploads import kept_file, outcome
from jaring.programs.confirmations import month_name
from jaring.programs.models import Program
from jaring.sheets import UnusableFile

BILLING = "jaring.contributions.jobs.billing"


def billing_target(program: Program) -> str:
    """One billing of a programme at a time, whatever the month."""
    return f"iuran:{program.pk}"


def billing_busy(job: Job) -> str:
    """Which month's billing is still queued or running, and since when."""
    month = dt.date.fromisoformat(f"{job.params['month']}-01")
    return _("Penagihan bulan %(bulan)s sedang berjalan sejak %(jam)s — tunggu hingga selesai.") % {
        "bulan": month_name(month),
        "jam": started_at(job),
    }


def billing(*, user, progress, program_id: int, month: str) -> dict:
    program = Program.objects.get(pk=program_id)
    return bill_month(
        user=user, program=program, month=month_arg(month), progress=progress
    ).as_dict()


PAYMENT_IMPORT = "jaring.contributions.jobs.payment_import"


def payment_import(*, user, progress, berkas: str, nama_berkas: str) -> dict:
    """A payment file sent to the API (``jobs.uploads.start_import``)."""
    with kept_file(berkas) as path:
        try:
            result = import_payments(
                user=user, path=path, original_name=nama_berkas, progress=progress
            )
        except UnusableFile as exc:
            raise ValueError(str(exc)) from exc
    return outcome(result, "recorded", "unchanged")
