"""The worker's status page (open, no login) and the participant cards (staff)."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_print_cards
from jaring.cek import cards, services
from jaring.cek.forms import MONTHS, CekForm
from jaring.programs.queries import program_or_404
from jaring.refusals import Refused


@require_http_methods(["GET", "POST"])
def status_page(request):
    """The form, and on POST the answer (found, not found, or too many tries)."""
    form = CekForm(request.POST or None)
    limits = settings.JARING_CEK
    context = {
        "form": form,
        "months": MONTHS,
        "complaint_path": services.complaint_path(),
        "limit": limits["LIMIT"],
        "minutes": max(1, limits["WINDOW_SECONDS"] // 60),
    }
    status = 200
    if request.method == "POST":
        form.is_valid()  # every field is optional: nothing here is refused as invalid
        data = form.cleaned_data
        try:
            result = services.check(request, data.get("nik"), form.birth_date())
            context["result"] = result
            if result.get("berlaku_sampai"):
                context["until"] = dt.date.fromisoformat(result["berlaku_sampai"] + "-01")
        except Refused as exc:
            context["refused"], status = exc.message, exc.status
    return render(request, "cek/status.html", context, status=status)


def _program(request, program_id: int):
    return program_or_404(request.user, program_id, may=can_print_cards, past_draft=True)


@login_required
def cards_page(request, program_id: int):
    """The villages and agencies of a programme's participants, each with its cards."""
    program = _program(request, program_id)
    return render(
        request,
        "cek/cards.html",
        {"program": program, "groups": cards.groups(program, request.user)},
    )


@login_required
def cards_pdf(request, program_id: int):
    program = _program(request, program_id)
    jenis = request.GET.get("jenis", "")
    kelompok = cards.group_of(program, request.user, jenis, request.GET.get("kode", "")[:40])
    if kelompok is None:
        raise Http404
    address = settings.JARING_CEK["PUBLIC_URL"] or request.build_absolute_uri(reverse("cek:status"))
    cetakan = cards.build(program, request.user, kelompok, address)
    log_access(
        request.user,
        AccessAction.EXPORT_PERSONS,
        f"program:{program.kode}",
        detail=f"Kartu peserta (PDF), {kelompok.nama}, {len(cetakan.kartu)} orang",
        request=request,
    )
    response = HttpResponse(cards.pdf(cetakan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cetakan.filename}"'
    return response
