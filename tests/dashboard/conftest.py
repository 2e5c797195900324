"""Fixtures of the dashboard tests: the world of dashboard_world.py, per test, or shared
by a module together with the programmes of programme_world.py."""

import sys

import pytest
from dashboard_world import build_world
from django.db import transaction
from django.test import override_settings
from programme_world import build_programmes

from jaring.dashboard.services import refresh_summaries


@pytest.fixture
def world(tmp_path):
    build_world(tmp_path)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and its programmes, built once for a module inside a transaction
    rolled back at its end; each test runs in a savepoint inside it. For tests that
    only read (or whose writes may roll back)."""
    tmp_path = tmp_path_factory.mktemp("dashboard-world")
    media = override_settings(MEDIA_ROOT=tmp_path / "media")
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            build_world(tmp_path)
            build_programmes(tmp_path)
            refresh_summaries()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            media.disable()
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()
