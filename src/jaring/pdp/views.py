"""The worker's own data report, downloaded from the worker's page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_report_personal_data
from jaring.pdp import report
from jaring.registry.queries import person_detail


@login_required
def personal_report(request, person_id: int):
    """The PDF; 404 outside the user's scope (as the person's page), 403 for a role
    that may see the page but not print the worker's whole data."""
    person = person_detail(request.user, person_id)
    if person is None or person.merged_into_id is not None:
        raise Http404
    if not can_report_personal_data(request.user, person.wilayah_id):
        raise PermissionDenied
    content = report.pdf(report.build(person, request.user))
    log_access(request.user, AccessAction.PERSONAL_REPORT, f"pekerja:{person.pk}", request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-data-pribadi-{person.pk}.pdf"'
    return response
