from django.urls import path

from jaring.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the per-panel patterns, which would read "laporan" as a panel key.
    path("laporan.pdf", views.download_report_pdf, name="report_pdf"),
    path("laporan.xlsx", views.download_report_xlsx, name="report_xlsx"),
    path("<slug:key>.xlsx", views.download_xlsx, name="xlsx"),
    path("<slug:key>.svg", views.download_svg, name="svg"),
    path("<slug:key>.png", views.download_png, name="png"),
]
