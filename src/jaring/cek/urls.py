from django.urls import path

from jaring.cek import views

app_name = "cek"
urlpatterns = [
    path("", views.status_page, name="status"),
    path("kartu/<int:program_id>/", views.cards_page, name="cards"),
    path("kartu/<int:program_id>/kartu.pdf", views.cards_pdf, name="cards_pdf"),
]
