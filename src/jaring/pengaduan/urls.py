"""The office's complaint pages, under ``/pengaduan/``."""

from django.urls import path

from jaring.pengaduan import views

app_name = "pengaduan"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("baru/", views.complaint_file, name="file"),
    path("<str:nomor>/", views.complaint_detail, name="detail"),
    path("<str:nomor>/periksa/", views.complaint_take_up, name="take_up"),
    path("<str:nomor>/selesai/", views.complaint_resolve, name="resolve"),
    path("<str:nomor>/tolak/", views.complaint_reject, name="reject"),
]
