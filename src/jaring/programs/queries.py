"""Reads of programmes that pages, documents and commands share. Scope is applied here,
once: a user sees the programmes whose region contains theirs or lies inside it, and of
a programme's persons only those of the regencies/cities they work for."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from jaring.accounts.policy import can_view_programs, is_admin, sees_full_identity
from jaring.core import nik as nik_rules
from jaring.core.masking import mask_nik
from jaring.core.names import search_key_one
from jaring.programs.models import (
    Alasan,
    Amandemen,
    KuotaWilayah,
    Penerima,
    Pengecualian,
    Program,
    Seleksi,
    StatusProgram,
)
from jaring.registry.models import Person
from jaring.registry.queries import golden_id_for_nik, name_key_contains
from jaring.wilayah.queries import kode_leluhur, prefix_range


def programs_for(user) -> QuerySet[Program]:
    if not can_view_programs(user):
        return Program.objects.none()
    if is_admin(user):
        return programs_in("")
    if not user.wilayah_id:
        return Program.objects.none()
    return programs_in(user.wilayah_id)


def programs_in(scope: str) -> QuerySet[Program]:
    """Programmes whose region contains the region ``scope`` or lies inside it ("" for
    all): the region rule of ``programs_for``, which the dashboard applies to a scope."""
    programs = Program.objects.select_related("wilayah")
    if not scope:
        return programs
    around = [*kode_leluhur(scope), scope]
    return programs.filter(Q(wilayah_id__in=around) | prefix_range(scope, "wilayah"))


def program_for(user, pk: int) -> Program | None:
    """The programme, or None when the user may not see it (the page answers 404)."""
    return programs_for(user).filter(pk=pk).first()


def program_or_404(
    user, pk: int, *, may: Callable[..., bool] = can_view_programs, past_draft: bool = False
) -> Program:
    """The programme a page works on: 403 for a role ``may`` refuses; 404 when it lies
    outside the user's region or, for pages of an approved programme's later steps
    (``past_draft``: enrolment, billing, cards), is still a draft."""
    if not may(user):
        raise PermissionDenied
    program = program_for(user, pk)
    if program is None or (past_draft and program.status == StatusProgram.DRAF):
        raise Http404
    return program


def regency_scope(user, field: str = "kode_kabupaten") -> Q:
    """Rows keyed by a regency/city code (``field``) that the user may see."""
    if is_admin(user):
        return Q()
    scope = user.wilayah_id or ""
    if len(scope) == 2:
        return Q(**{f"{field}__startswith": scope + "."})
    if len(scope) >= 5:
        return Q(**{field: scope[:5]})
    return Q(pk__in=[])


def regions_for(user, program: Program) -> QuerySet[KuotaWilayah]:
    """The programme's regencies/cities (quota, eligible, selected) the user works for."""
    return (
        KuotaWilayah.objects.filter(program=program)
        .filter(regency_scope(user, "wilayah__kode"))
        .select_related("wilayah")
        .order_by("wilayah_id")
    )


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


def program_list(user) -> QuerySet[Program]:
    """The programmes a user may see with their selected and approved counts (whole
    programme: counts, not persons)."""
    active = Penerima.objects.filter(program=OuterRef("pk"), amandemen_keluar__isnull=True)
    return (
        programs_for(user)
        .annotate(
            jumlah_terpilih=Coalesce(
                Subquery(
                    KuotaWilayah.objects.filter(program=OuterRef("pk"))
                    .values("program")
                    .annotate(n=Sum("terpilih"))
                    .values("n")
                ),
                0,
            ),
            jumlah_penerima=Coalesce(
                Subquery(active.values("program").annotate(n=Count("id")).values("n")), 0
            ),
        )
        .order_by("-bulan_mulai", "kode")
    )


def _search(user, rows: QuerySet, q: str) -> QuerySet:
    """A 16-digit query is an exact NIK (``registry.queries.nik_is``: nothing for a
    role that sees NIKs masked); anything else searches names (as the registry)."""
    q = q.strip()
    nik = nik_rules.in_query(q)
    if nik is not None:
        golden = golden_id_for_nik(user, nik)
        return rows.filter(person_id=golden) if golden else rows.none()
    for word in search_key_one(q).split() if q else []:
        rows = name_key_contains(rows, word, "person__nama_kunci")
    return rows


@dataclass
class ListFilter:
    alasan: str = ""
    kabupaten: str = ""
    q: str = ""


