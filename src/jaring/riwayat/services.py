"""Entries for changes the model signals do not see: set-based steps (``UPDATE …
FROM``, ``bulk_create``, ``QuerySet.update``) write one entry per business record they
changed, old → new, through ``record_changes`` — invoices after billing or a payment,
persons after a merge, participants after their cover ended. The lines under an
invoice are never logged one by one: the invoice's entry carries its totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from jaring.riwayat import chain, context
from jaring.riwayat.models import Entri


def snapshot(queryset: models.QuerySet, fields: Iterable[str]) -> dict:
    """``{pk: {field: value}}`` of the rows a step is about to change (one query)."""
    names = list(fields)
    return {row.pop("pk"): row for row in queryset.values("pk", *names)}


def _text(value) -> str:
    return "None" if value is None else str(value)


def record_changes(
    model: type[models.Model],
    before: Mapping,
    after: Mapping,
    *,
    names: Mapping | None = None,
) -> int:
    """Write one entry per record whose values differ between ``before`` and
    ``after`` (``snapshot`` outputs; a pk only in ``after`` is a new record), in the
    caller's transaction; ``names`` gives the records' display names. Returns how many
    entries were written."""
    content_type = ContentType.objects.get_for_model(model)
    entries = []
    for pk, new in after.items():
        old = before.get(pk)
        changes = {
            field: [_text(old[field]) if old is not None else "None", _text(value)]
            for field, value in new.items()
            if old is None or old[field] != value
        }
        if not changes:
            continue
        entry = Entri(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk if isinstance(pk, int) else None,
            object_repr=str((names or {}).get(pk, pk))[:300],
            action=Entri.Action.CREATE if old is None else Entri.Action.UPDATE,
            changes=changes,
        )
        context.fill(entry)
        entries.append(entry)
    if entries:
        with transaction.atomic():
            Entri.objects.bulk_create(entries)
            chain.link(entries)
    return len(entries)
