from django.urls import path

from jaring.contributions import continuation_views, views

app_name = "contributions"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:program_id>/", views.program_page, name="program"),
    path("<int:program_id>/tagih/", views.billing_run, name="billing_run"),
    path("<int:program_id>/tunggakan/", views.arrears, name="arrears"),
    path("<int:program_id>/lanjut-mandiri/", continuation_views.page, name="continuation"),
    path(
        "<int:program_id>/lanjut-mandiri/catat/",
        continuation_views.accept,
        name="continuation_accept",
    ),
    path(
        "<int:program_id>/lanjut-mandiri/berkas/",
        continuation_views.accept_file,
        name="continuation_file",
    ),
    path(
        "<int:program_id>/lanjut-mandiri/bpjs.xlsx",
        continuation_views.download,
        name="continuation_download",
    ),
    path("tagihan/<str:nomor>/", views.invoice_page, name="invoice"),
    path("pembayaran/impor/", views.payments_import, name="payments_import"),
    path("pembayaran/impor/<str:nomor>/", views.payments_result, name="payments_result"),
]
