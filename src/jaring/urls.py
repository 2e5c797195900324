from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from jaring.accounts import second_factor_views
from jaring.accounts import views as account_views
from jaring.api.main import api
from jaring.beranda import views as beranda_views
from jaring.pdp import views as pdp_views

# The admin is where administrators keep reference data: it says so, in their language.
admin.site.site_header = _("Jaring — data referensi")
admin.site.site_title = _("Data referensi Jaring")
admin.site.index_title = _("Data referensi")

urlpatterns = [
    path("", beranda_views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("masuk/kode/", second_factor_views.code, name="second_factor_code"),
    path("akun/", second_factor_views.account, name="account"),
    path("akun/verifikasi-dua-langkah/", second_factor_views.enrol, name="second_factor_enrol"),
    path("akun/verifikasi-dua-langkah/qr.svg", second_factor_views.qr, name="second_factor_qr"),
    path(
        "akun/kode-pemulihan/",
        second_factor_views.recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path(
        "akun/kode-pemulihan.txt",
        second_factor_views.recovery_download,
        name="second_factor_recovery_download",
    ),
    path("log-akses/", account_views.access_log, name="access_log"),
    path("pengajuan/", include("jaring.intake.urls")),
    path(
        "pekerja/<int:person_id>/laporan-data-pribadi.pdf",
        pdp_views.personal_report,
        name="personal_report",
    ),
    path("pekerja/", include("jaring.registry.urls")),
    path("program/", include("jaring.programs.urls")),
    path("pencocokan/", include("jaring.matching.urls")),
    path("pendaftaran/", include("jaring.enrollment.urls")),
    path("iuran/", include("jaring.contributions.urls")),
    path("klaim/", include("jaring.claims.urls")),
    # Before any "cek/" include: the worker's complaint pages sit inside the status
    # check's path.
    path("cek/pengaduan/", include("jaring.pengaduan.worker_urls")),
    path("pengaduan/", include("jaring.pengaduan.urls")),
    path("dasbor/", include("jaring.dashboard.urls")),
    path("cek/", include("jaring.cek.urls")),
    path("tugas/", include("jaring.jobs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that do not name their icon (the API docs, a PDF).
    path("favicon.ico", RedirectView.as_view(url=static("jaring/favicon.svg"), permanent=True)),
]
handler403 = "jaring.errors.permission_denied"
handler404 = "jaring.errors.page_not_found"
handler500 = "jaring.errors.server_error"
