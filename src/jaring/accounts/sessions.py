"""Idle sessions end after ``SESSION_COOKIE_AGE`` (30 minutes): each request renews the
session, but at most once a minute.

Django's ``SESSION_SAVE_EVERY_REQUEST`` would write the session row on every page — an
UPDATE and a commit per request, a sixth of a registry page's time — to move its expiry
by a few seconds. Here a request renews the session only when its last renewal is older
than ``RENEW_AFTER_SECONDS``: the session then ends between 29 and 30 idle minutes after
the last request, and a clerk paging through a list costs one write a minute.
"""

import time

RENEW_AFTER_SECONDS = 60
STAMP = "_diperbarui"  # when this session was last renewed (seconds since the epoch)


class SessionRenewalMiddleware:
    """After ``SessionMiddleware``: marks a signed-in session modified when it is due for
    renewal, so ``SessionMiddleware`` saves it (and so resets its expiry) on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(STAMP, 0)) >= RENEW_AFTER_SECONDS:
                session[STAMP] = now  # marks it modified: saved, expiry reset
        return response
