from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "jaring.intake"
    label = "intake"
