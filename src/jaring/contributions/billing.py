"""A programme month's billing, set-based and idempotent.

For programme *P* and month *m*:

1. The iuran of one participant-month is computed **once** for the month (the tariff
   in force in *m*, the programme's declared-income policy, ``programs.tariffs``) and
   split among the funders by largest remainder (``programs.services.split``), so the
   funder lines of every participant-month add up exactly to the iuran.
2. One invoice (``Tagihan``) per funder is created if missing.
3. One ``INSERT … SELECT`` per funder writes a line for every participant covered in
   *m* — accepted by BPJS and ``bulan_mulai <= m <= bulan_akhir`` — that has no line on
   that invoice yet. The primary key (invoice, participant) makes a second run add
   nothing; a participant accepted late is added by running the month again.
4. The invoice totals, the per-region totals and the allocation of payments are
   recomputed from the lines (``payments.reallocate``).

Participants withdrawn from the list by an amendment are ended first
(``lifecycle.end_withdrawn``), so a withdrawn person is never billed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jaring.accounts.policy import can_bill
from jaring.contributions.lifecycle import end_withdrawn
from jaring.contributions.models import Iuran, Tagihan
from jaring.contributions.payments import reallocate
from jaring.core.months import add_months, month_start, months_between
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.events import Topic, announce
from jaring.programs import services as programs
from jaring.programs import tariffs
from jaring.programs.models import Pendana, Program, StatusProgram

Progress = Callable[[int, str], None]
BILLABLE = (StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN, StatusProgram.SELESAI)


class BillingError(ValueError):
    """A month that cannot be billed; the message says why, in Indonesian."""


@dataclass
class BillingResult:
    bulan: dt.date
    per_peserta: int  # iuran of one participant-month
    shares: dict[str, int]  # funder → its part of per_peserta
    added: int  # lines written by this run
    participants: int  # participants billed for the month (after this run)
    total: int  # billed for the month, all funders

    def as_dict(self) -> dict:
        return {
            "bulan": self.bulan.strftime("%Y-%m"),
            "iuran_per_peserta": self.per_peserta,
            "pendana": self.shares,
            "baris_baru": self.added,
            "peserta": self.participants,
            "jumlah": self.total,
        }


def funder_amounts(program: Program, month: dt.date) -> tuple[int, dict[str, int]]:
    """The iuran of one participant-month and each funder's part of it."""
    [(_, iuran)] = tariffs.for_months(
        month, 1, program.penghasilan_dilaporkan, with_jht=program.dengan_jht
    )
    return iuran.total, programs.split(iuran.total, programs.funder_shares(program))


def invoice_number(program: Program, month: dt.date, pendana: str) -> str:
    return f"TG-{program.kode}-{month:%Y%m}-{pendana.upper().replace('_', '')}"


def check_month(program: Program, month: dt.date) -> dt.date:
    month = month_start(month)
    if program.status not in BILLABLE:
        raise BillingError(_("Hanya program yang sudah disetujui yang dapat ditagih."))
    if not program.bulan_mulai <= month <= program.bulan_akhir:
        raise BillingError(
            _("Bulan %(bulan)s di luar masa program %(kode)s (%(mulai)s–%(akhir)s).")
            % {
                "bulan": f"{month:%m/%Y}",
                "kode": program.kode,
                "mulai": f"{program.bulan_mulai:%m/%Y}",
                "akhir": f"{program.bulan_akhir:%m/%Y}",
            }
        )
    return month


def covered_in(program: Program, month: dt.date):
    """The participants billed for ``month``: accepted by BPJS and covered that month."""
    return Peserta.objects.filter(
        program=program,
        status=StatusPendaftaran.DITERIMA,
        bulan_mulai__lte=month,
        bulan_akhir__gte=month,
    )


@dataclass
class BillingOutlook:
    """What billing a month would do, for its confirmation (``jaring.confirm``)."""

    bulan: dt.date
    per_peserta: int
    shares: dict[str, int]
    participants: int  # covered in the month: billed once the run ends
    already: int  # of those, already billed by an earlier run

    @property
    def new(self) -> int:
        return self.participants - self.already

    @property
    def added(self) -> int:
        return self.new * self.per_peserta

    @property
    def total(self) -> int:
        return self.participants * self.per_peserta

    def figures(self) -> dict[str, int | str]:
        return {
            "bulan": f"{self.bulan:%Y-%m}", "peserta": self.participants, "baru": self.new,
            "tambah": self.added, "jumlah": self.total,
        }  # fmt: skip


