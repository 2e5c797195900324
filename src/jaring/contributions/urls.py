from django.urls import path

from jaring.contributions import views

app_name = "contributions"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:program_id>/", views.program_page, name="program"),
    path("<int:program_id>/tagih/", views.billing_run, name="billing_run"),
    path("<int:program_id>/tunggakan/", views.arrears, name="arrears"),
    path("tagihan/<str:nomor>/", views.invoice_page, name="invoice"),
    path("pembayaran/impor/", views.payments_import, name="payments_import"),
    path("pembayaran/impor/<str:nomor>/", views.payments_result, name="payments_result"),
]
