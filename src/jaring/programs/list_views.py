"""Lists of persons in a programme: the selection results (with the reason each person
is in or out), the approved beneficiaries with their amendments, and the SK attachment
downloads. Persons are scoped by ``queries`` (a regency's users see their regency);
NIKs and birth dates are masked for roles that do not see identities, and every export
and NIK search is written to the access log."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from jaring.accounts.audit import log_access, log_nik_search
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_manage_program, can_verify_region, sees_full_identity
from jaring.core.masking import shown_identity
from jaring.core.paging import CappedPaginator
from jaring.programs import documents, services
from jaring.programs.models import Alasan, StatusProgram
from jaring.programs.program_views import viewable_program
from jaring.programs.queries import (
    ListFilter,
    amendments_of,
    beneficiary_rows,
    exclusions_of,
    reason_counts,
    regions_for,
    selection_rows,
    waiting_list_for,
)

PAGE_SIZE = 50
WAITING_SHOWN = 25


def _identity(user, person) -> tuple[str, str]:
    return shown_identity(sees_full_identity(user), person.nik, person.tanggal_lahir)


def _criteria(request, regions) -> ListFilter:
    codes = {r.wilayah_id for r in regions}
    kabupaten = request.GET.get("kabupaten", "")
    alasan = request.GET.get("alasan", "")
    return ListFilter(
        alasan=alasan if alasan in Alasan.values else "",
        kabupaten=kabupaten if kabupaten in codes else "",
        q=request.GET.get("q", "")[:100],
    )


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def selection_results(request, pk: int):
    program = viewable_program(request.user, pk)
    user = request.user
    regions = list(regions_for(user, program))
    criteria = _criteria(request, regions)
    log_nik_search(user, criteria.q, target=f"program:{program.kode}", request=request)
    page = CappedPaginator(selection_rows(user, program, criteria), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    exclusions = exclusions_of(program, [r.person_id for r in rows])
    may_strike = program.status == StatusProgram.DRAF
    counts = reason_counts(user, program, criteria.kabupaten)
    return render(
        request,
        "programs/selection.html",
        {
            "program": program,
            "page": page,
            "rows": [
                (
                    row,
                    *_identity(user, row.person),
                    exclusions.get(row.person_id),
                    may_strike and can_verify_region(user, row.kode_kabupaten),
                )
                for row in rows
            ],
            "reasons": [(value, label, counts.get(value, 0)) for value, label in Alasan.choices],
            "total": sum(counts.values()),
            "regions": regions,
            "criteria": criteria,
            "querystring": _querystring(request),
        },
    )


@login_required
def beneficiaries(request, pk: int):
    program = viewable_program(request.user, pk)
    if not program.terkunci:
        raise Http404
    user = request.user
    regions = list(regions_for(user, program))
    criteria = _criteria(request, regions)
    withdrawn = request.GET.get("status") == "dicabut"
    log_nik_search(user, criteria.q, target=f"program:{program.kode}", request=request)
    page = CappedPaginator(
        beneficiary_rows(user, program, criteria, withdrawn=withdrawn), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    manager = can_manage_program(user, program.wilayah_id)
    waiting = []
    if manager and not withdrawn:
        waiting = [
            (row, *_identity(user, row.person))
            for row in waiting_list_for(user, program, criteria.kabupaten)[:WAITING_SHOWN]
        ]
    return render(
        request,
        "programs/beneficiaries.html",
        {
            "program": program,
            "page": page,
            "rows": [(row, *_identity(user, row.person)) for row in page.object_list],
            "withdrawn": withdrawn,
            "manager": manager,
            "waiting": waiting,
            "amendments": amendments_of(program),
            "pending": services.pending_withdrawals(program),
            "pending_count": services.pending_amendments(program).count(),
            "regions": regions,
            "criteria": criteria,
            "querystring": _querystring(request),
        },
    )


def _attachment(request, pk: int, kind: str) -> HttpResponse:
    program = viewable_program(request.user, pk)
    if not documents.available(program):
        raise Http404
    lampiran = documents.build(program, request.user)
    log_access(
        request.user,
        AccessAction.EXPORT_PERSONS,
        f"program:{program.kode}",
        detail=f"Lampiran SK ({kind.upper()}), {lampiran.total_orang} orang"
        + (", draf" if lampiran.draf else ""),
        request=request,
    )
    if kind == "pdf":
        body, content_type = documents.pdf(lampiran), "application/pdf"
    else:
        body = documents.xlsx(lampiran)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{lampiran.filename}.{kind}"'
    return response


@login_required
def attachment_pdf(request, pk: int):
    return _attachment(request, pk, "pdf")


@login_required
def attachment_xlsx(request, pk: int):
    return _attachment(request, pk, "xlsx")
