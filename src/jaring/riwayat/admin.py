"""The change history in the admin: readable, never added to, changed or deleted."""

from auditlog.admin import LogEntryAdmin
from django.contrib import admin

from jaring.riwayat.models import Entri, Rantai


class ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


if admin.site.is_registered(Entri):
    admin.site.unregister(Entri)


@admin.register(Entri)
class EntriAdmin(ReadOnly, LogEntryAdmin):
    list_display = ["created", "resource_url", "action", "msg_short", "user_url", "remote_addr"]
    readonly_fields = [
        "created",
        "resource_url",
        "action",
        "user_url",
        "msg",
        "remote_addr",
        "additional_data",
    ]
    fieldsets = [
        (None, {"fields": ["created", "user_url", "remote_addr", "resource_url"]}),
        (None, {"fields": ["action", "msg", "additional_data"]}),
    ]


@admin.register(Rantai)
class RantaiAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["nomor", "entri", "hash_sebelumnya", "hash"]
    readonly_fields = ["nomor", "entri", "hash_sebelumnya", "hash"]
