from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jaring.accounts import roles
from jaring.accounts.models import AccessLog, ApiToken, PerubahanPeran, Role, User
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

    # Administrator rights follow the role and change only through ``accounts.roles``
    # (two administrators); Django's own permission fields are not the way in.
    readonly_fields = ("is_staff", "is_superuser", "groups", "user_permissions")

    @admin.display(description=_("nama lengkap"), ordering="first_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    def save_model(self, request, obj, form, change):
        """Everything but the role and scope is saved at once; those become a change
        waiting for a second administrator (``accounts.roles.propose``)."""
        wanted = {
            "role": obj.role, "wilayah_id": obj.wilayah_id, "agency_id": obj.agency_id,
        }  # fmt: skip
        if change:
            before = User.objects.get(pk=obj.pk)
            obj.role, obj.wilayah_id, obj.agency_id = (
                before.role,
                before.wilayah_id,
                before.agency_id,
            )
            same = wanted == {
                "role": before.role, "wilayah_id": before.wilayah_id,
                "agency_id": before.agency_id,
            }  # fmt: skip
        else:
            # A new account stays inactive, with the least role, until its role is in force.
            obj.role, obj.wilayah_id, obj.agency_id = Role.VIEWER, None, None
            obj.is_active, same = False, False
        super().save_model(request, obj, form, change)
        if same:
            return
        try:
            proposed = roles.propose(by=request.user, user=obj, **wanted)
        except roles.RoleChangeError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        if proposed.status == "berlaku":
            self.message_user(
                request,
                gettext(
                    "Peran dan cakupan berlaku sekarang: belum ada administrator kedua yang "
                    "dapat mengonfirmasi."
                ),
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Perubahan peran dan cakupan dicatat dan berlaku setelah dikonfirmasi "
                    "administrator lain."
                ),
                messages.WARNING,
            )


@admin.register(PerubahanPeran)
class PerubahanPeranAdmin(admin.ModelAdmin):
    """Role changes: read-only rows, decided by the actions (a second administrator
    confirms; either may cancel). Made on the user's page."""

    list_display = (
        "user", "sebelum", "role", "wilayah", "agency", "status", "created_by", "created_at",
        "decided_by",
    )  # fmt: skip
    list_filter = ("status", "role")
    search_fields = ("user__username", "created_by__username")
    actions = ("confirm_selected", "cancel_selected")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sebelumnya"))
    def sebelum(self, change: PerubahanPeran) -> str:
        before = change.sebelumnya or {}
        role = before.get("role")
        label = str(Role(role).label) if role in Role.values else "—"
        return " · ".join(part for part in (label, before.get("wilayah") or "") if part)

    def _decide(self, request, queryset, step, done: str) -> None:
        count = 0
        for change in queryset:
            try:
                step(by=request.user, change=change)
            except (roles.RoleChangeError, PermissionDenied) as exc:
                self.message_user(request, str(exc) or gettext("Tidak berwenang."), messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Konfirmasi perubahan peran terpilih"))
    def confirm_selected(self, request, queryset):
        self._decide(
            request, queryset, roles.confirm, gettext("%(n)s perubahan peran dikonfirmasi.")
        )

    @admin.action(description=_("Batalkan perubahan peran terpilih"))
    def cancel_selected(self, request, queryset):
        self._decide(request, queryset, roles.cancel, gettext("%(n)s perubahan peran dibatalkan."))


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
