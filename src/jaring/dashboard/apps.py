from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "jaring.dashboard"
    label = "dashboard"
    verbose_name = _("Dasbor")

    def ready(self) -> None:
        from jaring.dashboard.subscribers import subscribe

        subscribe()
