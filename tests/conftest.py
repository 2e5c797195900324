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
