from django.urls import path

from jaring.enrollment import views

app_name = "enrollment"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:program_id>/", views.program_page, name="program"),
    path("<int:program_id>/batch/", views.batch_create, name="batch_create"),
    path("<int:program_id>/respons/", views.response_upload, name="response_upload"),
    path("<int:program_id>/ganti/", views.replace, name="replace"),
    path("<int:program_id>/perpanjang/", views.renewal, name="renewal"),
    path("batch/<str:nomor>.<str:fmt>", views.batch_download, name="download"),
    path("respons/<str:nomor>/", views.response_detail, name="response"),
    path("peserta/<int:peserta_id>/akhiri/", views.end_participant, name="end"),
]
