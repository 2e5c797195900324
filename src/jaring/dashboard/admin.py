from django.contrib import admin

from jaring.dashboard.models import CoveredCount, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Coverage targets are reference data that administrators keep by hand."""

    list_display = ("wilayah", "tahun", "cakupan_persen", "peserta", "keterangan")
    list_filter = ("tahun",)
    search_fields = ("wilayah__kode", "wilayah__nama")
    autocomplete_fields = ("wilayah",)


@admin.register(CoveredCount)
class CoveredCountAdmin(admin.ModelAdmin):
    """Read-only: these figures come from BPJS through ``jaring coverage import``."""

    list_display = ("wilayah", "bulan", "segmen", "peserta", "sumber", "updated_at")
    list_filter = ("segmen", "bulan")
    search_fields = ("wilayah__kode", "wilayah__nama")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
