"""Who made a row and when, named the same in every app: ``created_at`` and
``created_by`` (the glossary's "who and when" row in docs/architecture.md).

It sits low in the stack (it imports only Django and settings) so any app's models
can inherit it. A model whose wording differs ("diterbitkan", "dicoret oleh") or whose
author is required redefines the field under the same name; the name never changes.
Bulk tables whose ``created_at`` is written by an import (the registry's persons and
source records, matching pairs) set it themselves and do not use this base.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Recorded(models.Model):
    """A row that remembers who made it and when. ``created_by`` is empty when a
    server command made the row."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        abstract = True
