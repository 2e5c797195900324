"""`jaring worker` stays quiet about tasks that went well (the demo logins of
`make run` stay on screen) and still reports a task that failed."""

import logging

import pytest
from django_tasks_db.compat import TASKS_LOGGER

from jaring.intake.management.commands.worker import QuietWorker

NAMES = ("django.tasks", "django_tasks", "django_tasks_db")


@pytest.fixture
def loggers():
    saved = {name: (logging.getLogger(name).level, list(logging.getLogger(name).handlers))
             for name in NAMES}  # fmt: skip
    yield [logging.getLogger(name) for name in NAMES]
    for name, (level, handlers) in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).handlers[:] = handlers


def test_default_verbosity_hides_progress_but_not_failures(loggers):
    QuietWorker().configure_logging(1)
    for logger in loggers:
        assert not logger.isEnabledFor(logging.INFO)
        assert logger.isEnabledFor(logging.ERROR)


def test_verbose_worker_shows_every_task(loggers):
    QuietWorker().configure_logging(2)
    for name in (TASKS_LOGGER, "django_tasks_db"):
        assert logging.getLogger(name).isEnabledFor(logging.DEBUG)
