"""Who is calling: another system with a bearer key (``jaring token create``), or a
signed-in browser with its session. Either way the call runs as one Jaring user, with
that user's role and scope, and personal data it reads is logged under that user."""

from ninja.security import HttpBearer, django_auth

from jaring.accounts.tokens import user_for_key


class BearerKey(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_key(token)
        if user is not None:
            request.user = user  # the scoped queries and the access log read it
        return user


AUTH = [BearerKey(), django_auth]
