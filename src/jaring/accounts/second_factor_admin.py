"""The second factor in the admin: an administrator resets a user's (the user enrols
again at the next sign-in), and that is all. django-otp's own device pages are taken
out: nobody but the user should hold a device's secret, nor make one for someone else."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description=_("Atur ulang verifikasi dua langkah (pengguna mendaftar lagi)"))
def reset_second_factor(modeladmin, request, queryset):
    # Imported here: the admin loads with Django itself, which keeps the data tools
    # (polars, through the access log's NIK rules) out of its start.
    from jaring.accounts import second_factor

    users = list(queryset)
    for user in users:
        second_factor.remove_devices(user, by=request.user, request=request)
    modeladmin.message_user(
        request,
        ngettext(
            "Verifikasi dua langkah %(count)s pengguna diatur ulang.",
            "Verifikasi dua langkah %(count)s pengguna diatur ulang.",
            len(users),
        )
        % {"count": len(users)},
        messages.SUCCESS,
    )
