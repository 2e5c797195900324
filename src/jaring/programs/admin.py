from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jaring.programs.models import PENDANA_NEGARA, Pendana, PenyesuaianTarif, Tarif
from jaring.riwayat.display import HistoryInAdmin


@admin.register(Tarif)
class TarifAdmin(HistoryInAdmin, admin.ModelAdmin):
    list_display = (
        "berlaku_mulai",
        "jkk_persen",
        "jkm_rupiah",
        "jht_persen",
        "penghasilan_minimum",
        "dasar_hukum",
    )


def _funders_field(label: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=Pendana.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class PenyesuaianTarifForm(forms.ModelForm):
    """Funder lists as checkboxes; months as first days of months."""

    pendana_berlaku = _funders_field(
        _("hanya untuk pendana"), _("Kosong: semua pendana yang tidak dikecualikan.")
    )
    pendana_dikecualikan = _funders_field(
        _("pendana yang dikecualikan"),
        _("Pendana negara (APBN, APBD, APBD-P) biasanya dikecualikan dari keringanan."),
    )

    class Meta:
        model = PenyesuaianTarif
        fields = (
            "nama",
            "bulan_pertama",
            "bulan_terakhir",
            "sektor",
            "pendana_berlaku",
            "pendana_dikecualikan",
            "potongan_persen",
            "dasar_hukum",
            "sumber",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("pendana_dikecualikan", sorted(PENDANA_NEGARA))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in ("bulan_pertama", "bulan_terakhir"):
            value = data.get(field)
            if value is not None and value.day != 1:
                self.add_error(field, _("Isi tanggal 1 dari bulan iuran."))
        first, last = data.get("bulan_pertama"), data.get("bulan_terakhir")
        if first and last and first > last:
            self.add_error("bulan_terakhir", _("Bulan terakhir tidak boleh sebelum bulan pertama."))
        both = set(data.get("pendana_berlaku") or []) & set(data.get("pendana_dikecualikan") or [])
        if both:
            self.add_error(
                "pendana_dikecualikan",
                _("Pendana tidak boleh sekaligus berlaku dan dikecualikan: %(daftar)s.")
                % {"daftar": ", ".join(sorted(both))},
            )
        return data


@admin.register(PenyesuaianTarif)
class PenyesuaianTarifAdmin(HistoryInAdmin, admin.ModelAdmin):
    form = PenyesuaianTarifForm
    list_display = (
        "nama",
        "bulan_pertama",
        "bulan_terakhir",
        "sektor",
        "potongan_persen",
        "dasar_hukum",
    )
    list_filter = ("sektor",)
