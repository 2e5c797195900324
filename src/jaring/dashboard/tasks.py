"""Background entry point: rebuild the dashboard summaries after an import.

Whatever changes the base tables (intake, membership or coverage imports, later
billing) enqueues this, so the rebuild runs in ``jaring worker`` and not in the
request that uploaded the file."""

from django_tasks import task

from jaring.dashboard.services import refresh_summaries


@task()
def refresh_summaries_task() -> dict:
    return refresh_summaries()
