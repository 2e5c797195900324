"""The API tested from its own OpenAPI document (Schemathesis): every operation, with a
key of each role, on generated requests valid and invalid. No answer is a 500, every
answer has a status, content type and body the document declares, and no answer carries
a NIK of the registry whole to a role that sees NIKs masked.

The app is called in-process, through Django's test handler wrapped as a WSGI app (the
same handler the test client uses: the requests run in the test's transaction, against
the ``world`` of web_world.py and the billing fixture of the permission matrix). Bounded
and repeatable: few examples per operation and role, derandomized, no example database.
"""

import re

import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from test_permission_matrix import billing, claims  # noqa: F401 - fixtures used below
from web_world import USERS

from jaring.accounts.policy import sees_full_identity
from jaring.accounts.tokens import create_token
from jaring.api.main import api
from jaring.registry.models import Person, SourceRecord

pytestmark = pytest.mark.django_db
_handler = ClientHandler(enforce_csrf_checks=False)


def django_app(environ, start_response):
    """Django's test request handler as a WSGI app for Schemathesis's WSGI transport."""
    response = _handler(environ)
    headers = [*response.items()]
    headers += [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    if response.streaming:
        return response.streaming_content
    return [response.content]


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = django_app
# The worker's status check answers every malformed body as it answers a mismatch (one
# answer, 200: cek/api.py), on purpose; its invalid bodies are not "rejected".
ONE_ANSWER = {"/api/v1/cek"}
SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


@pytest.fixture(scope="module")
def keys(world, billing, claims, django_db_blocker):  # noqa: F811 - the imported fixtures
    with django_db_blocker.unblock():
        return {role: create_token(world.users[role], "schemathesis")[1] for role in USERS}


def registry_niks(text: str) -> set[str]:
    """The 16-digit runs of ``text`` that are NIKs of the registry (a generated
    transaction id that happens to be 16 digits is not a NIK)."""
    runs = set(SIXTEEN_DIGITS.findall(text))
    if not runs:
        return set()
    known = set(Person.objects.filter(nik__in=runs).values_list("nik", flat=True))
    return known | set(SourceRecord.objects.filter(nik__in=runs).values_list("nik", flat=True))


def masked_role_sees_no_nik(user):
    def no_unmasked_nik(ctx, response, case):
        """A role that sees NIKs masked never gets a registry NIK whole."""
        if sees_full_identity(user):
            return None
        leaked = registry_niks(response.content.decode("utf-8", "replace"))
        assert not leaked, f"NIK utuh untuk peran tersamar: {sorted(leaked)}"
        return None

    return no_unmasked_nik


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    """Generated searches are many: the per-user NIK-search and per-address limits are
    raised so the answers stay about the request, not the limit (both limits have their
    own tests)."""
    settings.JARING_NIK_SEARCH = {**settings.JARING_NIK_SEARCH, "LIMIT": 10_000}
    settings.JARING_CEK = {**settings.JARING_CEK, "LIMIT": 10_000}
    settings.JARING_PENGADUAN = {**settings.JARING_PENGADUAN, "LIMIT": 10_000}


@pytest.mark.parametrize("role", list(USERS))
@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_its_schema_says(case, role, world, keys):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {keys[role]}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            *([] if case.operation.path in ONE_ANSWER else [negative_data_rejection]),
            masked_role_sees_no_nik(world.users[role]),
        ],
    )
