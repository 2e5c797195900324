"""Pages of complaints: the worker's own (no login, plain HTML that works without
JavaScript: ``worker_file``, ``worker_status``) and the office's (the queue, a
complaint, filing on a worker's behalf, taking it up and closing it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import (
    can_file_complaint,
    can_handle_complaint,
    can_see_complaints,
    covers,
    sees_full_identity,
)
from jaring.core.masking import shown_identity
from jaring.pengaduan import door, queries, services
from jaring.pengaduan.forms import ComplaintForm, ReasonForm, ResolveForm, StatusForm
from jaring.pengaduan.models import Kanal, Pengaduan, StatusPengaduan
from jaring.programs.models import Program, StatusProgram
from jaring.registry.queries import person_by_identity
from jaring.wilayah.models import Wilayah

# --- The worker's door ----------------------------------------------------------------


def worker_file(request):
    """The worker files a complaint after the NIK and birth-date check."""
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        door.admit(request, data["nik"], "pengaduan:ajukan")
        person = person_by_identity(data["nik"], data["tanggal_lahir"])
        if person is None:
            form.add_error(None, door.mismatch_message())
        else:
            try:
                filed = services.file_complaint(
                    person=person, jenis=data["jenis"], uraian=data["uraian"],
                    no_hp=data["no_hp"], kanal=Kanal.WEB,
                )  # fmt: skip
            except services.PengaduanError as error:
                form.add_error(None, str(error))
            else:
                return render(request, "pengaduan/worker_filed.html", {"pengaduan": filed})
    return render(request, "pengaduan/worker_form.html", {"form": form})


def worker_status(request):
    """The worker reads their complaint's status and the office's answers."""
    form = StatusForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        door.admit(request, data["nik"], "pengaduan:status")
        found = queries.for_worker(data["nomor"], data["nik"])
        if found is None:
            form.add_error(None, door.not_found_message())
    return render(
        request,
        "pengaduan/worker_status.html",
        {"form": form, "pengaduan": found, "riwayat": found.riwayat.all() if found else ()},
    )


# --- The office -----------------------------------------------------------------------

PER_PAGE = 50


@login_required
def complaint_list(request):
    if not can_see_complaints(request.user):
        raise PermissionDenied
    view = request.GET.get("tampil", "terbuka")
    rows = queries.complaints_for(request.user)
    if view == "terbuka":
        rows = queries.waiting_for(request.user)
    elif view == "terlambat":
        rows = queries.overdue_for(request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    names = dict(
        Wilayah.objects.filter(kode__in={p.kode_kabupaten for p in page}).values_list(
            "kode", "nama"
        )
    )
    for complaint in page:
        complaint.kabupaten_nama = names.get(complaint.kode_kabupaten, complaint.kode_kabupaten)
    return render(
        request,
        "pengaduan/list.html",
        {
            "page": page,
            "view": view,
            "today": timezone.localdate(),
            "may_file": can_file_complaint(request.user),
            "overdue": queries.overdue_for(request.user).count(),
            "deadline_days": settings.JARING_PENGADUAN["DEADLINE_DAYS"],
        },
    )


@login_required
def complaint_file(request):
    """An operator or verifier files a complaint on a worker's behalf."""
    if not can_file_complaint(request.user):
        raise PermissionDenied
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = person_by_identity(data["nik"], data["tanggal_lahir"])
        # Out of the user's region answers as a mismatch: the same as an unknown NIK.
        if person is None or not can_file_complaint(request.user, person.wilayah_id[:5]):
            form.add_error(None, door.mismatch_message())
        else:
            try:
                filed = services.file_complaint(
                    person=person, jenis=data["jenis"], uraian=data["uraian"],
                    no_hp=data["no_hp"], kanal=Kanal.PETUGAS, user=request.user,
                )  # fmt: skip
            except services.PengaduanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Pengaduan %(nomor)s dicatat.") % {"nomor": filed.nomor}
                )
                return redirect("pengaduan:detail", nomor=filed.nomor)
    return render(request, "pengaduan/staff_form.html", {"form": form})


def _complaint(request, nomor: str) -> Pengaduan:
    found = queries.complaints_for(request.user).filter(nomor=nomor).first()
    if found is None:
        raise Http404
    return found


def _programs_of(pengaduan: Pengaduan):
    """Programmes a worker of that village could be put on (not yet closed)."""
    village = pengaduan.person.wilayah_id
    open_programs = Program.objects.exclude(status=StatusProgram.SELESAI).order_by("-bulan_mulai")
    return [p for p in open_programs if covers(p.wilayah_id, village)]


@login_required
def complaint_detail(request, nomor: str, resolve_form: ResolveForm | None = None):
    if not can_see_complaints(request.user):
        raise PermissionDenied
    pengaduan = _complaint(request, nomor)
    person = pengaduan.person
    log_access(request.user, AccessAction.VIEW_COMPLAINT, f"pengaduan:{pengaduan.nomor}",
               request=request)  # fmt: skip
    nik, born = shown_identity(sees_full_identity(request.user), person.nik, person.tanggal_lahir)
    handles = can_handle_complaint(request.user, pengaduan.kode_kabupaten)
    return render(
        request,
        "pengaduan/detail.html",
        {
            "pengaduan": pengaduan,
            "person": person,
            "nik": nik,
            "born": born,
            "riwayat": pengaduan.riwayat.select_related("created_by"),
            "handles": handles and pengaduan.status in ("baru", "diproses"),
            "is_new": pengaduan.status == StatusPengaduan.BARU,
            "overdue": pengaduan.status in ("baru", "diproses")
            and pengaduan.batas_waktu < timezone.localdate(),
            "resolve_form": resolve_form or ResolveForm(programs=_programs_of(pengaduan)),
            "reject_form": ReasonForm(),
        },
    )


def _handled(request, nomor: str) -> Pengaduan:
    if not can_see_complaints(request.user):
        raise PermissionDenied
    pengaduan = _complaint(request, nomor)
    if not can_handle_complaint(request.user, pengaduan.kode_kabupaten):
        raise PermissionDenied
    return pengaduan


@login_required
@require_POST
def complaint_take_up(request, nomor: str):
    pengaduan = _handled(request, nomor)
    try:
        services.take_up(user=request.user, pengaduan=pengaduan)
    except services.PengaduanError as error:
        messages.error(request, str(error))
    return redirect("pengaduan:detail", nomor=nomor)


@login_required
@require_POST
def complaint_resolve(request, nomor: str):
    pengaduan = _handled(request, nomor)
    programs = _programs_of(pengaduan)
    form = ResolveForm(request.POST, programs=programs)
    if form.is_valid():
        data = form.cleaned_data
        chosen = next((p for p in programs if p.pk == data["program"]), None)
        try:
            services.resolve(
                user=request.user, pengaduan=pengaduan, tindakan=data["tindakan"],
                alasan=data["alasan"], changes=form.changes(), program=chosen,
            )  # fmt: skip
        except services.PengaduanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pengaduan %(nomor)s selesai.") % {"nomor": nomor})
            return redirect("pengaduan:detail", nomor=nomor)
    return complaint_detail(request, nomor, resolve_form=form)


@login_required
@require_POST
def complaint_reject(request, nomor: str):
    pengaduan = _handled(request, nomor)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.PengaduanError(_("Tuliskan keterangan untuk pekerja."))
        services.reject(user=request.user, pengaduan=pengaduan, alasan=form.cleaned_data["alasan"])
    except services.PengaduanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Pengaduan %(nomor)s ditutup.") % {"nomor": nomor})
    return redirect("pengaduan:detail", nomor=nomor)
