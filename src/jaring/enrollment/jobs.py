"""Background handlers of enrolment (run by ``jaring worker`` through ``jaring.jobs``);
each calls the service the page and the command line call."""

from jaring.enrollment.responses import import_response
from jaring.jobs.uploads import kept_file, outcome
from jaring.programs.models import Program
from jaring.sheets import UnusableFile

RESPONSE_IMPORT = "jaring.enrollment.jobs.response_import"


def response_import(
    *, user, progress, program_id: int, berkas: str, nama_berkas: str, ganti: bool = False
) -> dict:
    """A BPJS response file sent to the API (``jobs.uploads.start_import``)."""
    program = Program.objects.get(pk=program_id)
    with kept_file(berkas) as path:
        try:
            result = import_response(
                user=user,
                program=program,
                path=path,
                original_name=nama_berkas,
                ganti=ganti,
                progress=progress,
            )
        except UnusableFile as exc:
            raise ValueError(str(exc)) from exc
    return outcome(result, "diterima", "ditolak", "unchanged", "diganti")
