"""Row reasons: why an import refused a row, stored in Indonesian, read in the reader's
language.

Importers build a reason from a template (``pl.format`` fills each ``{}`` with the cell
that was wrong) and store it as Indonesian text, so a result reads the same to everyone
who opens it and a file processed by the background worker (which knows no reader's
language) needs nothing special. A reader who chose English gets each reason translated
when it is shown: the template it was built from is found, translated (gettext) and
filled with the same values. That costs one lookup per distinct message, never one per
row: ``translate`` remembers its answers, and frames are mapped over their distinct
messages (``translate_frame``).

Every template is declared once with ``reason(gettext_noop("…"))``, which keeps it as
the plain Indonesian string the importers format and lets ``make messages`` find it.
Counts inside a reason are worded so that one English form fits every number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import import_module

import polars as pl
from django.conf import settings
from django.utils.translation import get_language, gettext

_TEMPLATES: dict[str, re.Pattern[str]] = {}


def reason(template: str) -> str:
    """Declare ``template`` (Indonesian, ``{}`` for each value) as a row reason and
    return it unchanged."""
    if template not in _TEMPLATES:
        parts = [re.escape(part) for part in template.split("{}")]
        _TEMPLATES[template] = re.compile("^" + "(.*?)".join(parts) + "$", re.DOTALL)
        _translated.cache_clear()
    return template


# The modules that declare row reasons; loaded before the first translation, so a
# reason is found whichever importer's module this process happened to load.
DECLARED_IN = (
    "jaring.core.dates", "jaring.core.money", "jaring.core.names", "jaring.core.nik",
    "jaring.core.phone", "jaring.intake.validate", "jaring.matching.membership",
    "jaring.contributions.payment_import", "jaring.claims.services",
    "jaring.enrollment.responses", "jaring.programs.dtks",
)  # fmt: skip


@lru_cache(maxsize=1)
def _ordered() -> list[tuple[str, re.Pattern[str]]]:
    for module in DECLARED_IN:
        import_module(module)
    # The most specific template first: "Tanggal lahir {} berada di masa depan." must
    # win over "Tanggal {} berada di masa depan." for a birth date.
    return sorted(_TEMPLATES.items(), key=lambda item: -len(item[0].replace("{}", "")))


def _in_source_language() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] == settings.LANGUAGE_CODE


@lru_cache(maxsize=8192)
def _translated(message: str, language: str) -> str:
    for template, pattern in _ordered():
        found = pattern.match(message)
        if found is None:
            continue
        pieces = gettext(template).split("{}")
        values = found.groups()
        if len(pieces) != len(values) + 1:
            return message  # a translation that lost a value: better unchanged
        filled = [pieces[0]]
        for value, piece in zip(values, pieces[1:], strict=True):
            filled += [value, piece]
        return "".join(filled)
    return message


def translate(message: str) -> str:
    """``message`` (a stored reason) in the active language; a text no template
    explains (an older wording) is returned as it is."""
    if not message or _in_source_language():
        return message
    return _translated(message, get_language())


def translate_frame(frame: pl.DataFrame, column: str = "message") -> pl.DataFrame:
    """``frame`` with its reasons translated, one lookup per distinct message."""
    if frame.is_empty() or _in_source_language():
        return frame
    distinct = frame.get_column(column).drop_nulls().unique().to_list()
    mapping = {message: translate(message) for message in distinct}
    return frame.with_columns(
        pl.col(column).replace_strict(mapping, default=pl.col(column), return_dtype=pl.Utf8)
    )


def translate_rows(rows: Iterable) -> list:
    """Row problems (model instances with ``message``) with their reasons in the active
    language, for a result page; the instances are not saved."""
    rows = list(rows)
    if not _in_source_language():
        for row in rows:
            row.message = translate(row.message)
    return rows
