"""The manager's page for workers who continue on their own (*lanjut mandiri*): who
may be offered it, recording who accepted (ticked, or a file of KPJ numbers), the list
for BPJS (XLSX) and how many are still paying (``enrollment.queries.sustainability``).
The service is ``contributions.continuation``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_manage_program, sees_full_identity
from jaring.contributions import continuation
from jaring.contributions.forms import ContinuationForm, UploadForm
from jaring.core.masking import mask_nik
from jaring.enrollment.models import LanjutMandiri
from jaring.enrollment.queries import continuations_for, sustainability
from jaring.imports import uploaded_path
from jaring.programs.queries import program_or_404, regency_scope
from jaring.sheets import UnusableFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _program(request, program_id: int):
    program = program_or_404(request.user, program_id, past_draft=True)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    return program


@login_required
def page(request, program_id: int):
    program = _program(request, program_id)
    user = request.user
    rows = continuation.candidates(program).filter(regency_scope(user))
    chosen = set(LanjutMandiri.objects.filter(program=program).values_list("peserta_id", flat=True))
    shown = request.GET.get("tampil", "")
    if shown == "lanjut":
        rows = rows.filter(pk__in=chosen)
    elif shown == "belum":
        rows = rows.exclude(pk__in=chosen)
    paged = Paginator(rows, 50).get_page(request.GET.get("page"))
    full = sees_full_identity(user)
    people = [
        {"peserta": p, "lanjut": p.pk in chosen,
         "nik": p.person.nik if full else mask_nik(p.person.nik)}
        for p in paged.object_list
    ]  # fmt: skip
    figure = sustainability(continuations_for(user).filter(program=program))
    first = {"bulan_mulai": f"{continuation.first_own_month(program):%Y-%m}"}
    return render(
        request,
        "contributions/continuation.html",
        {
            "program": program, "people": people, "page": paged, "shown": shown,
            "form": ContinuationForm(initial=first),
            # The file's own month field (one page, two forms: ids must differ).
            "file_month": ContinuationForm(initial=first, auto_id="berkas_%s"),
            "upload": UploadForm(), "figure": figure,
            "candidates": continuation.candidates(program).filter(regency_scope(user)).count(),
            "first_month": continuation.first_own_month(program),
        },
    )  # fmt: skip


def _done(request, result: continuation.AcceptResult) -> None:
    messages.success(
        request,
        ngettext(
            "%(count)d peserta dicatat lanjut mandiri.",
            "%(count)d peserta dicatat lanjut mandiri.",
            result.recorded,
        )
        % {"count": result.recorded},
    )
    if result.already:
        messages.info(
            request,
            _("%(count)d peserta sudah tercatat sebelumnya.") % {"count": result.already},
        )


@login_required
@require_POST
def accept(request, program_id: int):
    program = _program(request, program_id)
    form = ContinuationForm(request.POST)
    back = redirect("contributions:continuation", program.pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    ids = [int(v) for v in request.POST.getlist("peserta") if v.isdigit()]
    try:
        result = continuation.accept(
            user=request.user, program=program, peserta_ids=ids,
            bulan_mulai=form.cleaned_data["bulan_mulai"],
        )  # fmt: skip
    except continuation.ContinuationError as exc:
        messages.error(request, str(exc))
        return back
    _done(request, result)
    return back


@login_required
@require_POST
def accept_file(request, program_id: int):
    program = _program(request, program_id)
    form = UploadForm(request.POST, request.FILES)
    month = ContinuationForm(request.POST)
    if not form.is_valid() or not month.is_valid():
        messages.error(request, _("Pilih berkas XLSX atau CSV dan bulan pertama bayar sendiri."))
        return redirect("contributions:continuation", program.pk)
    upload = form.cleaned_data["file"]
    try:
        with uploaded_path(upload) as path:
            result = continuation.accept_file(
                user=request.user, program=program, path=path, original_name=upload.name,
                bulan_mulai=month.cleaned_data["bulan_mulai"],
            )  # fmt: skip
    except UnusableFile as exc:
        messages.error(request, str(exc))
    except continuation.ContinuationError as exc:
        messages.error(request, str(exc))
        for number, reason in exc.rows[:20]:
            messages.error(
                request, _("Baris %(baris)s: %(alasan)s") % {"baris": number, "alasan": reason}
            )
    else:
        _done(request, result)
    return redirect("contributions:continuation", program.pk)


@login_required
def download(request, program_id: int):
    """The list for BPJS. It holds NIKs: only roles that see identities, only their
    regencies' rows, and it is logged."""
    program = _program(request, program_id)
    if not sees_full_identity(request.user):
        raise PermissionDenied
    frame = continuation.bpjs_list(program, regency_scope(request.user, "peserta__kode_kabupaten"))
    log_access(
        request.user, AccessAction.EXPORT_PERSONS, program.kode,
        detail=f"Daftar lanjut mandiri untuk BPJS (xlsx), {frame.height} peserta",
        request=request,
    )  # fmt: skip
    response = HttpResponse(continuation.bpjs_xlsx(frame), content_type=XLSX)
    name = f"lanjut-mandiri-{program.kode.lower()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
