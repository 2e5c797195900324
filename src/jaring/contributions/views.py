"""Pages of contributions: programmes' billing by month and funder, an invoice with its
regions and payments, the arrears report, and the payment file import. Amounts are
totals (no identities) except the arrears list, shown to roles that work with
participants, with NIKs masked for those that do not need them."""

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jaring import confirm
from jaring.accounts.policy import (
    BILL,
    SecondPersonRequired,
    can_bill,
    can_manage_program,
    can_see_participants,
    can_view_programs,
    is_admin,
    sees_full_identity,
)
from jaring.contributions import queries
from jaring.contributions.billing import BillingError, billing_outlook
from jaring.contributions.forms import BillingForm, PaymentForm, UploadForm
from jaring.contributions.jobs import BILLING, billing_busy, billing_target
from jaring.contributions.payment_import import LAYOUT, import_payments
from jaring.contributions.payments import (
    PaymentError,
    confirm_payment,
    confirm_payment_file,
    record_payment,
    remaining,
)
from jaring.core.masking import mask_nik
from jaring.core.money import rupiah, thousands
from jaring.enrollment.forms import error_text
from jaring.enrollment.models import Peserta
from jaring.enrollment.queries import enrolment_programs
from jaring.imports import uploaded_path
from jaring.jobs.services import active_job, latest_job, start_job
from jaring.programs.confirmations import month_name
from jaring.programs.models import Pendana
from jaring.programs.queries import program_or_404
from jaring.programs.services import has_worker_share
from jaring.reasons import translate_rows
from jaring.sheets import UnusableFile

HANDLER = BILLING


def _require_view(user) -> None:
    if not can_view_programs(user):
        raise PermissionDenied


def _program(request, program_id: int):
    return program_or_404(request.user, program_id, past_draft=True)


def can_import_payments(user) -> bool:
    return is_admin(user) or user.role in BILL


@login_required
def index(request):
    _require_view(request.user)
    rows = []
    for program in enrolment_programs(request.user):
        total = queries.totals(program).get("total", queries.Line(0, 0, 0))
        rows.append({"program": program, "total": total})
    return render(
        request,
        "contributions/index.html",
        {"rows": rows, "can_import": can_import_payments(request.user)},
    )


@login_required
def program_page(request, program_id: int):
    program = _program(request, program_id)
    user = request.user
    months = queries.months_table(program, queries.invoices_for(user, program))
    totals = queries.totals(program)
    job = latest_job(billing_target(program), HANDLER)
    running = active_job(billing_target(program), HANDLER)
    today = timezone.localdate()
    suggested = min(max(program.bulan_mulai, today.replace(day=1)), program.bulan_akhir)
    context = {
        "program": program,
        "months": months,
        "total": totals.get("total", queries.Line(0, 0, 0)),
        "check": queries.reconciliation(program),
        # The progress partial polls a page only its starter may read (jobs.views).
        "job": job if job and (job.created_by_id == user.pk or is_admin(user)) else None,
        "form": BillingForm(initial={"bulan": suggested.strftime("%Y-%m")}),
        "busy": billing_busy(running) if running else "",
        "can_bill": can_bill(user, program.wilayah_id),
        "can_manage": can_manage_program(user, program.wilayah_id),
        "worker_shares": queries.worker_shares(program) if has_worker_share(program) else None,
        "all_regions": queries.sees_all_regions(user, program),
        "statuses": [
            (key, queries.STATUS_LABELS[key], count)
            for key, count in queries.status_counts(program).items()
        ],
    }
    return render(request, "contributions/program.html", context)


@login_required
@require_POST
def billing_run(request, program_id: int):
    """Start a month's billing in the background once confirmed with its figures
    (participants, month, rupiah); the page shows its progress. While a billing of
    the programme is queued or running, a second one is not started: the page says so."""
    program = _program(request, program_id)
    if not can_bill(request.user, program.wilayah_id):
        raise PermissionDenied
    back = redirect("contributions:program", program_id=program.pk)
    form = BillingForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return back
    running = active_job(billing_target(program), HANDLER)
    if running is not None:
        messages.warning(request, billing_busy(running))
        return back
    try:
        outlook = billing_outlook(
            user=request.user, program=program, month=form.cleaned_data["bulan"]
        )
    except BillingError as exc:
        messages.error(request, str(exc))
        return back
    step = f"billing:{program.pk}"
    if not confirm.is_confirmed(request, step, outlook.figures()):
        return confirm.render(request, _billing_confirmation(program, outlook))
    month = outlook.bulan
    job = start_job(
        jenis=_("Penagihan iuran %(bulan)s") % {"bulan": month.strftime("%m/%Y")},
        handler=HANDLER,
        target=billing_target(program),
        user=request.user,
        params={"program_id": program.pk, "month": month.strftime("%Y-%m")},
    )
    if job.already_running:  # another request started it a moment ago
        messages.warning(request, billing_busy(job))
    return back


