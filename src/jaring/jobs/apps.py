from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jaring.jobs"
    verbose_name = _("Pekerjaan latar belakang")
