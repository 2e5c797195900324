"""Background handlers of the programmes app (run by ``jaring worker`` through
``jaring.jobs``); each calls the service the command line calls."""

from jaring.programs.models import Program
from jaring.programs.selection import run_selection


def selection(*, user, progress, program_id: int) -> dict:
    program = Program.objects.get(pk=program_id)
    return run_selection(program, user=user, progress=progress).as_dict()
