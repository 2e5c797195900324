import datetime as dt
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jaring.enrollment.models import TataLetak


class MonthField(forms.CharField):
    """A month as ``YYYY-MM`` (the browser's month picker), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2027-01"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = value.split("-")[:2]
            return dt.date(int(year), int(month), 1)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Tulis bulan sebagai TTTT-BB, misalnya 2027-03.")
            ) from exc


class BatchForm(forms.Form):
    bulan_pertama = MonthField(label=_("Bulan pertama perlindungan"), required=False)
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
