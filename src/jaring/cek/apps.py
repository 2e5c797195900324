from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CekConfig(AppConfig):
    name = "jaring.cek"
    label = "cek"
    verbose_name = _("Cek perlindungan")