def billing_outlook(*, user, program: Program, month: dt.date) -> BillingOutlook:
    """The month's figures as ``bill_month`` would write them: its first step (ending
    withdrawn participants) runs and is rolled back, then the participants
    ``covered_in`` the month are counted, with those already on an invoice of it."""
    if user is not None and not can_bill(user, program.wilayah_id):
        raise PermissionDenied
    month = check_month(program, month)
    try:
        per_participant, shares = funder_amounts(program, month)
    except tariffs.NoTariff as exc:
        raise BillingError(str(exc)) from exc
    with transaction.atomic():
        end_withdrawn(program)
        covered = covered_in(program, month)
        participants = covered.count()
        already = covered.filter(
            pk__in=Iuran.objects.filter(tagihan__program=program, tagihan__bulan=month).values(
                "peserta_id"
            )
        ).count()
        transaction.set_rollback(True)
    return BillingOutlook(month, per_participant, shares, participants, already)


def bill_month(
    *, user, program: Program, month: dt.date, progress: Progress | None = None
) -> BillingResult:
    """Bill one programme month (see the module docstring); safe to run again."""
    report = progress or (lambda percent, message: None)
    if user is not None and not can_bill(user, program.wilayah_id):
        raise PermissionDenied
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        month = check_month(program, month)
        report(5, _("Menyesuaikan peserta yang dicabut dari daftar"))
        end_withdrawn(program)
        try:
            per_participant, shares = funder_amounts(program, month)
        except tariffs.NoTariff as exc:
            raise BillingError(str(exc)) from exc
        invoices = []
        for pendana, amount in sorted(shares.items()):
            if amount <= 0:
                continue
            invoice, _created = Tagihan.objects.get_or_create(
                program=program,
                bulan=month,
                pendana=pendana,
                defaults={
                    "nomor": invoice_number(program, month, pendana),
                    "tarif_peserta": amount,
                    "created_by": user,
                },
            )
            invoices.append(invoice)
        added = 0
        for step, invoice in enumerate(invoices, start=1):
            report(
                10 + 70 * (step - 1) // len(invoices),
                _("Menulis iuran %(pendana)s %(bulan)s")
                % {"pendana": Pendana(invoice.pendana).label, "bulan": f"{month:%m/%Y}"},
            )
            added += _insert_lines(program, invoice, month)
        report(85, _("Menghitung total tagihan dan alokasi pembayaran"))
        for invoice in invoices:
            reallocate(invoice)
        participants = max((i.peserta for i in invoices), default=0)
        total = sum(Tagihan.objects.get(pk=i.pk).jumlah for i in invoices)
        announce(Topic.CONTRIBUTIONS)
    report(100, _("Selesai"))
    return BillingResult(
        bulan=month,
        per_peserta=per_participant,
        shares=shares,
        added=added,
        participants=participants,
        total=total,
    )


def _insert_lines(program: Program, invoice: Tagihan, month: dt.date) -> int:
    """One line per participant ``covered_in`` the month without one on ``invoice``."""
    lines = Iuran._meta.db_table
    covered, params = covered_in(program, month).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {lines} (tagihan_id, peserta_id, jumlah, dibayar)
            SELECT %s, c.id, %s, 0
            FROM ({covered}) c
            WHERE NOT EXISTS (SELECT 1 FROM {lines} l
                              WHERE l.tagihan_id = %s AND l.peserta_id = c.id)
            ORDER BY c.id
            """,
            [invoice.pk, invoice.tarif_peserta, *params, invoice.pk],
        )
        return cursor.rowcount


def bill_through(*, user, program: Program, last: dt.date, progress: Progress | None = None):
    """Bill every programme month from the first up to ``last`` (inclusive)."""
    last = min(month_start(last), program.bulan_akhir)
    count = months_between(program.bulan_mulai, last)
    results = []
    for i in range(max(0, count)):
        results.append(
            bill_month(user=user, program=program, month=add_months(program.bulan_mulai, i))
        )
        if progress:
            progress(
                100 * (i + 1) // count,
                ngettext("%(done)d dari %(count)d bulan", "%(done)d dari %(count)d bulan", count)
                % {"done": i + 1, "count": count},
            )
    return results
