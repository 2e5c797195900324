"""The change history of one record as a page shows it: field labels (the models'
verbose names), choices and booleans in words, identity numbers and birth dates masked
for a role that sees them masked (``core.masking``, as the record's own page does), the
latest ``limit`` entries in one query on the (content type, object) index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jaring.riwayat.models import Entri

# Fields masked for a role that sees identities masked (``core.masking``'s rules).
MASKED = {"nik": "number", "no_kk": "number", "tanggal_lahir": "date"}
EMPTY = {"None", ""}


@dataclass
class Perubahan:
    label: str
    lama: str
    baru: str


@dataclass
class Baris:
    entri: Entri
    aksi: str
    alasan: str
    asal: str
    perubahan: list[Perubahan] = field(default_factory=list)


def _masked(name: str, value: str) -> str:
    # Imported here: core.masking brings Polars, which starting Django must not load
    # (the admin imports this module).
    from jaring.core.masking import mask_date, mask_nik

    rule = MASKED[name]
    if rule == "number":
        return mask_nik(value)
    if rule == "date":
        try:
            return mask_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return "**-**-****"
    return value


def _shown(model: type[models.Model], name: str, value, masked: bool, names: dict) -> str:
    if isinstance(value, dict):  # a many-to-many change: {"type", "objects"}
        return ", ".join(str(v) for v in value.get("objects", []))
    text = "" if value is None else str(value)
    if text in EMPTY:
        return "—"
    if masked and name in MASKED:
        return _masked(name, text)
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return text
    if model_field.is_relation and model_field.related_model is not None:
        return names.get((model_field.related_model, text), text)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(text, text))
    if isinstance(model_field, models.BooleanField):
        return _("ya") if text == "True" else _("tidak")
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, dt.UTC)
        return formats.date_format(timezone.localtime(moment), "d-m-Y H:i")
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(dt.date.fromisoformat(text[:10]), "d-m-Y")
        except ValueError:
            return text
    if isinstance(model_field, models.IntegerField) and text.lstrip("-").isdigit():
        return formats.number_format(int(text), force_grouping=True)
    return text


def _related_names(model: type[models.Model], entries) -> dict:
    """``{(related model, pk text): name}`` for the foreign keys the entries mention:
    one query per related model. A worker is named by name only (never the NIK)."""
    wanted: dict[type[models.Model], set[str]] = {}
    for entry in entries:
        for name, values in (entry.changes or {}).items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not (model_field.many_to_one or model_field.one_to_one):
                continue
            if model_field.related_model is None or isinstance(values, dict):
                continue
            wanted.setdefault(model_field.related_model, set()).update(
                str(v) for v in values if str(v) not in EMPTY
            )
    names = {}
    for related, keys in wanted.items():
        for obj in related._default_manager.filter(pk__in=list(keys)):
            if isinstance(obj, AbstractBaseUser):
                shown = obj.get_full_name() or obj.get_username()  # type: ignore[attr-defined]
            else:
                shown = getattr(obj, "nama", None) or str(obj)
            names[(related, str(obj.pk))] = shown
    return names


def _label(model: type[models.Model], name: str) -> str | None:
    """The field's verbose name; None for a reverse relation (not the record's own)."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if (model_field.auto_created and not model_field.concrete) or model_field.primary_key:
        return None
    return str(model_field.verbose_name)


def _rows(model: type[models.Model], entries, masked: bool) -> list[Baris]:
    actions = {
        Entri.Action.CREATE: _("dibuat"),
        Entri.Action.UPDATE: _("diubah"),
        Entri.Action.DELETE: _("dihapus"),
    }
    entries = list(entries)
    names = _related_names(model, entries)
    rows = []
    for entry in entries:
        extra = entry.additional_data or {}
        asal = extra.get("asal", "")
        row = Baris(
            entri=entry,
            aksi=str(actions.get(entry.action, "")),
            alasan=extra.get("alasan", ""),
            asal=_("baris perintah (%(akun)s)") % {"akun": asal[4:]}
            if asal.startswith("cli:")
            else "",
        )
        for name, values in (entry.changes or {}).items():
            label = _label(model, name)
            if label is None:
                continue
            if isinstance(values, dict):
                old, new = "", _shown(model, name, values, masked, names)
            else:
                new = _shown(model, name, values[1], masked, names)
                old = (
                    ""  # a new record: only its values
                    if entry.action == Entri.Action.CREATE
                    else _shown(model, name, values[0], masked, names)
                )
            if entry.action == Entri.Action.CREATE and new == "—":
                continue  # a new record's empty fields say nothing
            row.perubahan.append(Perubahan(label, old, new))
        rows.append(row)
    return rows


def history_of(obj: models.Model, *, masked: bool, limit: int | None = 20):
    """``(rows, more)``: the latest ``limit`` entries about ``obj`` (all when None),
    newest first, and whether there are older ones."""
    model = type(obj)
    entries = (
        Entri.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_pk=str(obj.pk)
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    if limit is not None:
        found = list(entries[: limit + 1])
        return _rows(model, found[:limit], masked), len(found) > limit
    return _rows(model, entries, masked), False
