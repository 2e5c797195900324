"""A signed-in user who owes the second factor sees only the pages that settle it.

After the password, a user with a device is sent to the code page, and a user whose
role requires a device and has none to enrolment, from every page but those, signing
out and the language menu. The API is left to its own authentication: a bearer key
is another system's and is unaffected, and a browser session there must have passed
the second factor (``api.auth``)."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from jaring.accounts import second_factor

# URL names (namespace:name) a user who owes the second factor may still open.
OPEN = frozenset({
    "logout", "login", "set_language", "admin:logout",
    "second_factor_code", "second_factor_enrol", "second_factor_qr",
    "second_factor_recovery_codes", "second_factor_recovery_download",
})  # fmt: skip
OPEN_NAMESPACES = frozenset({"api"})
PAGE_FOR = {"code": "second_factor_code", "enrolment": "second_factor_enrol"}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, _view_func, _view_args, _view_kwargs):
        match = request.resolver_match
        if match is None or OPEN_NAMESPACES & set(match.namespaces):
            return None
        owes = second_factor.owed(request)
        # The base layout hides the menu while the second factor is owed.
        request.second_factor_owed = owes
        if owes is None or match.view_name in OPEN:
            return None
        target = reverse(PAGE_FOR[owes])
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
