"""The change history: one ``Entri`` per change of a business record (django-auditlog's
log entry, swapped in through ``AUDITLOG_LOGENTRY_MODEL``), and one ``Rantai`` row per
entry that links it to the entry before it by a hash.

Both tables are append-only: the admin offers no add, change or delete, and a database
trigger refuses UPDATE and DELETE (migration 0002; on SQLite UPDATE only, so that the
test database can still be emptied between tests).
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Entri(AbstractLogEntry):
    """One change: what (``content_type`` + ``object_pk``), who (``actor``), from where
    (``remote_addr``; empty from the command line, where ``additional_data["asal"]``
    names the server account), when, old → new (``changes``) and why
    (``additional_data["alasan"]``, where the step asks for a reason).

    Saving an entry appends it to the chain in the same transaction, so an entry
    without its chain row never commits."""

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("entri riwayat")
        verbose_name_plural = _("riwayat perubahan")
        indexes = [
            # The record page's "latest N changes of this record": one index range.
            models.Index(
                fields=["content_type", "object_pk", "-timestamp"], name="riwayat_objek_idx"
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        from jaring.riwayat import chain, context

        adding = self._state.adding
        if adding:
            context.fill(self)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if adding:
                chain.link([self])


class Rantai(models.Model):
    """The chain: entry number ``nomor`` (1, 2, 3… in the order entries were
    written) with the hash of the entry before it and its own, ``hash =
    sha256(hash_sebelumnya + canonical JSON of the entry)``. Changing, removing or
    inserting an entry breaks every hash after it; ``jaring audit verify`` finds where."""

    entri = models.OneToOneField(
        Entri,
        verbose_name=_("entri"),
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="rantai",
    )
    nomor = models.BigIntegerField(_("nomor urut"), unique=True)
    hash_sebelumnya = models.CharField(_("hash entri sebelumnya"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("rantai riwayat")
        verbose_name_plural = _("rantai riwayat")
        ordering = ["nomor"]

    def __str__(self) -> str:
        return f"#{self.nomor} {self.hash[:12]}"
