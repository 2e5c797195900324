"""Test-wide fixtures.

The test database gets the real reference data once per session (all Kemendagri
regions, the Kaltim BPS map, occupations), exactly as `jaring init` loads it, so tests
validate against the same codes production uses. Tests then run inside transactions
that roll back, leaving that data in place.
"""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from jaring.wilayah.services import load_reference_data

        load_reference_data()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to the test's own folder, never to ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in English leaves English active in the test's thread (the middleware
    activates, nothing deactivates); the next test starts in the default language, as a
    fresh request or command would."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """``client.force_login(user)`` stands for a finished sign-in, second factor
    included: a user whose role requires one (or who has one) gets a device and the
    session counts as verified through it, as after typing the code. Tests of the
    second factor itself sign in with the password (``client.login`` or the login
    page) or call ``Client.force_login_password_only``."""
    from django.test import Client

    from second_factor_helpers import pass_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", original, raising=False)
