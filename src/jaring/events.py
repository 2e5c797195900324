"""Domain events: a step announces what it changed; whoever keeps derived data listens.

Lower layers never call upward. A service that loads persons, runs a selection or
records a payment does not know that the dashboard keeps summaries of those tables; it
announces its :class:`Topic` with :func:`announce`, and the dashboard — the layer above
— subscribes to :data:`changed` in its ``AppConfig.ready()`` and decides what to
rebuild. A new listener (a cache, an export to Satu Data) subscribes the same way
without touching the services.

In the web app and the worker an announcement is delivered after the caller's
transaction commits (at once outside one), so a step rolled back announces nothing and
a listener reads committed rows; listeners queue their work (``foreground=False``). A
command runs its steps inside :func:`in_foreground`: what they announce is gathered and
delivered once, when the command is done, with ``foreground=True``, so the listener
does its work before the command exits — no worker need be running then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.dispatch import Signal


class Topic(StrEnum):
    """What changed, in the domain's words."""

    REGISTRY = "registri"  # persons, source records, merges
    MEMBERSHIP = "kepesertaan"  # the BPJS active-membership file
    PROGRAMME = "program"  # selection, approval, decree, amendment
    ENROLMENT = "pendaftaran"  # registration batches, BPJS responses
    CONTRIBUTIONS = "iuran"  # billing, payments, ends of cover
    CLAIMS = "klaim"  # claim reports
    LABOUR_FORCE = "angkatan_kerja"  # BPS labour-force figures
    COVERAGE = "cakupan"  # BPJS participants per regency and month
    COMPLAINTS = "pengaduan"  # workers' complaints filed, taken up, closed


# Sent with ``topics`` (a frozenset of Topic) and ``foreground`` (bool).
changed = Signal()


@dataclass
class Gathered:
    """What the steps inside :func:`in_foreground` announced, and, after it, what each
    listener answered (``(receiver, response)`` pairs, as ``Signal.send`` gives)."""

    topics: set[Topic] = field(default_factory=set)
    responses: list[tuple[Any, Any]] = field(default_factory=list)


_gathering: ContextVar[Gathered | None] = ContextVar("jaring_events_gathering", default=None)


def announce(*topics: Topic) -> None:
    """Tell the listeners ``topics`` changed: once the caller's transaction commits, or,
    inside :func:`in_foreground`, at its end (a rebuild from committed rows is right
    whether or not the step that announced was kept, so gathering need not wait)."""
    gathered = _gathering.get()
    if gathered is not None:
        gathered.topics.update(topics)
        return
    transaction.on_commit(
        lambda: changed.send(sender=Topic, topics=frozenset(topics), foreground=False)
    )


@contextmanager
def in_foreground() -> Iterator[Gathered]:
    """Gather what the steps inside announce and deliver it once, at the end, for the
    listeners to handle before returning (a command's way; see the module docstring)."""
    gathered = Gathered()
    token = _gathering.set(gathered)
    try:
        yield gathered
    finally:
        # Also when a later step failed: what committed before it has changed.
        _gathering.reset(token)
        if gathered.topics:
            gathered.responses = changed.send(
                sender=Topic, topics=frozenset(gathered.topics), foreground=True
            )
