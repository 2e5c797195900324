import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jaring.core import money
from jaring.enrollment.forms import MonthField


class BillingForm(forms.Form):
    bulan = MonthField(label=_("Bulan yang ditagih"))


class PaymentForm(forms.Form):
    jumlah = forms.CharField(label=_("Jumlah (Rp)"))
    tanggal = forms.DateField(
        label=_("Tanggal bayar"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    referensi = forms.CharField(label=_("Referensi (nomor SP2D/transfer)"), max_length=100)

    def clean_jumlah(self) -> int:
        amount = money.parse_one(self.cleaned_data["jumlah"])
        if amount is None:
            raise forms.ValidationError(
                _("Tulis jumlah rupiah sebagai angka bulat, misalnya 1680000 atau 1.680.000.")
            )
        return amount

    def clean_tanggal(self) -> dt.date:
        day = self.cleaned_data["tanggal"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Tanggal bayar tidak boleh di masa depan."))
        return day


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas (XLSX atau CSV)"))


class ContinuationForm(forms.Form):
    bulan_mulai = MonthField(label=_("Bulan pertama bayar sendiri"))
