from django.urls import path

from jaring.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:person_id>/", views.person_view, name="detail"),
]
