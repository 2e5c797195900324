"""Reads of enrolment that pages and exports share; scope is applied here, once.

A user sees the programmes ``programs.queries.programs_for`` gives them, and of a
programme's participants only those of the regencies/cities they work for. NIKs are
shown in full only to roles that need them (``accounts.policy.sees_full_identity``)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from jaring.core.months import add_months, month_start
from jaring.enrollment.models import (
    REPORTED_ENDS,
    BatchPendaftaran,
    LanjutMandiri,
    Peserta,
    ResponBpjs,
    StatusPendaftaran,
)
from jaring.matching.models import IuranMandiri, Membership, MembershipImport
from jaring.programs.models import Program, StatusProgram
from jaring.programs.queries import programs_for, regency_scope

RUNNING = (StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN, StatusProgram.SELESAI)
# How long a reported death or move stays on BPJS's to-do list.
FOLLOW_UP_DAYS = 30


def enrolment_programs(user) -> QuerySet[Program]:
    """Approved programmes (the ones with a list to enrol)."""
    return programs_for(user).filter(status__in=RUNNING)


def participants_for(user, program: Program) -> QuerySet[Peserta]:
    return (
        Peserta.objects.filter(program=program)
        .filter(regency_scope(user))
        .select_related("person", "batch")
        .order_by("nomor_urut")
    )


def batches_of(program: Program) -> QuerySet[BatchPendaftaran]:
    return BatchPendaftaran.objects.filter(program=program).select_related(
        "tata_letak", "created_by"
    )


def batch_for(user, nomor: str) -> BatchPendaftaran | None:
    return (
        BatchPendaftaran.objects.filter(nomor=nomor, program__in=programs_for(user))
        .select_related("program", "tata_letak")
        .first()
    )


def responses_of(program: Program) -> QuerySet[ResponBpjs]:
    return ResponBpjs.objects.filter(program=program).select_related("imported_by")


def response_for(user, nomor: str) -> ResponBpjs | None:
    return (
        ResponBpjs.objects.filter(nomor=nomor, program__in=programs_for(user))
        .select_related("program")
        .first()
    )


def participant_for(user, pk: int) -> Peserta | None:
    return (
        Peserta.objects.filter(pk=pk, program__in=programs_for(user))
        .filter(regency_scope(user))
        .select_related("program", "person")
        .first()
    )


def ends_reported(rows: QuerySet[Peserta], now: dt.datetime | None = None) -> QuerySet[Peserta]:
    """Participants of ``rows`` whose death or move was recorded in the last
    ``FOLLOW_UP_DAYS`` days (the programme page's filter "berakhir=dilaporkan")."""
    since = (now or timezone.now()) - dt.timedelta(days=FOLLOW_UP_DAYS)
    return rows.filter(alasan_berakhir__in=REPORTED_ENDS, updated_at__gte=since)


def batches_waiting(user, programs) -> QuerySet[BatchPendaftaran]:
    """Batches of ``programs`` with participants of the user's regencies/cities sent to
    BPJS and not answered yet."""
    sent = Peserta.objects.filter(batch=OuterRef("pk"), status=StatusPendaftaran.DIKIRIM)
    return BatchPendaftaran.objects.filter(
        Exists(sent.filter(regency_scope(user))), program__in=programs
    )


# --- Continuing on their own (lanjut mandiri) -------------------------------------------

# Months after the programme paid its last month at which the sustainability figure asks
# whether a worker who continued is still paying.
FOLLOW_UP_MONTHS = (3, 6, 12)


@dataclass(frozen=True)
class Keberlanjutan:
    """The sustainability figure of a set of programmes: how many continued on their own
    and, ``k`` months after the programme last paid for them, how many BPJS reports as
    having paid that month themselves (``aktif[k]``) out of those whose month ``k`` the
    membership file already covers (``diketahui[k]``)."""

    lanjut: int
    aktif: dict[int, int]
    diketahui: dict[int, int]

    def persen(self, months: int) -> int | None:
        known = self.diketahui[months]
        return round(100 * self.aktif[months] / known) if known else None

    def rows(self) -> list[dict]:
        return [
            {"bulan": k, "aktif": self.aktif[k], "diketahui": self.diketahui[k],
             "persen": self.persen(k)}
            for k in FOLLOW_UP_MONTHS
        ]  # fmt: skip


def continuations_for(user, programs: QuerySet[Program] | None = None) -> QuerySet[LanjutMandiri]:
    """The continuations of the programmes the user sees, in their regencies/cities."""
    rows = LanjutMandiri.objects.filter(program__in=programs_for(user) if programs is None
                                        else programs)  # fmt: skip
    return rows.filter(regency_scope(user, "peserta__kode_kabupaten"))


def sustainability(
    rows: QuerySet[LanjutMandiri], data_month: dt.date | None = None
) -> Keberlanjutan:
    """The figure (``Keberlanjutan``) over ``rows``. A worker is active ``k`` months
    after the programme's last paid month when BPJS's membership file says they paid
    that month themselves: a "Status iuran" LUNAS for it (``IuranMandiri``), or a last
    paid month at or after it (every payment after they left is their own). The file's
    latest position (``data_month``, default the newest import's) bounds what is known:
    a month after it is not counted either way."""
    if data_month is None:
        latest = (
            MembershipImport.objects.aggregate(m=Max("tanggal_data"))["m"]
            or IuranMandiri.objects.aggregate(m=Max("tanggal_data"))["m"]
        )
        data_month = month_start(latest) if latest else None
    continued = list(rows.values_list("kpj", "bulan_mulai"))
    kpjs = {kpj for kpj, _start in continued}
    paid_months = set(
        IuranMandiri.objects.filter(kpj__in=kpjs, lunas=True).values_list("kpj", "bulan")
    )
    paid_through = dict(
        Membership.objects.filter(kpj__in=kpjs, bulan_terakhir_bayar__isnull=False).values_list(
            "kpj", "bulan_terakhir_bayar"
        )
    )
    active = dict.fromkeys(FOLLOW_UP_MONTHS, 0)
    known = dict.fromkeys(FOLLOW_UP_MONTHS, 0)
    for kpj, start in continued:
        for k in FOLLOW_UP_MONTHS:
            month = add_months(start, k - 1)
            if data_month is None or month > data_month:
                continue
            known[k] += 1
            through = paid_through.get(kpj)
            if (kpj, month) in paid_months or (through is not None and through >= month):
                active[k] += 1
    return Keberlanjutan(lanjut=len(continued), aktif=active, diketahui=known)
