import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

MONTHS = [
    (1, _("Januari")), (2, _("Februari")), (3, _("Maret")), (4, _("April")), (5, _("Mei")),
    (6, _("Juni")), (7, _("Juli")), (8, _("Agustus")), (9, _("September")),
    (10, _("Oktober")), (11, _("November")), (12, _("Desember")),
]  # fmt: skip


class CekForm(forms.Form):
    """NIK and birth date as three plain fields (day, month by name, year): they work in
    every phone browser, with or without JavaScript. Nothing here is "invalid": any
    input that does not name a person gets the one "not found" answer
    (``services.check``)."""

    nik = forms.CharField(required=False, max_length=32)
    hari = forms.CharField(required=False, max_length=4)
    bulan = forms.CharField(required=False, max_length=4)
    tahun = forms.CharField(required=False, max_length=6)

    def birth_date(self) -> dt.date | None:
        data = self.cleaned_data
        try:
            return dt.date(int(data["tahun"]), int(data["bulan"]), int(data["hari"]))
        except (KeyError, TypeError, ValueError):
            return None
