from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "jaring.enrollment"
    label = "enrollment"
