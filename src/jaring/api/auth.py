"""Who is calling: another system with a bearer key (``jaring token create``), or a
signed-in browser with its session. Either way the call runs as one Jaring user, with
that user's role and scope, and personal data it reads is logged under that user."""

from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from jaring.accounts import second_factor
from jaring.accounts.tokens import may_call, token_for_key


class BearerKey(HttpBearer):
    """A key that is unknown, revoked or past its term answers 401; a read-only key
    asking to write answers 403 and says why."""

    def authenticate(self, request, token):
        found = token_for_key(token)
        if found is None:
            return None
        if not may_call(found, request.method):
            raise HttpError(
                403, _("Token ini hanya untuk membaca; minta token yang dapat menulis.")
            )
        request.user = found.user  # the scoped queries and the access log read it
        return found.user


class SignedInSession(SessionAuth):
    """The browser's session, once it has passed the second factor where one is owed
    (a session stopped at the code page reaches no data through the API either)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or second_factor.owed(request) is not None:
            return None
        return user


AUTH = [BearerKey(), SignedInSession()]
