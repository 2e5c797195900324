from django.urls import path

from jaring.programs import list_views, program_views, views, workflow_views

app_name = "programs"
urlpatterns = [
    path("", program_views.program_list_view, name="list"),
    path("baru/", program_views.program_create, name="create"),
    path("<int:pk>/", program_views.program_detail, name="detail"),
    path("<int:pk>/ubah/", program_views.program_edit, name="edit"),
    path("<int:pk>/seleksi/", list_views.selection_results, name="selection"),
    path("<int:pk>/seleksi/jalankan/", workflow_views.start_selection, name="run_selection"),
    path("<int:pk>/seleksi/coret/", workflow_views.strike, name="strike"),
    path("<int:pk>/seleksi/pulihkan/", workflow_views.unstrike, name="unstrike"),
    path("<int:pk>/verifikasi/", workflow_views.verify, name="verify"),
    path("<int:pk>/setujui/", workflow_views.approve, name="approve"),
    path("<int:pk>/sk/", workflow_views.decree, name="decree"),
    path("<int:pk>/penerima/", list_views.beneficiaries, name="beneficiaries"),
    path("<int:pk>/amandemen/", workflow_views.amend, name="amend"),
    path("<int:pk>/lampiran-sk.pdf", list_views.attachment_pdf, name="attachment_pdf"),
    path("<int:pk>/lampiran-sk.xlsx", list_views.attachment_xlsx, name="attachment_xlsx"),
    path("anggaran/", views.budget_scenarios, name="budget"),
    path("anggaran/usulan/", views.budget_proposal, name="budget_proposal"),
]
