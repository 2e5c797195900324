"""The workflow steps a programme page posts: run the selection (a background job),
strike and restore persons, verify a regency, approve, issue the SK, amend the list.

Each view only parses the form and calls the one service of that step; the service
checks who may do it (``PermissionDenied`` → 403) and whether it can be done now
(``WorkflowError`` → its Indonesian message on the page)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jaring import confirm
from jaring.accounts.policy import SecondPersonRequired, can_manage_program
from jaring.jobs.services import active_job, start_job, started_at
from jaring.programs import services
from jaring.programs.confirmations import outlook_facts
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
        job = start_job(
            jenis=f"Seleksi penerima {program.kode}",
            handler=SELECTION_HANDLER,
            target=f"program:{program.pk}",
            user=request.user,
            params={"program_id": program.pk},
        )
        if job.already_running:
            messages.warning(
                request,
                _("Seleksi sedang berjalan sejak %(jam)s — tunggu hingga selesai.")
                % {"jam": started_at(job)},
            )
        else:
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


def _selection_running(request, program) -> bool:
    """Approval waits for a selection still queued or running (it would freeze a list
    being rewritten); the user is told since when."""
    job = active_job(f"program:{program.pk}", SELECTION_HANDLER)
    if job is not None:
        messages.warning(
            request,
            _("Seleksi sedang berjalan sejak %(jam)s — tunggu hingga selesai, lalu setujui.")
            % {"jam": started_at(job)},
        )
    return job is not None


@login_required
@require_POST
def approve(request, pk: int):
    """Approval freezes the list: first a confirmation with its figures (persons,
    months, iuran), then, once confirmed with those very figures, the step."""
    program = viewable_program(request.user, pk)
    back = reverse("programs:detail", args=[program.pk]) + "#alur"
    if _selection_running(request, program):
        return redirect(back)
    try:
        outlook = services.approval_outlook(user=request.user, program=program)
        step = f"approve:{program.pk}"
        if not confirm.is_confirmed(request, step, outlook.figures()):
            return confirm.render(
                request,
                confirm.Confirmation(
                    step=step,
                    title=_("Setujui daftar penerima %(kode)s?") % {"kode": program.kode},
                    summary=_(
                        "Daftar terpilih dibekukan menjadi daftar penerima. Sesudah ini "
                        "daftar hanya dapat diubah melalui amandemen."
                    ),
                    facts=outlook_facts(outlook, _("Pekerja yang disetujui")),
                    figures=outlook.figures(),
                    button=_("Ya, setujui daftar"),
                    back=back,
                ),
            )
        count = services.approve(user=request.user, program=program)
    except (services.WorkflowError, SecondPersonRequired) as exc:
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
    return redirect(back)


@login_required
@require_POST
def decree(request, pk: int):
    """Recording the SK: the form is checked, then confirmed with what the SK makes
    official (the active list, its months and iuran), then recorded."""
    program = viewable_program(request.user, pk)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    form = DecreeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        signer = {"tempat": data["tempat"], "jabatan": data["jabatan"], "nama": data["nama"]}
        try:
            outlook = services.decree_outlook(
                user=request.user, program=program, nomor_sk=data["nomor_sk"], **signer
            )
            step = f"decree:{program.pk}"
            figures = {**outlook.figures(), "nomor_sk": data["nomor_sk"].strip(),
                       "tanggal_sk": data["tanggal_sk"].isoformat(), **signer}  # fmt: skip
            if not confirm.is_confirmed(request, step, figures):
                confirmation = _decree_confirmation(program, data, outlook, figures)
                return confirm.render(request, confirmation)
            services.issue_decree(
                user=request.user, program=program, nomor_sk=data["nomor_sk"],
                tanggal_sk=data["tanggal_sk"], **signer,
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


def _decree_confirmation(program, data, outlook, figures) -> confirm.Confirmation:
    return confirm.Confirmation(
        step=f"decree:{program.pk}",
        title=_("Tetapkan SK nomor %(nomor)s?") % {"nomor": data["nomor_sk"].strip()},
        summary=_(
            "SK ini mengesahkan daftar penerima %(kode)s. Nomor, tanggal dan penandatangan "
            "tercetak pada lampiran SK dan tidak dapat diubah sesudahnya."
        )
        % {"kode": program.kode},
        facts=[
            (_("Nomor SK"), data["nomor_sk"].strip(), "nomor_sk"),
            (_("Tanggal SK"), formats.date_format(data["tanggal_sk"], "j F Y"), "tanggal_sk"),
            (_("Penandatangan"), f"{data['nama']}, {data['jabatan']}", "signer"),
            *outlook_facts(outlook, _("Pekerja dalam daftar")),
        ],
        figures=figures,
        button=_("Ya, tetapkan SK"),
        back=reverse("programs:detail", args=[program.pk]) + "#alur",
    )


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
        usulan = amendment.usulan
        messages.success(
            request,
            _(
                "Amandemen ke-%(n)s dicatat: %(cabut)s dicabut, %(tambah)s ditambahkan. "
                "Amandemen berlaku setelah disetujui pengelola program lain."
            )
            % {
                "n": amendment.nomor,
                "cabut": len(usulan.get("cabut", {})),
                "tambah": len(usulan.get("tambah", [])),
            },
        )
    return _back(request, reverse("programs:beneficiaries", args=[program.pk]))


@login_required
@require_POST
def decide_amendment(request, pk: int, nomor: int):
    """Approve (``aksi=setujui``) or cancel (``aksi=batal``) a waiting amendment; the
    service refuses the approval of whoever prepared it."""
    program = viewable_program(request.user, pk)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    amendment = program.amandemen.filter(nomor=nomor).first()
    if amendment is None:
        raise Http404
    approving = request.POST.get("aksi") == "setujui"
    try:
        if approving:
            services.approve_amendment(user=request.user, amendment=amendment)
        else:
            services.cancel_amendment(user=request.user, amendment=amendment)
    except (services.WorkflowError, SecondPersonRequired) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            (_("Amandemen ke-%(n)s disetujui dan berlaku.") if approving
             else _("Amandemen ke-%(n)s dibatalkan.")) % {"n": nomor},
        )  # fmt: skip
    return redirect(reverse("programs:beneficiaries", args=[program.pk]) + "#amendments")
