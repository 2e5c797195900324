from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiwayatConfig(AppConfig):
    name = "jaring.riwayat"
    label = "riwayat"
    verbose_name = _("Riwayat perubahan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jaring.riwayat import registration

        registration.register_all()
