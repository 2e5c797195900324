"""Jaring's own deployment checks, run by ``jaring check --deploy`` beside Django's.

Django checks each security setting on its own; these say, in the words of Jaring's
settings (``JARING_*`` environment variables, README "Running in production"), what a
production server must have: its own secret key, TLS (``JARING_SECURE=1``), PostgreSQL,
a Content-Security-Policy that allows no inline script or style, and the second factor
required of the roles that need it (``JARING_OTP_REQUIRED``)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "*")


@register(Tags.security, deploy=True)
def production_settings(app_configs=None, **kwargs) -> list:
    problems = []
    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
        problems.append(
            Error(
                "The demo secret key is in use.",
                hint="Set JARING_SECRET_KEY to a long random value kept secret.",
                id="jaring.E001",
            )
        )
    if not settings.SECURE:
        problems.append(
            Error(
                "JARING_SECURE is not 1: cookies travel without TLS and HSTS is off.",
                hint="Serve Jaring behind HTTPS and set JARING_SECURE=1.",
                id="jaring.E002",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "The database is the embedded SQLite meant for the demo.",
                hint="Set DATABASE_URL to a PostgreSQL database.",
                id="jaring.W003",
            )
        )
    if not settings.JARING_OTP_REQUIRED:
        problems.append(
            Warning(
                "JARING_OTP_REQUIRED is 0: administrators, programme managers and finance "
                "officers sign in with a password alone.",
                hint="Have them enrol a second factor, then unset JARING_OTP_REQUIRED.",
                id="jaring.W006",
            )
        )
    problems += _policy_problems()
    return problems


def _policy_problems() -> list:
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE:
        return [Error("The Content-Security-Policy middleware is off.", id="jaring.E004")]
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    return [
        Error(
            f"The Content-Security-Policy's {name} allows {value}.",
            hint="Move the script or style into a file under static/.",
            id="jaring.E005",
        )
        for name in ("default-src", "script-src", "style-src")
        for value in directives.get(name, [])
        if value in UNSAFE
    ]
