"""When the database cannot be reached, say "busy, try again" instead of failing.

Too many connections, a database restarting, a dropped network: the request raises
``OperationalError`` or ``InterfaceError``. The user gets the app's own page (503, with
``Retry-After``), the API a JSON 503, both in the user's language; the app recovers by
itself, as each request opens its connection again. The page is rendered without the
request's context (no user, messages or session), so it needs no database itself.

Two entry points share ``busy_response``: the middleware for errors raised in a view,
and the project's ``handler500`` (``jaring.errors.server_error``) for those raised in a
middleware (the session saved on the way out, the user loaded by authentication).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 15


def busy_response(request, exc: BaseException) -> HttpResponse:
    logger.warning("Basis data tidak terjangkau (%s %s): %s", request.method, request.path, exc)
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": _("Sedang sibuk, coba lagi sebentar.")}, status=503)
    else:
        page = render_to_string("busy.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return busy_response(request, exception)
        return None
