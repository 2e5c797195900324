from django.urls import path

from jaring.programs import views

app_name = "programs"
urlpatterns = [
    path("anggaran/", views.budget_scenarios, name="budget"),
]
