from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jaring.accounts.audit import log_access, log_nik_search
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import (
    can_browse_registry,
    can_report_personal_data,
    sees_full_identity,
)
from jaring.core.masking import shown_identity
from jaring.registry.models import Agency, Pekerjaan
from jaring.registry.queries import (
    SORTS,
    PersonFilter,
    paginate,
    person_detail,
    region_filter_ok,
    search,
    sources_of,
)
from jaring.wilayah.queries import kabupaten_kota

PAGE_SIZE = 50


def _identity(user, nik: str, tanggal_lahir) -> tuple[str, str]:
    return shown_identity(sees_full_identity(user), nik, tanggal_lahir)


@login_required
def person_list(request):
    if not can_browse_registry(request.user):
        raise PermissionDenied
    wilayah = request.GET.get("wilayah", "").strip()
    criteria = PersonFilter(
        q=request.GET.get("q", "")[:100],
        wilayah=wilayah if region_filter_ok(wilayah) else "",
        pekerjaan=request.GET.get("pekerjaan", ""),
        agency=request.GET.get("instansi", ""),
        sort=request.GET.get("urut", "nama"),
    )
    log_nik_search(request.user, criteria.q, request=request)  # may refuse: too many
    persons = search(request.user, criteria).select_related("wilayah", "pekerjaan")
    page = paginate(persons, criteria, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (person, *_identity(request.user, person.nik, person.tanggal_lahir))
        for person in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/list.html",
        {
            "page": page,
            "rows": rows,
            "criteria": criteria,
            "sorts": SORTS,
            # The user's own province; the installation's for users without a region.
            "regions": kabupaten_kota((request.user.wilayah_id or "")[:2] or None),
            "occupations": Pekerjaan.objects.filter(aktif=True),
            "agencies": Agency.objects.filter(aktif=True).order_by("kode"),
            "querystring": query.urlencode(),
        },
    )


@login_required
def person_view(request, person_id: int):
    person = person_detail(request.user, person_id)
    if person is None:
        raise Http404
    if person.merged_into_id is not None:
        # A merged person lives on in its survivor's page (matching.services).
        messages.info(request, _("Data ini telah digabung ke data pekerja berikut."))
        return redirect("registry:detail", person_id=person.merged_into_id)
    log_access(request.user, AccessAction.VIEW_PERSON, f"pekerja:{person.pk}", request=request)
    if request.GET.get("riwayat") == "semua":
        # The whole change history of a person is a view of personal data of its own.
        log_access(
            request.user, AccessAction.VIEW_PERSON, f"pekerja:{person.pk}",
            detail="riwayat perubahan", request=request,
        )  # fmt: skip
    nik, tanggal_lahir = _identity(request.user, person.nik, person.tanggal_lahir)
    sources = [
        (
            source,
            *_identity(request.user, source.nik, source.tanggal_lahir),
            # Through a merge: the merged person's own NIK, as the page shows it.
            _identity(request.user, source.person.nik, None)[0]
            if source.person_id != person.pk
            else None,
        )
        for source in sources_of(person)
    ]
    return render(
        request,
        "registry/detail.html",
        {
            "person": person,
            "nik": nik,
            "tanggal_lahir": tanggal_lahir,
            "sources": sources,
            "may_report": can_report_personal_data(request.user, person.wilayah_id),
            "masked": not sees_full_identity(request.user),
        },
    )
