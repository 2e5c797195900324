from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdpConfig(AppConfig):
    name = "jaring.pdp"
    label = "pdp"
    verbose_name = _("Pelindungan data pribadi")
