"""Reads of enrolment that pages and exports share; scope is applied here, once.

A user sees the programmes ``programs.queries.programs_for`` gives them, and of a
programme's participants only those of the regencies/cities they work for. NIKs are
shown in full only to roles that need them (``accounts.policy.sees_full_identity``)."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from jaring.enrollment.models import (
    REPORTED_ENDS,
    BatchPendaftaran,
    Peserta,
    ResponBpjs,
    StatusPendaftaran,
)
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
