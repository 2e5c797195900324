from django.contrib import admin

from jaring.intake.models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = (
        "nomor",
        "agency",
        "original_name",
        "status",
        "rows",
        "accepted",
        "duplicates",
        "rejected",
        "created_at",
    )
    list_filter = ("status",)
    search_fields = ("nomor", "original_name", "agency__kode")
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):
        return False
