"""The request's user and client address for the change history.

Instead of django-auditlog's middleware: the user is read when an entry is written,
not when the request arrives, so a request the API authenticates by key (inside the
view) is recorded under that key's user too; and the address is ``REMOTE_ADDR``, as
the access log keeps it (a forwarded-for header is whatever the client wrote)."""

from jaring.riwayat import context


class HistoryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with context.for_request(request):
            return self.get_response(request)
