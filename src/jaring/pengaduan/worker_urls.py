"""The worker's complaint pages, under ``/cek/pengaduan/`` (no login)."""

from django.urls import path

from jaring.pengaduan import views

app_name = "pengaduan_pekerja"
urlpatterns = [
    path("", views.worker_file, name="file"),
    path("status/", views.worker_status, name="status"),
]
