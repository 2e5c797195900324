"""Pages of enrolment: the approved programmes, a programme's exchange with BPJS
(batches out, responses in, participants), downloads of a batch, renewal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jaring import confirm
from jaring.accounts.audit import log_nik_search
from jaring.accounts.policy import (
    can_enrol,
    can_follow_enrolment,
    can_manage_program,
    sees_full_identity,
)
from jaring.contributions.jobs import BILLING, billing_busy, billing_target
from jaring.contributions.lifecycle import end_participation
from jaring.core import nik as nik_rules
from jaring.core.masking import mask_nik
from jaring.core.money import thousands
from jaring.enrollment import export, queries
from jaring.enrollment.forms import BatchForm, EndForm, RenewalForm, ResponseForm, error_text
from jaring.enrollment.models import StatusPendaftaran
from jaring.enrollment.renewal import RECHECK, RenewalError, renew, renewal_outlook
from jaring.enrollment.responses import LAYOUT, import_response
from jaring.enrollment.services import (
    EnrolmentError,
    batch_outlook,
    counts_by_status,
    create_batch,
    default_first_month,
    rejected_to_replace,
    replace_rejected,
)
from jaring.imports import uploaded_path
from jaring.jobs.services import active_job
from jaring.programs.confirmations import outlook_facts
from jaring.programs.queries import program_or_404, regency_scope
from jaring.programs.services import WorkflowError
from jaring.reasons import translate_rows
from jaring.registry.queries import golden_id_for_nik
from jaring.sheets import UnusableFile


def _program(request, program_id: int):
    return program_or_404(request.user, program_id, may=can_follow_enrolment, past_draft=True)


@login_required
def index(request):
    """Approved programmes and how far their enrolment has come."""
    if not can_follow_enrolment(request.user):
        raise PermissionDenied
    programs = [
        {"program": p, "counts": counts_by_status(p, regency_scope(request.user))}
        for p in queries.enrolment_programs(request.user)
    ]
    return render(request, "enrollment/index.html", {"programs": programs})


@login_required
def program_page(request, program_id: int):
    program = _program(request, program_id)
    user = request.user
    status = request.GET.get("status", "")
    rows = queries.participants_for(user, program)
    if status in StatusPendaftaran.values:
        rows = rows.filter(status=status)
    berakhir = request.GET.get("berakhir", "") == "dilaporkan"
    if berakhir:
        rows = queries.ends_reported(rows)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        log_nik_search(user, q, target=f"program:{program.kode}", request=request)
        nik = nik_rules.in_query(q)
        golden = golden_id_for_nik(user, nik) if nik else None
        by_nik = Q(person_id=golden) if golden else Q(pk__in=[])
        rows = rows.filter(Q(person__nama__icontains=q) | Q(kpj=q) | by_nik)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    full = sees_full_identity(user)
    running = active_job(billing_target(program), BILLING)
    for peserta in page:
        # Display only, for the template: the NIK as this viewer may see it.
        peserta.nik_shown = peserta.person.nik if full else mask_nik(peserta.person.nik)  # type: ignore[attr-defined]
    context = {
        "program": program,
        "counts": counts_by_status(program, regency_scope(user)),
        "batches": queries.batches_of(program),
        "responses": queries.responses_of(program)[:20],
        "page": page,
        "status": status,
        "berakhir": berakhir,
        "follow_up_days": queries.FOLLOW_UP_DAYS,
        "q": q,
        "statuses": StatusPendaftaran.choices,
        "can_enrol": can_enrol(user, program.wilayah_id),
        "can_manage": can_manage_program(user, program.wilayah_id),
        "to_replace": len(rejected_to_replace(program)),
        "batch_form": BatchForm(
            initial={
                "tata_letak": _default_layout(),
                "bulan_pertama": default_first_month(program).strftime("%Y-%m"),
            }
        ),
        "billing_busy": billing_busy(running) if running else "",
        "response_form": ResponseForm(),
        "renewal_form": RenewalForm(),
        "renewed": program.penerus.first(),
    }
    return render(request, "enrollment/program.html", context)


def _default_layout():
    from jaring.enrollment.models import TataLetak

    return TataLetak.objects.filter(bawaan=True).first()


@login_required
@require_POST
def batch_create(request, program_id: int):
    """A registration batch, once confirmed with who it sends, from which month, at
    what iuran (``services.batch_outlook``, the batch's own count)."""
    program = _program(request, program_id)
    if not can_enrol(request.user, program.wilayah_id):
        raise PermissionDenied
    back = redirect("enrollment:program", program_id=program.pk)
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return back
    month, layout = form.cleaned_data["bulan_pertama"], form.cleaned_data["tata_letak"]
    try:
        outlook = batch_outlook(user=request.user, program=program, bulan_pertama=month)
        step = f"batch:{program.pk}"
        figures = {**outlook.figures(), "tata_letak": layout.pk if layout else ""}
        if not confirm.is_confirmed(request, step, figures):
            return confirm.render(
                request,
                confirm.Confirmation(
                    step=step,
                    title=_("Buat batch pendaftaran %(kode)s?") % {"kode": program.kode},
                    summary=_(
                        "Semua penerima yang belum dikirim masuk ke batch ini dan menunggu "
                        "jawaban BPJS. Setelah BPJS menerima, iuran mereka ditagih mulai "
                        "bulan pertama perlindungan."
                    ),
                    facts=[
                        *outlook_facts(outlook, _("Pekerja yang didaftarkan")),
                        (_("Tata letak"), layout.nama if layout else "—", "layout"),
                    ],
                    figures=figures,
                    button=_("Ya, buat batch"),
                    back=reverse("enrollment:program", args=[program.pk]),
                ),
            )
        batch = create_batch(
            user=request.user, program=program, bulan_pertama=month, tata_letak=layout
        )
    except (EnrolmentError, WorkflowError) as exc:
        messages.error(request, str(exc))
        return back
    messages.success(
        request,
        _("Batch %(nomor)s dibuat: %(n)s peserta. Unduh berkasnya untuk BPJS.")
        % {"nomor": batch.nomor, "n": batch.jumlah},
    )
    return back


@login_required
def batch_download(request, nomor: str, fmt: str):
    """The batch file as the BPJS branch takes it. It holds NIKs: only roles that see
    identities may download it, only their regencies' rows, and it is logged."""
    if not export.may_download(request.user):
        raise PermissionDenied
    batch = queries.batch_for(request.user, nomor)
    if batch is None or fmt not in export.CONTENT_TYPES:
        raise Http404
    body = export.download(request.user, batch, fmt, request=request)
    response = HttpResponse(body, content_type=export.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(batch, fmt)}"'
    return response


@login_required
@require_POST
def response_upload(request, program_id: int):
    program = _program(request, program_id)
    if not can_enrol(request.user, program.wilayah_id):
        raise PermissionDenied
    form = ResponseForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas respons BPJS."))
        return redirect("enrollment:program", program_id=program.pk)
    upload = form.cleaned_data["file"]
    try:
        with uploaded_path(upload, "respons") as path:
            result = import_response(
                user=request.user,
                program=program,
                path=path,
                original_name=upload.name,
                ganti=form.cleaned_data["ganti"],
            )
    except (UnusableFile, WorkflowError, EnrolmentError) as exc:
        messages.error(request, _("Berkas tidak dapat diproses: %(e)s") % {"e": exc})
        return redirect("enrollment:program", program_id=program.pk)
    if result.already_imported:
        messages.info(request, _("Berkas ini sudah pernah diimpor; tidak ada yang berubah."))
    return redirect("enrollment:response", nomor=result.record.nomor)


@login_required
def response_detail(request, nomor: str):
    if not can_follow_enrolment(request.user):
        raise PermissionDenied
    response = queries.response_for(request.user, nomor)
    if response is None:
        raise Http404
    errors = Paginator(response.errors.all(), 100).get_page(request.GET.get("page"))
    errors.object_list = translate_rows(errors.object_list)
    return render(
        request,
        "enrollment/response.html",
        {
            "response": response,
            "page": errors,
            "can_upload": can_enrol(request.user, response.program.wilayah_id),
            "labels": LAYOUT.labels,
        },
    )


@login_required
@require_POST
def replace(request, program_id: int):
    program = _program(request, program_id)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    try:
        added = replace_rejected(user=request.user, program=program)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(n)s pengganti dari daftar tunggu menunggu batch berikutnya.") % {"n": added},
        )
    return redirect("enrollment:program", program_id=program.pk)