def reason_counts(user, program: Program, kabupaten: str = "") -> dict[str, int]:
    """Candidates per reason in the user's regencies/cities, as the latest selection
    stored them per regency (ten rows, not a million)."""
    quotas = program.kuota_wilayah.filter(regency_scope(user, "wilayah__kode"))
    if kabupaten:
        quotas = quotas.filter(wilayah_id=kabupaten)
    counts: dict[str, int] = {}
    for by_reason in quotas.values_list("alasan", flat=True):
        for alasan, n in (by_reason or {}).items():
            counts[alasan] = counts.get(alasan, 0) + n
    return counts


def selection_rows(user, program: Program, criteria: ListFilter) -> QuerySet[Seleksi]:
    """Scoped, filtered selection results: regency, then the eligible by rank, then the
    others by score."""
    rows = selection_for(user, program)
    if criteria.alasan:
        rows = rows.filter(alasan=criteria.alasan)
    if criteria.kabupaten:
        rows = rows.filter(kode_kabupaten=criteria.kabupaten)
    rows = _search(user, rows, criteria.q)
    return rows.order_by("urutan")


def exclusions_of(program: Program, person_ids) -> dict[int, Pengecualian]:
    return {
        e.person_id: e
        for e in Pengecualian.objects.filter(
            program=program, person_id__in=list(person_ids)
        ).select_related("created_by")
    }


def beneficiary_rows(
    user, program: Program, criteria: ListFilter, *, withdrawn: bool = False
) -> QuerySet[Penerima]:
    rows = beneficiaries_for(user, program, active_only=False)
    rows = rows.filter(amandemen_keluar__isnull=not withdrawn)
    if criteria.kabupaten:
        rows = rows.filter(kode_kabupaten=criteria.kabupaten)
    return _search(user, rows, criteria.q).select_related("amandemen_masuk", "amandemen_keluar")


def waiting_list_for(user, program: Program, kabupaten: str = "") -> QuerySet[Seleksi]:
    """The waiting list in rank order, without persons ever on the beneficiary list."""
    rows = selection_for(user, program).filter(alasan=Alasan.DAFTAR_TUNGGU)
    if kabupaten:
        rows = rows.filter(kode_kabupaten=kabupaten)
    taken = Penerima.objects.filter(program=program).values("person_id")
    return rows.exclude(person_id__in=taken).order_by("urutan")


def _count_of(field: str):
    """Beneficiary rows whose ``field`` names the outer amendment."""
    rows = Penerima.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("id")).values("n")), 0)


def amendments_of(program: Program) -> QuerySet[Amandemen]:
    return (
        program.amandemen.select_related("created_by", "decided_by")
        # One count each (two joined Counts would multiply added × withdrawn rows).
        .annotate(
            jumlah_tambah=_count_of("amandemen_masuk"),
            jumlah_cabut=_count_of("amandemen_keluar"),
        )
        .order_by("-nomor")
    )


# How a step about one worker names them in a history note (``programs.history``: "Pekerja
# #2714", "Worker #2714" in English): the number after "#", which the page replaces.
PERSON_MENTION = re.compile(r"#(\d+)\b")


@dataclass(frozen=True)
class HistoryEntry:
    """A history entry as the programme page shows it: the step in words and the note
    with the workers it names."""

    created_at: object  # datetime
    aksi: str
    created_by: object  # User or None
    keterangan: str


def history_of(user, program: Program, limit: int = 100) -> list[HistoryEntry]:
    """The programme's latest history entries, each note with every "Pekerja #2714"
    written as the worker's name and NIK (masked for a role that does not see NIKs
    whole), so nobody has to look a number up."""
    entries = list(program.riwayat.select_related("created_by")[:limit])
    notes = [e.uraian() for e in entries]
    ids = {int(n) for text in notes for n in PERSON_MENTION.findall(text)}
    full = sees_full_identity(user)
    names = {
        pk: f"{nama} (NIK {nik if full else mask_nik(nik)})"
        for pk, nama, nik in Person.objects.filter(pk__in=ids).values_list("pk", "nama", "nik")
    }

    def named(match: re.Match) -> str:
        return names.get(int(match[1]), match[0])

    return [
        HistoryEntry(
            created_at=e.created_at,
            aksi=e.get_aksi_display(),
            created_by=e.created_by,
            keterangan=PERSON_MENTION.sub(named, text),
        )
        for e, text in zip(entries, notes, strict=True)
    ]
