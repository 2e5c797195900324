"""Background entry point: rebuild the dashboard summaries after the data changed.

Whatever changes the base tables (an uploaded worker list, a merge decision, a
selection, an approval or amendment, a registration response, a billing run, a
payment, a claim report) announces it (``jaring.events``); the dashboard's listener
(``subscribers``) queues this, so the rebuild runs in ``jaring worker`` and not in the
request or job that made the change. A command rebuilds before it exits instead, as no
worker need be running then.
"""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from jaring.dashboard.services import PARTS, refresh_summaries, refreshed_since


def request_refresh(parts: tuple[str, ...] = PARTS) -> None:
    """Queue a rebuild of ``parts`` for the worker, stamped with the time of asking."""
    refresh_summaries_task.enqueue(list(parts), timezone.now().isoformat())


@task()
def refresh_summaries_task(parts: list[str] | None = None, requested_at: str = "") -> dict:
    """Rebuild ``parts``, unless a rebuild that began after the request already read the
    new rows: ten uploads in a row then cost one or two rebuilds, not ten."""
    wanted = tuple(parts or PARTS)
    if requested_at and refreshed_since(wanted, dt.datetime.fromisoformat(requested_at)):
        return {"skipped": list(wanted)}
    return refresh_summaries(wanted)