@login_required
@require_POST
def renewal(request, program_id: int):
    """Closing the year and opening the next, once confirmed with who continues, who
    does not and the next year's months and iuran (``renewal.renewal_outlook``)."""
    program = _program(request, program_id)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    back = redirect("enrollment:program", program_id=program.pk)
    form = RenewalForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return back
    running = active_job(billing_target(program), BILLING)
    if running is not None:
        messages.warning(request, billing_busy(running))
        return back
    kode = form.cleaned_data.get("kode") or None
    try:
        outlook = renewal_outlook(user=request.user, program=program, kode=kode)
        step = f"renewal:{program.pk}"
        figures = {**outlook.figures(), "nama": form.cleaned_data.get("nama") or ""}
        if not confirm.is_confirmed(request, step, figures):
            return confirm.render(request, _renewal_confirmation(program, outlook, figures))
        result = renew(
            user=request.user, program=program, kode=kode,
            nama=form.cleaned_data.get("nama") or None,
        )  # fmt: skip
    except (RenewalError, WorkflowError) as exc:
        messages.error(request, str(exc))
        return back
    messages.success(
        request,
        _(
            "Program %(kode)s dibuka: %(lanjut)s peserta lanjut, %(baru)s tempat dari daftar "
            "tunggu, %(keluar)s tidak lanjut. Verifikasi dan persetujuan mengikuti alur program."
        )
        % {
            "kode": result.program.kode,
            "lanjut": result.continuing,
            "baru": result.newcomers,
            "keluar": sum(result.reasons.values()),
        },
    )
    return back


