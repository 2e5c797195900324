from django.urls import path

from jaring.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("unggah/", views.upload, name="upload"),
    path("<str:nomor>/", views.submission_detail, name="detail"),
    path("<str:nomor>/ditolak.xlsx", views.rejected_download, name="rejected"),
]
