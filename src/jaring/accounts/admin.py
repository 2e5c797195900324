from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jaring.accounts.models import AccessLog, ApiToken, User
from jaring.accounts.second_factor_admin import reset_second_factor
from jaring.riwayat.display import HistoryInAdmin


@admin.register(User)
class UserAdmin(HistoryInAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "role", "wilayah", "agency", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("wilayah", "agency")
    actions = (reset_second_factor,)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Peran dan cakupan"), {"fields": ("role", "wilayah", "agency")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Peran dan cakupan"), {"fields": ("role", "wilayah", "agency")}),
    )

    @admin.display(description=_("nama lengkap"), ordering="first_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the trail must not be edited, not even by administrators."""

    list_display = ("at", "user", "action", "target", "detail", "ip_address")
    list_filter = ("action",)
    search_fields = ("user__username", "target")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are made by ``jaring token create`` (the key is shown once, there); here an
    administrator sees who holds which key and revokes one."""

    list_display = (
        "prefix", "user", "nama", "hanya_baca", "created_at", "berlaku_sampai", "last_used_at",
        "revoked_at",
    )  # fmt: skip
    list_filter = ("revoked_at", "hanya_baca")
    search_fields = ("prefix", "user__username", "nama")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    actions = ("revoke_selected",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cabut token terpilih"))
    def revoke_selected(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