def _billing_confirmation(program, outlook) -> confirm.Confirmation:
    per_participant = rupiah(outlook.per_peserta)
    if len(outlook.shares) > 1:
        per_participant += (
            " ("
            + ", ".join(
                f"{Pendana(code).label} {rupiah(amount)}"
                for code, amount in sorted(outlook.shares.items())
            )
            + ")"
        )
    facts = [
        (_("Bulan yang ditagih"), month_name(outlook.bulan), "month"),
        (_("Peserta terlindungi bulan itu"), thousands(outlook.participants), "participants"),
        (
            _("Iuran per peserta sebelum keringanan")
            if outlook.keringanan
            else _("Iuran per peserta"),
            per_participant,
            "per_participant",
        ),
        (_("Jumlah tagihan bulan itu"), rupiah(outlook.total), "total"),
    ]
    if outlook.keringanan:
        facts.append(
            (
                _("Keringanan iuran (sudah dikurangkan)"),
                rupiah(outlook.keringanan),
                "relief",
            )
        )
    if outlook.already:
        facts += [
            (_("Sudah ditagih sebelumnya"), thousands(outlook.already), "already"),
            (
                _("Ditambahkan sekarang"),
                ngettext("%(n)s peserta", "%(n)s peserta", outlook.new)
                % {"n": thousands(outlook.new)}
                + f" · {rupiah(outlook.added)}",
                "added",
            ),
        ]
    return confirm.Confirmation(
        step=f"billing:{program.pk}",
        title=_("Tagih iuran %(bulan)s untuk %(kode)s?")
        % {"bulan": month_name(outlook.bulan), "kode": program.kode},
        summary=_(
            "Satu tagihan per pendana dibuat untuk bulan itu, dengan satu baris per peserta "
            "yang diterima BPJS dan terlindungi pada bulan itu. Penagihan berjalan di latar "
            "belakang; halaman iuran menunjukkan kemajuannya."
        ),
        facts=facts,
        figures=outlook.figures(),
        button=_("Ya, jalankan penagihan"),
        back=reverse("contributions:program", args=[program.pk]),
        notes=[]
        if outlook.new
        else [
            _("Semua peserta bulan ini sudah ditagih; menjalankannya lagi tidak menambah apa pun.")
        ],
    )


@login_required
def invoice_page(request, nomor: str):
    _require_view(request.user)
    invoice = queries.invoice_for(request.user, nomor)
    if invoice is None:
        raise Http404
    allowed = can_bill(request.user, invoice.program.wilayah_id)
    form = PaymentForm(request.POST or None, initial={
        "jumlah": remaining(invoice), "tanggal": timezone.localdate(),
    })  # fmt: skip
    if request.method == "POST" and request.POST.get("konfirmasi"):
        if not allowed:
            raise PermissionDenied
        return _confirm_one(request, invoice, request.POST["konfirmasi"])
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                _payment, created = record_payment(
                    user=request.user,
                    tagihan=invoice,
                    jumlah=form.cleaned_data["jumlah"],
                    tanggal=form.cleaned_data["tanggal"],
                    referensi=form.cleaned_data["referensi"],
                )
            except PaymentError as exc:
                form.add_error(None, str(exc))
            else:
                if not created:
                    messages.success(request, _("Pembayaran ini sudah tercatat."))
                elif _payment.menunggu:
                    messages.success(
                        request,
                        _(
                            "Pembayaran dicatat dan menunggu konfirmasi petugas keuangan lain; "
                            "baru dihitung setelah dikonfirmasi."
                        ),
                    )
                else:
                    messages.success(request, _("Pembayaran dicatat."))
                return redirect("contributions:invoice", nomor=invoice.nomor)
    credit_from, credit_to = queries.credit_neighbours(invoice)
    prices = queries.invoice_prices(invoice)
    relief_rules = {p["penyesuaian"].pk: p["penyesuaian"] for p in prices if p["penyesuaian"]}
    return render(
        request,
        "contributions/invoice.html",
        {
            "invoice": invoice,
            "prices": prices,
            "relief_rules": list(relief_rules.values()),
            "credit_from": credit_from,
            "credit_to": credit_to,
            "regions": queries.regions_of(request.user, invoice),
            "all_regions": queries.sees_all_regions(request.user, invoice.program),
            "payments": queries.payments_of(invoice),
            "form": form,
            "can_pay": allowed and remaining(invoice) > 0,
            "can_confirm": allowed,
            "waiting_total": sum(p.jumlah for p in invoice.pembayaran.all() if p.menunggu),
            "remaining": remaining(invoice),
        },
    )


