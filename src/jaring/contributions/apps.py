from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "jaring.contributions"
    label = "contributions"
