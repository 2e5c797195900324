"""The one background task: run a recorded job (``jobs.services.run_job``)."""

from django_tasks import task

from jaring.jobs.services import run_job


@task()
def run_job_task(job_id: int) -> str:
    return run_job(job_id).status
