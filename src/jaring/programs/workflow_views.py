"""The workflow steps a programme page posts: run the selection (a background job),
strike and restore persons, verify a regency, approve, issue the SK, amend the list.

Each view only parses the form and calls the one service of that step; the service
checks who may do it (``PermissionDenied`` → 403) and whether it can be done now
(``WorkflowError`` → its Indonesian message on the page)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jaring.accounts.policy import can_manage_program
from jaring.jobs.services import start_job
from jaring.programs import services
from jaring.programs.forms import DecreeForm, StrikeForm, VerifyForm
from jaring.programs.program_views import SELECTION_HANDLER, detail_context, viewable_program


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def start_selection(request, pk: int):
    program = viewable_program(request.user, pk)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    if program.terkunci:
        messages.error(request, _("Program sudah disetujui; seleksi tidak dapat diulang."))
    else:
        start_job(
            jenis=f"Seleksi penerima {program.kode}",
            handler=SELECTION_HANDLER,
            target=f"program:{program.pk}",
            user=request.user,
            params={"program_id": program.pk},
        )
        messages.info(request, _("Seleksi dimulai; halaman ini diperbarui setelah selesai."))
    return redirect(reverse("programs:detail", args=[program.pk]) + "#seleksi")


@login_required
@require_POST
def verify(request, pk: int):
    program = viewable_program(request.user, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kabupaten/kota yang diverifikasi tidak dikenal."))
        return redirect("programs:detail", pk=program.pk)
    kode = form.cleaned_data["kode"]
    try:
        services.verify_region(
            user=request.user, program=program, kode=kode, catatan=form.cleaned_data["catatan"]
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        name = program.kuota_wilayah.filter(wilayah_id=kode).values_list("wilayah__nama", flat=True)
        messages.success(
            request, _("Daftar %(nama)s diverifikasi.") % {"nama": name.first() or kode}
        )
    return redirect(reverse("programs:detail", args=[program.pk]) + "#alur")


@login_required
@require_POST
def approve(request, pk: int):
    program = viewable_program(request.user, pk)
    try:
        count = services.approve(user=request.user, program=program)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "Daftar penerima disetujui: %(n)s pekerja. Langkah berikutnya: tetapkan SK.",
                "Daftar penerima disetujui: %(n)s pekerja. Langkah berikutnya: tetapkan SK.",
                count,
            )
            % {"n": count},
        )
    return redirect(reverse("programs:detail", args=[program.pk]) + "#alur")


@login_required
@require_POST
def decree(request, pk: int):
    program = viewable_program(request.user, pk)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    form = DecreeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_decree(
                user=request.user, program=program, nomor_sk=data["nomor_sk"],
                tanggal_sk=data["tanggal_sk"], tempat=data["tempat"], jabatan=data["jabatan"],
                nama=data["nama"],
            )  # fmt: skip
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("SK nomor %(nomor)s ditetapkan.") % {"nomor": data["nomor_sk"]}
            )
            return redirect(reverse("programs:detail", args=[program.pk]) + "#alur")
    program.refresh_from_db()
    context = detail_context(request, program, decree_form=form)
    return render(request, "programs/detail.html", context, status=200)


@login_required
@require_POST
def strike(request, pk: int):
    program = viewable_program(request.user, pk)
    form = StrikeForm(request.POST)
    fallback = reverse("programs:selection", args=[program.pk])
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pencoretan."))
        return _back(request, fallback)
    try:
        services.strike(
            user=request.user,
            program=program,
            person_id=form.cleaned_data["person"],
            alasan=form.cleaned_data["alasan"],
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Pekerja dicoret. Seleksi perlu dijalankan ulang oleh pengelola program."),
        )
    return _back(request, fallback)


@login_required
@require_POST
def unstrike(request, pk: int):
    program = viewable_program(request.user, pk)
    fallback = reverse("programs:selection", args=[program.pk])
    person_id = _int(request.POST.get("person"))
    if person_id is None:
        return _back(request, fallback)
    try:
        services.unstrike(user=request.user, program=program, person_id=person_id)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Coretan dibatalkan. Seleksi perlu dijalankan ulang."))
    return _back(request, fallback)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def amend(request, pk: int):
    """Withdraw checked beneficiaries (each with its reason) and/or add checked persons
    from the waiting list, or withdraw and fill each place from the waiting list."""
    program = viewable_program(request.user, pk)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    action = request.POST.get("aksi", "")
    alasan = request.POST.get("alasan", "")
    withdraw = {
        person: request.POST.get(f"alasan_{person}", "").strip() or alasan
        for person in filter(None, map(_int, request.POST.getlist("cabut")))
    }
    add = [p for p in map(_int, request.POST.getlist("tambah")) if p is not None]
    tanggal = None
    if request.POST.get("tanggal_sk"):
        try:
            tanggal = dt.date.fromisoformat(request.POST["tanggal_sk"])
        except ValueError:
            messages.error(request, _("Tanggal SK perubahan tidak sah."))
            return _back(request, reverse("programs:beneficiaries", args=[program.pk]))
    try:
        if action == "ganti":
            amendment = services.replace_from_waiting_list(
                user=request.user, program=program, cabut=withdraw, alasan=alasan,
                nomor_sk=request.POST.get("nomor_sk", ""), tanggal_sk=tanggal,
            )  # fmt: skip
        else:
            amendment = services.amend(
                user=request.user, program=program, alasan=alasan,
                cabut=withdraw if action in ("cabut", "ubah") else {},
                tambah=add if action in ("tambah", "ubah") else [],
                nomor_sk=request.POST.get("nomor_sk", ""), tanggal_sk=tanggal,
            )  # fmt: skip
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Amandemen ke-%(n)s dicatat: %(cabut)s dicabut, %(tambah)s ditambahkan.")
            % {
                "n": amendment.nomor,
                "cabut": amendment.dicabut.count(),
                "tambah": amendment.ditambahkan.count(),
            },
        )
    return _back(request, reverse("programs:beneficiaries", args=[program.pk]))