def _confirm_one(request, invoice, pk: str):
    """A second person confirms one waiting payment of the invoice."""
    payment = invoice.pembayaran.filter(pk=pk if pk.isdigit() else 0).first()
    if payment is None:
        raise Http404
    try:
        confirm_payment(user=request.user, pembayaran=payment)
    except (PaymentError, SecondPersonRequired) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Pembayaran %(referensi)s dikonfirmasi dan kini dihitung.")
            % {"referensi": payment.referensi},
        )
    return redirect("contributions:invoice", nomor=invoice.nomor)


@login_required
def arrears(request, program_id: int):
    program = _program(request, program_id)
    as_of = timezone.localdate()
    asked = BillingForm({"bulan": request.GET.get("per", "")})
    if request.GET.get("per") and asked.is_valid():
        as_of = asked.cleaned_data["bulan"]
    report = queries.arrears(program, request.user, as_of)
    people = []
    page = None
    if can_see_participants(request.user):
        frame: pl.DataFrame = report["peserta"]
        page = Paginator(range(frame.height), 50).get_page(request.GET.get("page"))
        rows = frame.slice(page.start_index() - 1, len(page.object_list)) if frame.height else frame
        by_id = {
            p.pk: p
            for p in Peserta.objects.filter(
                pk__in=rows.get_column("peserta_id").to_list()
            ).select_related("person")
        }
        full = sees_full_identity(request.user)
        for row in rows.iter_rows(named=True):
            peserta = by_id[row["peserta_id"]]
            nik = peserta.person.nik
            kurang = queries.MISSING_LABELS.get(row["kurang"] or "")
            people.append({**row, "peserta": peserta, "nik": nik if full else mask_nik(nik),
                           "kurang_label": kurang})  # fmt: skip
    return render(
        request,
        "contributions/arrears.html",
        {
            "program": program, "report": report, "people": people, "page": page,
            "labels": queries.STATUS_LABELS, "as_of": as_of,
            # Which part is unpaid matters only when the worker pays a share too.
            "porsi_pekerja": has_worker_share(program),
        },
    )  # fmt: skip


@login_required
def payments_import(request):
    if not can_import_payments(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with uploaded_path(upload, "pembayaran") as path:
                result = import_payments(user=request.user, path=path, original_name=upload.name)
        except UnusableFile as exc:
            form.add_error("file", str(exc))
        else:
            if result.already_imported:
                messages.info(
                    request, _("Berkas ini sudah pernah diimpor; tidak ada yang berubah.")
                )
            return redirect("contributions:payments_result", nomor=result.record.nomor)
    imports = queries.payment_imports_for(request.user)[:20]
    return render(request, "contributions/payments_import.html", {"form": form, "imports": imports})


@login_required
def payments_result(request, nomor: str):
    if not can_import_payments(request.user):
        raise PermissionDenied
    record = queries.payment_import_for(request.user, nomor)
    if record is None:
        raise Http404
    if request.method == "POST":
        try:
            count = confirm_payment_file(user=request.user, impor=record)
        except (PaymentError, SecondPersonRequired) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s pembayaran dikonfirmasi dan kini dihitung.",
                    "%(n)s pembayaran dikonfirmasi dan kini dihitung.",
                    count,
                )
                % {"n": count},
            )
        return redirect("contributions:payments_result", nomor=record.nomor)
    waiting = record.pembayaran.filter(confirmed_at__isnull=True).select_related("tagihan")
    return render(
        request, "contributions/payments_result.html",
        {"record": record, "errors": translate_rows(record.errors.all()[:500]),
         "labels": LAYOUT.labels, "waiting": waiting,
         "own": record.imported_by_id == request.user.pk},
    )  # fmt: skip
