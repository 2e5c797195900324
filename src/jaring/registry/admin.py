from django.contrib import admin

from jaring.registry.models import Agency, Pekerjaan
from jaring.riwayat.display import HistoryInAdmin


@admin.register(Agency)
class AgencyAdmin(HistoryInAdmin, admin.ModelAdmin):
    list_display = ("kode", "nama", "jenis", "wilayah", "aktif")
    list_filter = ("jenis", "aktif")
    search_fields = ("kode", "nama")
    autocomplete_fields = ("wilayah",)


@admin.register(Pekerjaan)
class PekerjaanAdmin(admin.ModelAdmin):
    list_display = ("kode", "label", "alias", "sektor", "urutan", "aktif")
    list_editable = ("sektor", "urutan", "aktif")
    list_filter = ("sektor", "aktif")
    search_fields = ("kode", "label", "alias")
