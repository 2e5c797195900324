from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class ScenarioForm(forms.Form):
    """One what-if column of a budget proposal."""

    nama = forms.CharField(label=_("Skenario"), max_length=60)
    pekerja = forms.IntegerField(label=_("Jumlah pekerja"), min_value=0, max_value=10_000_000)
    bulan = forms.IntegerField(label=_("Jumlah bulan"), min_value=0, max_value=36)
    penghasilan = forms.IntegerField(
        label=_("Penghasilan dilaporkan (Rp/bulan)"), min_value=0, required=False
    )
    porsi_provinsi = forms.DecimalField(
        label=_("Porsi APBD provinsi (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        initial=Decimal(100),
    )


ScenarioFormSet = forms.formset_factory(ScenarioForm, extra=0, min_num=1, max_num=4)

DEFAULT_SCENARIOS = [
    {"nama": "Kuota provinsi", "pekerja": 100_000, "bulan": 12, "porsi_provinsi": Decimal(100)},
    {"nama": "Tambahan kota (APBD-P)", "pekerja": 15_000, "bulan": 6, "porsi_provinsi": Decimal(0)},
    {"nama": "Bersama 50:50", "pekerja": 50_000, "bulan": 12, "penghasilan": 2_000_000,
     "porsi_provinsi": Decimal(50)},
]  # fmt: skip
