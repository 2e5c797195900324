"""Background handlers of contributions (run by ``jaring worker`` through ``jaring.jobs``);
each calls the service the command line calls."""

from jaring.commands import month_arg
from jaring.contributions.billing import bill_month
from jaring.programs.models import Program


def billing(*, user, progress, program_id: int, month: str) -> dict:
    program = Program.objects.get(pk=program_id)
    return bill_month(
        user=user, program=program, month=month_arg(month), progress=progress
    ).as_dict()
