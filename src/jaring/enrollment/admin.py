from django.contrib import admin

from jaring.enrollment.models import TataLetak


@admin.register(TataLetak)
class TataLetakAdmin(admin.ModelAdmin):
    """Registration layouts per BPJS branch: reference data administrators maintain."""

    list_display = ("kode", "nama", "cabang", "bawaan")
    list_filter = ("bawaan",)
