from django.contrib import admin

from jaring.programs.models import Tarif


@admin.register(Tarif)
class TarifAdmin(admin.ModelAdmin):
    list_display = (
        "berlaku_mulai",
        "jkk_persen",
        "jkm_rupiah",
        "jht_persen",
        "penghasilan_minimum",
        "dasar_hukum",
    )
