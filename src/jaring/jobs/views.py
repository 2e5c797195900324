from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from jaring.accounts.policy import is_admin
from jaring.jobs.models import Job


@login_required
def job_status(request, pk: int):
    """The progress partial a page polls. Only the user who started the job (or an
    administrator) sees it; it carries counts and messages, never personal data."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not (is_admin(request.user) or job.created_by_id == request.user.pk):
        raise Http404
    response = render(request, "jobs/_progress.html", {"job": job})
    if job.finished and request.htmx:
        # The page that polls shows the job's results: reload it once the job ends.
        response["HX-Refresh"] = "true"
    return response
