from django.apps import AppConfig


class PengaduanConfig(AppConfig):
    name = "jaring.pengaduan"
    label = "pengaduan"
