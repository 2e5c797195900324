from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_upload, sees_full_identity
from jaring.intake.columns import LABELS
from jaring.intake.export import rejected_rows_xlsx
from jaring.intake.forms import UploadForm
from jaring.intake.models import SubmissionStage, SubmissionStatus
from jaring.intake.queries import (
    FOLLOW_UP_DAYS,
    FOLLOW_UPS,
    errors_of,
    submission_for,
    submissions_for,
)
from jaring.intake.uploads import receive
from jaring.jobs import leases
from jaring.reasons import translate_rows


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not can_upload(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        received = receive(
            form.cleaned_data["file"], agency=form.submitting_agency(), user=request.user
        )
        submission = received.submission
        if received.sent_before:
            messages.warning(
                request,
                _(
                    "Berkas yang sama sudah pernah dikirim pada %(waktu)s sebagai pengajuan "
                    "%(nomor)s; tidak ada pengajuan baru. Hasilnya ada di halaman ini."
                )
                % {
                    "waktu": date_format(localtime(submission.created_at), "d-m-Y H:i"),
                    "nomor": submission.nomor,
                },
            )
        else:
            messages.info(request, _("Berkas diterima dan sedang diproses."))
        return redirect("intake:detail", nomor=submission.nomor)
    return render(request, "intake/upload.html", {"form": form})


@login_required
def submission_list(request):
    submissions = submissions_for(request.user)
    perlu = request.GET.get("perlu", "")
    if perlu in FOLLOW_UPS:
        submissions = FOLLOW_UPS[perlu](submissions)
    else:
        perlu = ""
    page = Paginator(submissions, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_upload": can_upload(request.user),
        "perlu": perlu,
        "querystring": f"perlu={perlu}" if perlu else "",
        "follow_up_days": FOLLOW_UP_DAYS,
    }
    return render(request, "intake/list.html", context)


@login_required
def submission_detail(request, nomor: str):
    submission = submission_for(request.user, nomor)
    if submission is None:
        raise Http404
    # Rejection reasons quote the rejected cells (NIKs, birth dates): only for roles
    # that see identities unmasked; the others get the counts.
    full_identity = sees_full_identity(request.user)
    done = submission.status == SubmissionStatus.DONE
    # Saved, and linking its new persons under a live lease (a worker that died while
    # linking leaves the stage behind: the page stops waiting once the lease runs out).
    linking = (
        done
        and submission.tahap == SubmissionStage.LINKING
        and not leases.is_expired(submission, SubmissionStatus.DONE)
    )
    finished = submission.status == SubmissionStatus.FAILED or (done and not linking)
    context = {
        "submission": submission,
        "finished": finished,
        "linking": linking,
        "percent": 100 if finished else submission.progress,
        "errors": translate_rows(errors_of(submission)) if done and full_identity else [],
        "full_identity": full_identity,
        "can_upload": can_upload(request.user),
        "labels": LABELS,
    }
    template = "intake/_status.html" if request.htmx else "intake/detail.html"
    return render(request, template, context)


@login_required
def rejected_download(request, nomor: str):
    # The rejected rows are the clerk's own cells, full NIK and birth date included:
    # only for roles that may see identities unmasked.
    if not sees_full_identity(request.user):
        raise PermissionDenied
    submission = submission_for(request.user, nomor)
    if submission is None:
        raise Http404
    if not submission.rejected:
        raise Http404
    log_access(
        request.user,
        AccessAction.EXPORT_REJECTED,
        f"pengajuan:{submission.nomor}",
        detail=f"{submission.rejected} baris",
        request=request,
    )
    response = HttpResponse(
        rejected_rows_xlsx(submission),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ditolak-{submission.nomor}.xlsx"'
    return response
