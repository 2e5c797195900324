"""The change history on a record's admin page: ``HistoryInAdmin`` adds a read-only
"Riwayat perubahan" field to a ModelAdmin's change page (the latest entries, identities
whole: the admin is for administrators)."""

from __future__ import annotations

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from jaring.riwayat.queries import history_of

LATEST_IN_ADMIN = 50


class HistoryInAdmin:
    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return (*fields, "riwayat_perubahan") if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        if obj is None or self.fieldsets is None:  # type: ignore[attr-defined]
            return fieldsets  # the field list already ends with the read-only history
        return [*fieldsets, (_("Riwayat perubahan"), {"fields": ("riwayat_perubahan",)})]

    @admin.display(description=_("Riwayat perubahan"))
    def riwayat_perubahan(self, obj) -> str:
        rows, _more = history_of(obj, masked=False, limit=LATEST_IN_ADMIN)
        return render_to_string(
            "riwayat/_riwayat.html", {"rows": rows, "more": False, "everything": True}
        )
