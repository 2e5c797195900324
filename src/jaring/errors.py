"""Refusals and errors in the app's own layout: 403, 404 and 500 pages.

Each page extends ``base.html``, so the user keeps the menu, the language they chose and
a way back (the page they came from, when it is one of ours, and the home page). Django
renders 403 and 404 with the request's context already; ``server_error`` tries the same
and, should rendering with the request fail too (the error may be the session's or the
user's), falls back to the page without it. A database that cannot be reached is not an
error page but "busy, try again" (``jaring.busy``).

(The filter that keeps a 403's or 404's traceback out of the server log is
``jaring.logfilters``.)
"""

import logging
import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from jaring.busy import DATABASE_ERRORS, busy_response
from jaring.refusals import API_PREFIX

logger = logging.getLogger(__name__)


def way_back(request: HttpRequest) -> str:
    """The page the user came from, when it is one of Jaring's own and not this one."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or referer.endswith(request.get_full_path()):
        return ""
    own = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if own else ""


def _page(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    context = {"back": way_back(request), **(context or {})}
    return HttpResponse(render_to_string(template, context, request), status=status)


def permission_denied(request, exception=None, template_name: str = "403.html"):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Anda tidak berwenang.")}, status=403)
    return _page(request, template_name, 403)


def page_not_found(request, exception=None, template_name: str = "404.html"):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
    return _page(request, template_name, 404)


def server_error(request, template_name: str = "500.html"):
    """The 500 page in the layout, unless the error being handled is the database's."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return busy_response(request, exc)
    try:
        return _page(request, template_name, 500)
    except Exception:  # the request's context is what failed: the page without it
        logger.exception("Halaman galat 500 tanpa konteks permintaan")
        return HttpResponse(render_to_string(template_name, {}), status=500)
