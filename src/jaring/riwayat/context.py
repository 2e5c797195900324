"""Who and why, for the entries a step writes.

A page's request sets the actor and client address through django-auditlog's
middleware. What it cannot know is set here: the reason a step was given
(``because(alasan)`` around the step, so every record the step changes carries it),
and for a command the server account and the ``--user`` it acts for
(``command_scope`` in ``jaring.commands.Command``, ``act_as`` in ``user_arg``).
``fill`` copies them onto an entry as it is first saved.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_current: ContextVar[dict[str, Any] | None] = ContextVar("jaring_riwayat", default=None)


def _server_account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        return "?"


@contextlib.contextmanager
def _layer(**values: Any) -> Iterator[None]:
    outer = _current.get() or {}
    token = _current.set({**outer, **{k: v for k, v in values.items() if v is not None}})
    try:
        yield
    finally:
        _current.reset(token)


def for_request(request) -> contextlib.AbstractContextManager[None]:
    """Entries written while serving ``request`` name its user and client address."""
    return _layer(request=request)


def because(alasan: str | None) -> contextlib.AbstractContextManager[None]:
    """Every entry written inside carries ``alasan`` (the step's reason)."""
    return _layer(alasan=(alasan or "").strip()[:500] or None)


def acting(user) -> contextlib.AbstractContextManager[None]:
    """Entries written inside without an actor of their own name ``user`` (a service
    run for a user outside a request: the worker, a command's ``--user``)."""
    return _layer(actor=user)


def command_scope() -> contextlib.AbstractContextManager[None]:
    """A command's entries say they came from the command line and which server
    account ran it (there is no client address)."""
    return _layer(asal=f"cli:{_server_account()}")


def act_as(user) -> None:
    """Within ``command_scope``: the rest of the command acts for ``user``."""
    values = _current.get()
    if values is not None and user is not None:
        values["actor"] = user


def fill(entry) -> None:
    """Put the current actor, reason and origin on a new entry."""
    values = _current.get()
    if not values:
        return
    request = values.get("request")
    actor = values.get("actor")
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if entry.actor_id is None and actor is not None:
        entry.actor = actor
        entry.actor_email = getattr(actor, "email", None) or None
    if request is not None and not entry.remote_addr:
        entry.remote_addr = request.META.get("REMOTE_ADDR") or None
    extra = {k: values[k] for k in ("alasan", "asal") if k in values}
    if extra:
        entry.additional_data = {**extra, **(entry.additional_data or {})}


def records_user(service: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service taking ``user=`` so that what it changes is recorded under
    that user when no request names one (the command line, the worker, tests)."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with acting(kwargs.get("user")):
            return service(*args, **kwargs)

    return wrapper
