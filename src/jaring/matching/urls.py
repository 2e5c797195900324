from django.urls import path

from jaring.matching import views

app_name = "matching"
urlpatterns = [
    path("kepesertaan/", views.membership_imports, name="membership_imports"),
    path("tinjau/", views.review_queue, name="queue"),
    path("tinjau/<int:pair_id>/", views.pair_view, name="pair"),
    path("tinjau/<int:pair_id>/putuskan/", views.decide, name="decide"),
    path("gabungan/", views.merge_list, name="merges"),
    path("gabungan/<int:merge_id>/batalkan/", views.undo, name="undo"),
    path("jalankan/", views.run_linking, name="run"),
]
