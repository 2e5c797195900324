from django.urls import path

from jaring.claims import views

app_name = "claims"
urlpatterns = [
    path("", views.index, name="index"),
    path("laporan/<str:nomor>/", views.report, name="report"),
]
