"""A query parameter sent twice to the API is refused rather than read as its last value:
``?halaman=2&halaman=9`` is ambiguous, and an integration that sends it has a bug worth
hearing about. No operation of ``/api/v1/`` takes a list in its query string."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

PREFIX = "/api/"


class OneValuePerParameter:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PREFIX):
            twice = sorted(k for k, values in request.GET.lists() if len(values) > 1)
            if twice:
                detail = _("Parameter dikirim lebih dari sekali: %(fields)s.") % {
                    "fields": ", ".join(twice)
                }
                return JsonResponse({"detail": detail, "fields": twice}, status=422)
        return self.get_response(request)
