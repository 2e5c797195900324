"""Claims pages: totals by type for everyone who follows programmes; the claims with
names for roles that exchange with BPJS; the report import for BPJS officers."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jaring.accounts.policy import (
    can_follow_enrolment,
    can_import_claims,
    can_view_programs,
    sees_full_identity,
)
from jaring.claims import queries
from jaring.claims.services import LAYOUT, import_claims
from jaring.contributions.forms import UploadForm
from jaring.core.masking import mask_nik
from jaring.imports import uploaded_path
from jaring.reasons import translate_rows
from jaring.sheets import UnusableFile


@login_required
def index(request):
    user = request.user
    if not can_view_programs(user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_import_claims(user):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with uploaded_path(upload, "klaim") as path:
                    result = import_claims(user=user, path=path, original_name=upload.name)
            except UnusableFile as exc:
                form.add_error("file", str(exc))
            else:
                if result.already_imported:
                    messages.info(
                        request, _("Berkas ini sudah pernah diimpor; tidak ada yang berubah.")
                    )
                return redirect("claims:report", nomor=result.record.nomor)
    summary = queries.summary_by_type(user)
    paid_claims = sum(r["jumlah"] for r in summary)
    contributions = queries.contributions_paid(user)
    context = {
        "summary": summary,
        "total_n": sum(r["n"] for r in summary),
        "total": paid_claims,
        "contributions": contributions,
        "ratio": (Decimal(paid_claims) / contributions).quantize(Decimal("0.01"))
        if contributions
        else None,
        "form": form if can_import_claims(user) else None,
        "reports": queries.reports(user)[:20] if can_follow_enrolment(user) else [],
        "page": None,
        "show_claims": can_follow_enrolment(user),
    }
    if can_follow_enrolment(user):
        page = Paginator(queries.claims_for(user), 50).get_page(request.GET.get("page"))
        full = sees_full_identity(user)
        for claim in page:
            nik = claim.peserta.person.nik
            claim.nik_shown = nik if full else mask_nik(nik)  # type: ignore[attr-defined]
        context["page"] = page
    return render(request, "claims/index.html", context)


@login_required
def report(request, nomor: str):
    if not can_follow_enrolment(request.user):
        raise PermissionDenied
    record = queries.report_for(request.user, nomor)
    if record is None:
        raise Http404
    return render(
        request,
        "claims/report.html",
        {
            "record": record,
            "errors": translate_rows(record.errors.all()[:500]),
            "can_import": can_import_claims(request.user),
            "labels": LAYOUT.labels,
        },
    )
