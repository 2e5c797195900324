from django.apps import AppConfig


class BerandaConfig(AppConfig):
    """The home page: each role's to-do list. The top layer: it reads every app's
    queries, and no app imports it."""

    name = "jaring.beranda"
    label = "beranda"
