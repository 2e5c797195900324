"""Forms of the complaint pages. Identity fields are plain text: what they hold is
judged only by ``registry.queries.person_by_identity``, which answers every mismatch
alike."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from jaring.pengaduan.models import JenisPengaduan, Tindakan
from jaring.pengaduan.services import MAX_URAIAN
from jaring.registry.models import Pekerjaan


class ComplaintForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK (nomor induk kependudukan, 16 angka di KTP)"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tanggal_lahir = forms.CharField(
        label=_("Tanggal lahir"), max_length=10, widget=forms.DateInput(attrs={"type": "date"})
    )
    jenis = forms.ChoiceField(
        label=_("Apa masalahnya?"), choices=JenisPengaduan.choices, widget=forms.RadioSelect
    )
    uraian = forms.CharField(
        label=_("Ceritakan masalahnya"),
        max_length=MAX_URAIAN,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    no_hp = forms.CharField(
        label=_("Nomor HP (boleh kosong)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_tanggal_lahir(self) -> str:
        """``YYYY-MM-DD`` from the date picker, or ``DD-MM-YYYY`` / ``DD/MM/YYYY`` typed
        on a phone whose browser has no date picker. Anything else is passed on as
        written and meets the one mismatch answer."""
        text = self.cleaned_data["tanggal_lahir"].strip()
        for layout in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, layout).date().isoformat()
            except ValueError:
                continue
        return text


class StatusForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor pengaduan"), max_length=30)
    nik = forms.CharField(
        label=_("NIK (nomor induk kependudukan, 16 angka di KTP)"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReasonForm(forms.Form):
    alasan = forms.CharField(
        label=_("Keterangan untuk pekerja"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveForm(ReasonForm):
    tindakan = forms.ChoiceField(label=_("Tindakan"), choices=Tindakan.choices)
    program = forms.TypedChoiceField(
        label=_("Program"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Untuk daftar tunggu atau kirim lagi ke BPJS."),
    )
    nama = forms.CharField(label=_("Nama yang benar"), max_length=100, required=False)
    tanggal_lahir = forms.DateField(
        label=_("Tanggal lahir yang benar"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    wilayah = forms.CharField(
        label=_("Kode desa/kelurahan yang benar"), max_length=13, required=False
    )
    alamat = forms.CharField(label=_("Alamat yang benar"), max_length=300, required=False)
    pekerjaan = forms.ChoiceField(label=_("Pekerjaan yang benar"), required=False)

    def __init__(self, *args, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "—"), *((p.pk, str(p)) for p in programs)]
        self.fields["pekerjaan"].choices = [
            ("", "—"),
            *Pekerjaan.objects.filter(aktif=True).values_list("kode", "label"),
        ]

    def changes(self) -> dict:
        """The corrected fields, by the registry's names; blank ones are unchanged."""
        data = self.cleaned_data
        names = {
            "nama": "nama", "tanggal_lahir": "tanggal_lahir", "wilayah": "wilayah_id",
            "alamat": "alamat", "pekerjaan": "pekerjaan_id",
        }  # fmt: skip
        return {field: data[key] for key, field in names.items() if data.get(key) not in ("", None)}
