"""Admin screens for region reference data.

Regions come from the pinned Kemendagri package and ``jaring wilayah load`` would undo a
hand edit, so they are read-only here; the BPS map and labour-force figures are small
tables an administrator may correct.
"""

from django.contrib import admin

from jaring.wilayah.models import AngkatanKerja, KodeBps, Wilayah


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "tingkat", "induk"]
    list_filter = ["tingkat"]
    # "^kode": a code is searched from its start, which the primary-key index answers.
    search_fields = ["^kode", "nama"]
    list_select_related = ["induk"]
    show_full_result_count = False
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KodeBps)
class KodeBpsAdmin(admin.ModelAdmin):
    list_display = ["kode_bps", "wilayah", "asal"]
    list_filter = ["asal"]
    search_fields = ["kode_bps", "^wilayah__kode", "wilayah__nama"]
    list_select_related = ["wilayah"]
    autocomplete_fields = ["wilayah"]


@admin.register(AngkatanKerja)
class AngkatanKerjaAdmin(admin.ModelAdmin):
    list_display = ["wilayah", "tahun", "angkatan_kerja", "bekerja", "sumber", "updated_at"]
    list_filter = ["tahun"]
    search_fields = ["^wilayah__kode", "wilayah__nama"]
    list_select_related = ["wilayah"]
    autocomplete_fields = ["wilayah"]
    readonly_fields = ["updated_at"]
