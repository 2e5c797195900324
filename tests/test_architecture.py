"""The layering docs/architecture.md promises, checked on the source: lower layers never
import upward (the dashboard is reached through ``jaring.events``), commands share one
base, and an announcement reaches its listener once, when it should."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from jaring import events
from jaring.events import Topic

SRC = Path(__file__).resolve().parents[1] / "src" / "jaring"
# Wiring that names every app by design.
WIRING = {SRC / "settings.py", SRC / "urls.py", SRC / "api" / "urls.py"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def importers_of(app: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Modules outside ``app`` (and the wiring, and the ``allowed`` apps above it) that
    import it."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path in WIRING or any((SRC / name) in path.parents for name in (app, *allowed)):
            continue
        if any(
            m == f"jaring.{app}" or m.startswith(f"jaring.{app}.") for m in imported_modules(path)
        ):
            offenders.append(str(path.relative_to(SRC)))
    return offenders


def test_nothing_outside_the_dashboard_imports_it():
    # The home page (beranda) sits above the dashboard: a leader's home reads its figures.
    assert importers_of("dashboard", allowed=("beranda",)) == []


def test_nothing_imports_the_home_page():
    """The home page is the top layer: it reads every app; no app reads it."""
    assert importers_of("beranda") == []


def test_every_command_shares_the_base_that_handles_announcements():
    plain = [
        str(path.relative_to(SRC))
        for path in SRC.glob("*/management/commands/*.py")
        if "class Command(BaseCommand)" in path.read_text()
    ]
    assert plain == []


@pytest.fixture
def heard():
    received = []

    def listener(sender, *, topics, foreground, **kwargs):
        received.append((set(topics), foreground))

    events.changed.connect(listener, dispatch_uid="test-listener")
    yield received
    events.changed.disconnect(dispatch_uid="test-listener")


@pytest.mark.django_db
def test_an_announcement_waits_for_the_commit_and_a_rollback_cancels_it(
    heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.announce(Topic.CLAIMS)
        assert heard == []  # not before the commit
    assert heard == [({Topic.CLAIMS}, False)]

    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                events.announce(Topic.PROGRAMME)
                raise RuntimeError("langkah gagal")
        except RuntimeError:
            pass
    assert heard == []


@pytest.mark.django_db
def test_in_foreground_gathers_and_delivers_once_at_the_end(heard):
    with events.in_foreground() as gathered:
        events.announce(Topic.REGISTRY)
        events.announce(Topic.CONTRIBUTIONS, Topic.REGISTRY)
        assert heard == []
    assert heard == [({Topic.REGISTRY, Topic.CONTRIBUTIONS}, True)]
    # The dashboard answered with the summaries it rebuilt, at once (a command's way).
    assert any(
        isinstance(response, dict) and "iuran" not in response for _, response in gathered.responses
    )


@pytest.mark.django_db
def test_in_foreground_delivers_what_was_announced_before_a_failure(heard):
    with pytest.raises(RuntimeError), events.in_foreground():
        events.announce(Topic.COVERAGE)
        raise RuntimeError("langkah berikutnya gagal")
    assert heard == [({Topic.COVERAGE}, True)]


def test_the_dashboard_rebuilds_what_each_topic_feeds():
    from jaring.dashboard.subscribers import PARTS_OF, parts_for

    assert set(PARTS_OF) == set(Topic), "every topic has a listener's answer"
    assert parts_for({Topic.CLAIMS, Topic.REGISTRY}) == (
        "registri",
        "alur",
        "peserta",
        "anggaran",
        "klaim",
    )
