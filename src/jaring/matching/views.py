"""Pages of the matching app: BPJS membership imports (no identities), and the review
queue of candidate pairs with the merges it produced.

The review pages are for the roles ``accounts.policy.can_review_matches`` names (403 for
the others); pairs and merges outside the user's region answer 404. Opening a pair
shows two persons' data, so it is written to the access log, one row per person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import (
    can_browse_registry,
    can_review_matches,
    can_run_linking,
    sees_full_identity,
)
from jaring.core.masking import mask_date, mask_nik
from jaring.matching import queries
from jaring.matching.explain import evidence_rows
from jaring.matching.models import PairStatus
from jaring.matching.services import DecisionRefused, decide_pair, undo_merge
from jaring.matching.tasks import link_registry_task
from jaring.registry.models import Person
from jaring.registry.queries import sources_of


@login_required
def membership_imports(request):
    """Which membership files Jaring holds and what each changed; counts only, so every
    role that browses the registry may see how current the "already covered" flag is."""
    if not can_browse_registry(request.user):
        raise PermissionDenied
    page = Paginator(queries.imports(), 25).get_page(request.GET.get("page"))
    return render(request, "matching/membership_imports.html", {"page": page})


def _reviewer(request) -> None:
    if not can_review_matches(request.user):
        raise PermissionDenied


@login_required
def review_queue(request):
    _reviewer(request)
    full = sees_full_identity(request.user)
    page = Paginator(queries.review_queue(request.user), 25).get_page(request.GET.get("page"))
    rows = [
        (pair, _nik(full, pair.person_a.nik), _nik(full, pair.person_b.nik))
        for pair in page.object_list
    ]
    return render(
        request,
        "matching/queue.html",
        {
            "page": page,
            "rows": rows,
            "runs": queries.latest_runs(),
            "can_run": can_run_linking(request.user),
        },
    )


@login_required
def pair_view(request, pair_id: int):
    _reviewer(request)
    pair = queries.pair_detail(request.user, pair_id)
    if pair is None:
        raise Http404
    for person in (pair.person_a, pair.person_b):
        log_access(
            request.user,
            AccessAction.VIEW_PERSON,
            f"pekerja:{person.pk}",
            detail=f"tinjauan pasangan {pair.pk}",
            request=request,
        )
    full = sees_full_identity(request.user)
    side_a, side_b = _side(full, pair.person_a), _side(full, pair.person_b)
    same_group = pair.person_a.golden_id == pair.person_b.golden_id
    return render(
        request,
        "matching/pair.html",
        {
            "pair": pair,
            "a": side_a,
            "b": side_b,
            "evidence": evidence_rows(pair.evidence, side_a["values"], side_b["values"]),
            "same_group": same_group,
            "can_decide": pair.status == PairStatus.WAITING and not same_group,
            "merges": with_niks(
                pair.merges.select_related("survivor", "merged", "merged_by", "undone_by"), full
            ),
        },
    )


@login_required
@require_POST
def decide(request, pair_id: int):
    _reviewer(request)
    pair = queries.pair_detail(request.user, pair_id)
    if pair is None:
        raise Http404
    choice = request.POST.get("keputusan")
    if choice not in ("sama", "beda"):
        messages.error(request, _("Pilih 'Orang yang sama' atau 'Orang berbeda'."))
        return redirect("matching:pair", pair_id=pair.pk)
    try:
        decide_pair(pair=pair, user=request.user, same=choice == "sama")
    except DecisionRefused as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("matching:pair", pair_id=pair.pk)
    if choice == "sama":
        messages.success(request, _("Keputusan disimpan: orang yang sama, data digabung."))
    else:
        messages.success(
            request, _("Keputusan disimpan: orang berbeda, tidak akan diusulkan lagi.")
        )
    following = queries.next_in_queue(request.user, pair)
    if following is not None:
        return redirect("matching:pair", pair_id=following.pk)
    return redirect("matching:queue")


@login_required
def merge_list(request):
    _reviewer(request)
    page = Paginator(queries.merges_for(request.user), 50).get_page(request.GET.get("page"))
    merges = with_niks(page.object_list, sees_full_identity(request.user))
    return render(request, "matching/merges.html", {"page": page, "merges": merges})


@login_required
@require_POST
def undo(request, merge_id: int):
    _reviewer(request)
    merge = queries.merge_detail(request.user, merge_id)
    if merge is None:
        raise Http404
    try:
        undo_merge(merge=merge, user=request.user)
    except DecisionRefused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Penggabungan dibatalkan: %(nama)s kembali menjadi data tersendiri.")
            % {"nama": merge.merged.nama},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("matching:merges")
    return redirect(target)


@login_required
@require_POST
def run_linking(request):
    if not can_run_linking(request.user):
        raise PermissionDenied
    link_registry_task.enqueue(request.user.pk)
    messages.info(
        request,
        _("Pencocokan seluruh registri sedang berjalan di latar belakang; muat ulang nanti."),
    )
    return redirect("matching:queue")


def _nik(full: bool, nik: str) -> str:
    return nik if full else mask_nik(nik)


def with_niks(merges, full: bool) -> list:
    """The merges, each carrying both NIKs as this user may see them."""
    merges = list(merges)
    for merge in merges:
        merge.nik_survivor = _nik(full, merge.survivor.nik)
        merge.nik_merged = _nik(full, merge.merged.nik)
    return merges


def _side(full: bool, person: Person) -> dict:
    """What the page shows of one person of the pair, and the values the evidence rows
    put side by side."""
    village = person.wilayah
    place = ", ".join(
        filter(None, [village.nama, getattr(village.induk, "nama", ""),
                      getattr(getattr(village.induk, "induk", None), "nama", "")])
    )  # fmt: skip
    tanggal = person.tanggal_lahir.strftime("%d-%m-%Y") if full else mask_date(person.tanggal_lahir)
    nik = _nik(full, person.nik)
    return {
        "person": person,
        "nik": nik,
        "tanggal_lahir": tanggal,
        "place": place,
        "sources": list(sources_of(person)),
        "values": {
            "nik": nik,
            "nama": person.nama,
            "tanggal_lahir": tanggal,
            "jenis_kelamin": person.get_jenis_kelamin_display(),
            "kode_wilayah": f"{village.nama} ({person.wilayah_id})",
            "no_hp": person.no_hp or "—",
            "alamat": person.alamat or "—",
        },
    }
