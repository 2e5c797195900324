from django import forms
from django.utils.translation import gettext_lazy as _

from jaring.registry.models import Agency

ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar pekerja (CSV atau XLSX)"))
    agency = forms.ModelChoiceField(
        label=_("Instansi pengaju"), queryset=Agency.objects.filter(aktif=True), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.agency_id:
            # An operator always submits for its own agency.
            del self.fields["agency"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                _("Hanya berkas CSV atau Excel (.xlsx) yang dapat diproses.")
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (lebih dari 200 MB)."))
        if upload.size == 0:
            raise forms.ValidationError(_("Berkas kosong."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if "agency" in self.fields and not cleaned.get("agency"):
            self.add_error("agency", _("Pilih instansi pengaju."))
        return cleaned

    def submitting_agency(self) -> Agency:
        return self.user.agency if "agency" not in self.fields else self.cleaned_data["agency"]
