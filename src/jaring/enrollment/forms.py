import datetime as dt
import re
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jaring.enrollment.models import TataLetak


class MonthField(forms.CharField):
    """A month as ``YYYY-MM`` (the browser's month picker), cleaned to its first day.
    A browser without the picker sends what was typed: anything but a real month is
    refused (``2027-13``, ``03/2027``, ``besok``)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2027-01"})
    PATTERN = re.compile(r"(\d{4})-(\d{1,2})")

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = self.PATTERN.fullmatch(value)
        try:
            if match is None:
                raise ValueError(value)
            return dt.date(int(match[1]), int(match[2]), 1)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Tulis bulan sebagai TTTT-BB, misalnya 2027-03."), code="invalid"
            ) from exc


def error_text(form: forms.Form) -> str:
    """A form's errors as one message that names each field ("Bulan pertama
    perlindungan: …"), for steps that answer with a message above the page."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return " ".join(parts)


class BatchForm(forms.Form):
    bulan_pertama = MonthField(
        label=_("Bulan pertama perlindungan"),
        error_messages={"required": _("Wajib diisi, misalnya 2027-03.")},
    )
    tata_letak = forms.ModelChoiceField(
        label=_("Tata letak kantor cabang BPJS"),
        queryset=TataLetak.objects.all(),
        required=False,
        empty_label=None,
    )


class ResponseForm(forms.Form):
    file = forms.FileField(label=_("Berkas respons BPJS (XLSX atau CSV)"))
    ganti = forms.BooleanField(
        label=_("Ganti peserta yang ditolak dari daftar tunggu"), required=False, initial=True
    )


class RenewalForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode program tahun berikutnya"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Kode program tahun berikutnya")}),
    )
    nama = forms.CharField(
        label=_("Nama program tahun berikutnya"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Nama program tahun berikutnya")}),
    )


class EndForm(forms.Form):
    """A life-cycle event reported for one participant (cover ends after its month)."""

    alasan = forms.ChoiceField(label=_("Alasan"), choices=())
    tanggal = forms.DateField(
        label=_("Tanggal peristiwa"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    keterangan = forms.CharField(label=_("Keterangan"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from jaring.enrollment.models import AlasanBerakhir

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["alasan"]).choices = [
            c for c in AlasanBerakhir.choices if c[0] != AlasanBerakhir.DICABUT
        ]
