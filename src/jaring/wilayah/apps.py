from django.apps import AppConfig


class WilayahConfig(AppConfig):
    name = "jaring.wilayah"
    label = "wilayah"
