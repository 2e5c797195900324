"""Requests Jaring refuses before any view runs, and the one way a refusal is answered.

A NUL character (``%00``) has no place in a region code, a name or a page number, and
PostgreSQL refuses text holding one (an error, so a page of 500s): any request whose
path, parameters or uploaded file names hold one is answered 400 here, for every page
and every API route at once. Pages get the app's own layout with the reason in
Indonesian; the API gets ``{"detail": …}`` like its other errors.

``Refused`` is for a refusal decided deeper down (e.g. too many NIK searches, 429):
raised by a query or a service, answered here the same way (the API turns it into the
same JSON through its own exception handler).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class Refused(Exception):
    """A request refused with an HTTP ``status`` and a message for the user."""

    def __init__(self, status: int, message: str, title: str = ""):
        super().__init__(message)
        self.status, self.message, self.title = status, message, title


def refusal(request: HttpRequest, refused: Refused) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": refused.message}, status=refused.status)
    title = refused.title or _("Permintaan tidak dapat diproses")
    context = {"title": title, "message": refused.message}
    return render(request, "refused.html", context, status=refused.status)


def holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    parameters = [request.GET]
    if request.method == "POST":
        parameters.append(request.POST)
    for query in parameters:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    if request.method == "POST":
        return any("\x00" in (upload.name or "") for upload in request.FILES.values())
    return False


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            message = _(
                "Alamat atau isian berisi karakter NUL yang tidak sah. "
                "Periksa tautan atau isian lalu coba lagi."
            )
            return refusal(request, Refused(400, message))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refused):
            return refusal(request, exception)
        return None
