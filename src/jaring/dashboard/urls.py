from django.urls import path

from jaring.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>.xlsx", views.download_xlsx, name="xlsx"),
    path("<slug:key>.svg", views.download_svg, name="svg"),
]
