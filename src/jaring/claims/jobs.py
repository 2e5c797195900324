"""Background handlers of claims (run by ``jaring worker`` through ``jaring.jobs``);
each calls the service the page and the command line call."""

from jaring.claims.services import import_claims
from jaring.jobs.uploads import kept_file, outcome
from jaring.sheets import UnusableFile

CLAIMS_IMPORT = "jaring.claims.jobs.claims_import"


def claims_import(*, user, progress, berkas: str, nama_berkas: str) -> dict:
    """A claim report sent to the API (``jobs.uploads.start_import``)."""
    with kept_file(berkas) as path:
        try:
            result = import_claims(
                user=user, path=path, original_name=nama_berkas, progress=progress
            )
        except UnusableFile as exc:
            raise ValueError(str(exc)) from exc
    return outcome(result, "added", "unchanged", "deaths")
