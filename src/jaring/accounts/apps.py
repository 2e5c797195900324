from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jaring.accounts"
    label = "accounts"
    verbose_name = _("Akun dan log akses")

    def ready(self) -> None:
        from jaring.accounts import checks  # noqa: F401  (registers the deployment checks)
