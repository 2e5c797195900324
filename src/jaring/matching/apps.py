from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "jaring.matching"
    label = "matching"
