from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "jaring.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from jaring.dashboard.subscribers import subscribe

        subscribe()