def _renewal_confirmation(program, outlook, figures) -> confirm.Confirmation:
    leaving = ", ".join(
        f"{_(RECHECK[reason])} {thousands(n)}" for reason, n in sorted(outlook.reasons.items())
    )
    return confirm.Confirmation(
        step=f"renewal:{program.pk}",
        title=_("Tutup %(lama)s dan buka %(baru)s?") % {"lama": program.kode, "baru": outlook.kode},
        summary=_(
            "Program ini ditutup. Program tahun berikutnya dibuka sebagai draf dengan aturan, "
            "pendana dan kuota yang sama; peserta yang lanjut tetap memakai KPJ-nya, tempat "
            "yang kosong diisi dari daftar tunggu saat seleksi, lalu verifikasi, persetujuan "
            "dan SK mengikuti alur program."
        ),
        facts=[
            (_("Program baru"), outlook.kode, "kode"),
            *outlook_facts(outlook.outlook, _("Peserta yang lanjut")),
            (_("Tidak lanjut"), leaving or "0", "leaving"),
        ],
        figures=figures,
        button=_("Ya, tutup dan perpanjang"),
        back=reverse("enrollment:program", args=[program.pk]),
    )


@login_required
def end_participant(request, peserta_id: int):
    """Report a death, a move or a wage job for one participant: cover ends after the
    month of the event and nothing is billed after it (``contributions.lifecycle``)."""
    if not can_follow_enrolment(request.user):
        raise PermissionDenied
    peserta = queries.participant_for(request.user, peserta_id)
    if peserta is None:
        raise Http404
    if not can_enrol(request.user, peserta.program.wilayah_id):
        raise PermissionDenied
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        end_participation(
            user=request.user,
            peserta=peserta,
            alasan=form.cleaned_data["alasan"],
            tanggal=form.cleaned_data["tanggal"],
            keterangan=form.cleaned_data["keterangan"],
        )
        messages.success(request, _("Kepesertaan diakhiri setelah bulan peristiwa."))
        return redirect("enrollment:program", program_id=peserta.program_id)
    nik = peserta.person.nik
    shown = nik if sees_full_identity(request.user) else mask_nik(nik)
    return render(request, "enrollment/end.html", {"peserta": peserta, "form": form, "nik": shown})
