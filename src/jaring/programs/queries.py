"""Reads of programmes that pages, documents and commands share. Scope is applied here,
once: a user sees the programmes whose region contains theirs or lies inside it, and of
a programme's persons only those of the regencies/cities they work for."""

from django.db.models import Q, QuerySet

from jaring.accounts.policy import can_view_programs, is_admin
from jaring.programs.models import Penerima, Program, Seleksi
from jaring.wilayah.queries import kode_leluhur, prefix_range


def programs_for(user) -> QuerySet[Program]:
    if not can_view_programs(user):
        return Program.objects.none()
    programs = Program.objects.select_related("wilayah")
    if is_admin(user):
        return programs
    if not user.wilayah_id:
        return programs.none()
    around = [*kode_leluhur(user.wilayah_id), user.wilayah_id]
    return programs.filter(Q(wilayah_id__in=around) | prefix_range(user.wilayah_id, "wilayah"))


def program_for(user, pk: int) -> Program | None:
    """The programme, or None when the user may not see it (the page answers 404)."""
    return programs_for(user).filter(pk=pk).first()


def regency_scope(user) -> Q:
    """Rows keyed by ``kode_kabupaten`` that the user may see."""
    if is_admin(user):
        return Q()
    scope = user.wilayah_id or ""
    if len(scope) == 2:
        return Q(kode_kabupaten__startswith=scope + ".")
    if len(scope) >= 5:
        return Q(kode_kabupaten=scope[:5])
    return Q(pk__in=[])


def selection_for(user, program: Program) -> QuerySet[Seleksi]:
    return (
        Seleksi.objects.filter(program=program)
        .filter(regency_scope(user))
        .select_related("person", "person__wilayah", "person__pekerjaan")
    )


def beneficiaries_for(user, program: Program, *, active_only: bool = True) -> QuerySet[Penerima]:
    rows = Penerima.objects.filter(program=program).filter(regency_scope(user))
    if active_only:
        rows = rows.filter(amandemen_keluar__isnull=True)
    return rows.select_related("person", "person__wilayah", "person__pekerjaan").order_by(
        "nomor_urut"
    )
