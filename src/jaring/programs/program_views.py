"""Programme pages: the list, the rules form of a draft, and the detail page with its
budget, regencies, workflow panel and history. Writes go through ``services`` (via
``forms.ProgramEditor``), reads and scope through ``queries``."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jaring.accounts.policy import (
    can_manage_program,
    can_manage_programs,
    can_print_cards,
    can_verify_region,
    can_view_programs,
    is_admin,
    is_second_person,
)
from jaring.core.months import add_months
from jaring.jobs.services import latest_job
from jaring.programs import describe, documents, services, tariffs
from jaring.programs.forms import DecreeForm, ProgramEditor, VerifyForm, program_figures
from jaring.programs.models import Alasan, Pendana, Program, StatusProgram
from jaring.programs.queries import history_of, program_list, program_or_404, regions_for
from jaring.programs.tariffs import NoTariff

SELECTION_HANDLER = "jaring.programs.jobs.selection"


def viewable_program(user, pk: int) -> Program:
    """The programme, 403 for a role without programme pages, 404 out of scope."""
    return program_or_404(user, pk)


@login_required
def program_list_view(request):
    if not can_view_programs(request.user):
        raise PermissionDenied
    return render(
        request,
        "programs/list.html",
        {
            "programs": program_list(request.user),
            "can_create": can_manage_programs(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request):
    if not can_manage_programs(request.user):
        raise PermissionDenied
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request, pk: int):
    program = viewable_program(request.user, pk)
    if not can_manage_program(request.user, program.wilayah_id):
        raise PermissionDenied
    if program.terkunci:
        messages.error(
            request,
            _("Program sudah disetujui; aturannya tidak dapat diubah lagi. Gunakan amandemen."),
        )
        return redirect("programs:detail", pk=program.pk)
    return _edit(request, program)


def _edit(request, program: Program | None):
    editor = ProgramEditor(
        user=request.user, program=program, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and editor.is_valid() and request.POST.get("aksi") != "hitung":
        saved = editor.save()
        if saved is not None:
            messages.success(
                request,
                _("Program %(kode)s disimpan. Jalankan seleksi agar aturan baru berlaku.")
                % {"kode": saved.kode},
            )
            return redirect("programs:detail", pk=saved.pk)
    return render(request, "programs/form.html", {"editor": editor, "program": program})


def funder_split(program: Program, places: int) -> list[dict]:
    """Each funder's part of the budget for ``places`` workers: every month's
    participant-month split as billing splits it (by share, or a component paid by one
    funder: "APBD pays JKK, the worker JKM"), before relief, as the budget total is."""
    rule_set = tariffs.rules(program.bulan_mulai, program.bulan_akhir)
    price = services.pricing(program)
    per_worker: dict[str, int] = {}
    for i in range(program.jumlah_bulan):
        iuran = price(rule_set, add_months(program.bulan_mulai, i))
        for pendana, line in iuran.baris.items():
            per_worker[pendana] = per_worker.get(pendana, 0) + line.sebelum
    whole = sum(per_worker.values()) or 1
    labels = dict(Pendana.choices)
    return [
        {
            "label": labels.get(k, k),
            "persen": (Decimal(100) * per_worker[k] / whole).quantize(Decimal("0.01")),
            "rupiah": per_worker[k] * places,
        }
        for k in sorted(per_worker, key=lambda k: (-per_worker[k], k))
    ]


def detail_context(request, program: Program, **forms) -> dict:
    user = request.user
    manager = can_manage_program(user, program.wilayah_id)
    regions = list(regions_for(user, program))
    verified = {v.wilayah_id: v for v in program.verifikasi.select_related("created_by")}
    unverified = services.unverified_regions(program)
    names = {r.wilayah_id: r.wilayah.nama for r in regions}
    names.update(dict(program.kuota_wilayah.values_list("wilayah_id", "wilayah__nama")))
    draft = program.status == StatusProgram.DRAF
    selected_ready = draft and program.seleksi_pada is not None and not program.perlu_seleksi_ulang
    try:
        figures = program_figures(program)
    except NoTariff as exc:
        figures, tariff_error = None, str(exc)
    else:
        tariff_error = ""
    active = services.active_beneficiaries(program).count() if program.terkunci else 0
    job = latest_job(f"program:{program.pk}", SELECTION_HANDLER)
    running = job is not None and not job.finished
    ran_it = draft and manager and not is_second_person(user, services.selection_run_by(program))
    return {
        "program": program,
        "manager": manager,
        "draft": draft,
        "eligibility": describe.eligibility(program),
        "priority": describe.priority(program),
        "next_step": describe.next_step(program, unverified, names),
        "figures": figures,
        "tariff_error": tariff_error,
        "split": funder_split(program, figures["kapasitas"]) if figures else [],
        "active": active,
        "active_cost": active * figures["biaya_per_orang"] if figures else None,
        "regions": [(r, verified.get(r.wilayah_id)) for r in regions],
        "region_totals": {
            key: sum(getattr(r, key) or 0 for r in regions)
            for key in ("kuota_tetap", "kuota", "memenuhi_syarat", "terpilih")
        },
        "unverified": [(k, names.get(k, k)) for k in unverified],
        "can_approve": manager and selected_ready and not unverified and not running and not ran_it,
        # The two-person rule: whoever ran the selection leaves its approval to another.
        "ran_selection": ran_it,
        "running": running,
        "verify_forms": [
            (r, verified.get(r.wilayah_id), VerifyForm(initial={"kode": r.wilayah_id}))
            for r in regions
            if selected_ready and can_verify_region(user, r.wilayah_id)
        ],
        "selected_ready": selected_ready,
        "decree_form": forms.get("decree_form")
        or DecreeForm(
            initial={
                "jabatan": documents.default_title(program),
                # A city's or regency's decree is issued in it; a province's seat is typed.
                "tempat": ""
                if len(program.wilayah_id) == 2
                else program.wilayah.nama.removeprefix("Kota ").removeprefix("Kabupaten "),
            }
        ),
        "job": job,
        "job_visible": job is not None and (job.created_by_id == user.pk or is_admin(user)),
        "job_reasons": _job_reasons(job),
        "documents": documents.available(program),
        "cards": program.status != StatusProgram.DRAF and can_print_cards(user),
        "history": history_of(user, program),
        "amendments": program.amandemen.count() if program.terkunci else 0,
    }


def _job_reasons(job) -> list[tuple[str, int]]:
    if job is None or not job.hasil:
        return []
    labels = dict(Alasan.choices)
    counts = job.hasil.get("alasan", {})
    return [(str(labels[k]), counts[k]) for k in Alasan.values if k in counts]


@login_required
def program_detail(request, pk: int):
    program = viewable_program(request.user, pk)
    return render(request, "programs/detail.html", detail_context(request, program))
