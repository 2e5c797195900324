import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring import exports
from jaring.programs import proposal
from jaring.programs.forms import DEFAULT_SCENARIOS, ProposalForm, ScenarioFormSet
from jaring.programs.models import Pendana
from jaring.programs.queries import programs_for
from jaring.programs.services import plan
from jaring.programs.tariffs import NoTariff


def _compute(form) -> dict:
    """One scenario under the tariff rules month by month (``services.plan``): the
    province and the regencies/cities share each participant-month as set."""
    data = form.cleaned_data
    provinsi = data["porsi_provinsi"]
    shares = {
        pendana: share
        for pendana, share in (
            (Pendana.APBD_PROVINSI.value, provinsi),
            (Pendana.APBD_KABKOTA.value, Decimal(100) - provinsi),
        )
        if share > 0
    }
    pekerjaan = data["pekerjaan"]
    result = plan(
        workers=data["pekerja"],
        months=data["bulan"],
        income=data["penghasilan"],
        shares=shares,
        pekerjaan=pekerjaan.kode if pekerjaan else None,
        mulai=data["mulai"],
    )
    funders = result.by_funder()
    first = result.months[0] if result.months else None
    return {
        "nama": data["nama"],
        "plan": result,
        "rincian": first.rincian if first else None,
        "first": first.bulan if first else None,
        "last": result.months[-1].bulan if result.months else None,
        "provinsi": funders.get(Pendana.APBD_PROVINSI.value, 0),
        "kabkota": funders.get(Pendana.APBD_KABKOTA.value, 0),
    }


@login_required
def budget_scenarios(request):
    """What-if budget scenarios side by side, for the proposal before Musrenbang."""
    formset = ScenarioFormSet(request.GET or _as_data(DEFAULT_SCENARIOS))
    results, error = [], ""
    if formset.is_valid():
        try:
            results = [_compute(form) for form in formset.forms]
        except NoTariff as exc:
            error = str(exc)
    if results and request.GET.get("format") == "xlsx":
        return _xlsx(results)
    return _page(request, formset, results, error, ProposalForm(programs_for(request.user)))


def _page(request, formset, results, error, proposal_form, proposal_error=""):
    return render(
        request,
        "programs/budget.html",
        {
            "formset": formset,
            "results": results,
            "error": error,
            "proposal_form": proposal_form,
            "proposal_error": proposal_error,
        },
    )


@login_required
def budget_proposal(request):
    """The proposal document for next year's budget (``proposal``), XLSX or PDF; a
    wrong choice comes back to the budget page with the reason."""
    form = ProposalForm(programs_for(request.user), request.GET)
    problem = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            usulan = proposal.build(
                request.user, data["program"], mulai=data["mulai"], months=data["bulan"]
            )
        except NoTariff as exc:
            problem = str(exc)
        else:
            if not usulan.kabupaten:
                problem = _(
                    "Program ini belum punya kuota per kabupaten/kota atau peserta aktif di "
                    "wilayah Anda: jalankan seleksi dulu."
                )
            else:
                return _proposal_file(usulan, request.GET.get("format", "pdf"))
    # The scenarios as first shown, not computed: the answer here is about the proposal.
    return _page(request, ScenarioFormSet(_as_data(DEFAULT_SCENARIOS)), [], "", form, problem)


def _proposal_file(usulan: proposal.Usulan, kind: str) -> HttpResponse:
    stamp = f"{timezone.localdate():%Y%m%d}"
    name = f"usulan-anggaran-{usulan.program.kode}-{usulan.tahun}-{stamp}"
    if kind == "xlsx":
        response = HttpResponse(
            proposal.xlsx(usulan),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(proposal.pdf(usulan), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _as_data(scenarios: list[dict]) -> dict[str, str]:
    """The default scenarios as submitted form data, so they are computed on first view."""
    data = {"form-TOTAL_FORMS": str(len(scenarios)), "form-INITIAL_FORMS": "0"}
    for i, scenario in enumerate(scenarios):
        data.update({f"form-{i}-{k}": "" if v is None else str(v) for k, v in scenario.items()})
    return data


def _xlsx(results: list[dict]) -> HttpResponse:
    buffer = io.BytesIO()
    workbook = exports.workbook(buffer)
    sheet = workbook.add_worksheet(_("Skenario anggaran"))
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": '"Rp" #,##0'})

    def base(part: str):
        return lambda r: getattr(r["rincian"], part) if r["rincian"] else 0

    rows = [
        (_("Jumlah pekerja"), lambda r: r["plan"].workers, None),
        (_("Jumlah bulan"), lambda r: len(r["plan"].months), None),
        (_("Penghasilan dasar (Rp/bulan)"), base("penghasilan_dasar"), money),
        ("JKK", base("jkk"), money),
        ("JKM", base("jkm"), money),
        (_("Iuran per pekerja, bulan pertama"), lambda r: r["plan"].per_worker_month, money),
        (_("Total anggaran"), lambda r: r["plan"].total, money),
        (_("APBD provinsi"), lambda r: r["provinsi"], money),
        (_("APBD kabupaten/kota"), lambda r: r["kabkota"], money),
    ]
    sheet.write(0, 0, _("Skenario"), bold)
    for column, result in enumerate(results, start=1):
        sheet.write(0, column, result["nama"], bold)
    for line, (label, value, style) in enumerate(rows, start=1):
        sheet.write(line, 0, label, bold)
        for column, result in enumerate(results, start=1):
            sheet.write_number(line, column, value(result), style)
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, len(results), 22)
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="skenario-anggaran.xlsx"'
    return response
