"""Fixtures of the web tests: the two-city ``world`` of web_world.py."""

import sys

import pytest
from django.db import transaction
from django.test import override_settings
from web_world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    """Built once per module inside a transaction that is rolled back at the end of the
    module; each test runs in its own savepoint inside it (``django_db``), so whatever a
    test writes (access-log rows, login attempts) is gone before the next one. Tests must
    not change the world's own rows."""
    tmp_path = tmp_path_factory.mktemp("world")
    media = override_settings(MEDIA_ROOT=tmp_path / "media")
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world(tmp_path)
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            media.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()
