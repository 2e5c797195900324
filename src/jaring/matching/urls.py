from django.urls import path

from jaring.matching import views

app_name = "matching"
urlpatterns = [
    path("kepesertaan/", views.membership_imports, name="membership_imports"),
]
