from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "jaring.dashboard"
    label = "dashboard"
