"""A programme month's billing, set-based and idempotent.

For programme *P* and month *m*:

1. The few distinct line amounts of the month are computed **once**, in Python, by the
   one evaluator ``programs.tariffs.contribution``: per sector (``registry.Sektor``, and
   blank for an occupation without one) and funder — the tariff in force in *m*, the
   programme's declared-income policy, the split among funders by largest remainder and
   the tariff adjustment (PP 50/2025) that covers the line. So the funder lines of every
   participant-month add up exactly to its contribution under the rule set.
2. One invoice (``Tagihan``) per funder is created if missing; its ``tarif_peserta`` is
   the funder's share of one participant-month **before relief** (the same for every
   line; the relief varies by the worker's sector and is summed in ``keringanan``).
3. Per funder, lines already on the invoice are repriced to the rule set as it stands
   (an ``UPDATE`` joined to the small price table: a rule loaded after a month was
   billed — PP 50/2025 was enacted late in December 2025 — applies when the month is
   billed again), then one ``INSERT … SELECT`` writes a line for every participant
   covered in *m* — accepted by BPJS and ``bulan_mulai <= m <= bulan_akhir`` — that has
   no line on that invoice yet, its amount taken from the price table by the sector of
   the participant's occupation (``Pekerjaan.sektor`` as it stands when billed). The
   primary key (invoice, participant) makes a second run add nothing; a participant
   accepted late is added by running the month again.
4. The invoice totals, the per-region totals, the allocation of payments and the credit
   carried between months are recomputed from the lines (``payments.reallocate``): a
   month repriced after it was paid leaves an excess that becomes a credit on the next
   month's invoice of the same funder.
5. The **worker's own share** (funder ``mandiri``, the *porsi pekerja* of a co-funded
   programme) is priced by the same table but never invoiced: the government does not
   pay it and the worker pays BPJS directly. It is written per participant-month to
   ``PorsiPekerja`` (repriced and inserted like the lines), and BPJS's membership file
   says whether it was paid; government invoices and their reconciliation never hold it.

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
from jaring.contributions.models import Iuran, PorsiPekerja, Tagihan
from jaring.contributions.payments import reallocate
from jaring.core.months import add_months, month_start, months_between
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.events import Topic, announce
from jaring.programs import services as programs
from jaring.programs import tariffs
from jaring.programs.models import Pendana, Program, StatusProgram
from jaring.registry.models import Pekerjaan, Person, Sektor
from jaring.riwayat import context as riwayat_context

Progress = Callable[[int, str], None]
BILLABLE = (StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN, StatusProgram.SELESAI)
# The worker's own share (porsi pekerja) is tracked, not invoiced (``PorsiPekerja``).
WORKER = Pendana.MANDIRI


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


# (sector, amount, adjustment id, relief) of one funder's line, one row per sector.
PriceTable = list[tuple[str, int, int | None, int]]
# Every sector a participant can be priced by: blank for an occupation without a row.
SECTORS = ("", *Sektor.values)


@dataclass(frozen=True)
class Prices:
    """A programme month's participant-month under the rule set, for every sector."""

    per_sector: dict[str, tariffs.IuranPeserta]

    @property
    def per_peserta(self) -> int:
        """One participant-month before relief (the same in every sector)."""
        return self.per_sector[""].sebelum

    @property
    def shares(self) -> dict[str, int]:
        """Each funder's part of ``per_peserta`` before relief."""
        return {f: line.sebelum for f, line in self.per_sector[""].baris.items()}

    def table(self, pendana: str) -> PriceTable:
        """(sector, amount, adjustment id, relief) of one funder's line, per sector."""
        rows = []
        for sektor, iuran in self.per_sector.items():
            line = iuran.baris[pendana]
            rule = line.penyesuaian.pk if line.penyesuaian is not None else None
            rows.append((sektor, line.jumlah, rule, line.keringanan))
        return rows


def prices(program: Program, month: dt.date) -> Prices:
    """The month's participant-month per sector (module docstring, step 1)."""
    rule_set = tariffs.rules(month, month)
    price = programs.pricing(program)
    return Prices({sektor: price(rule_set, month, sektor) for sektor in SECTORS})


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


def _with_sector(program: Program, month: dt.date) -> tuple[str, list]:
    """SQL for the participants ``covered_in`` the month with the sector of their
    occupation (blank when the occupation has no row): columns ``id``, ``sektor``."""
    covered, params = covered_in(program, month).values("id", "person_id").query.sql_with_params()
    persons, occupations = Person._meta.db_table, Pekerjaan._meta.db_table
    known = ", ".join(["%s"] * len(Sektor.values))
    # A sector outside the price table (none the admin can set) prices as blank: a
    # participant is never left unbilled for want of a price.
    sql = f"""SELECT c.id AS id,
                     CASE WHEN k.sektor IN ({known}) THEN k.sektor ELSE '' END AS sektor
              FROM ({covered}) c
              LEFT JOIN {persons} pr ON pr.id = c.person_id
              LEFT JOIN {occupations} k ON k.kode = pr.pekerjaan"""
    return sql, [*Sektor.values, *params]


@dataclass
class BillingOutlook:
    """What billing a month would do, for its confirmation (``jaring.confirm``)."""

    bulan: dt.date
    per_peserta: int  # before relief
    shares: dict[str, int]  # before relief
    participants: int  # covered in the month: billed once the run ends
    already: int  # of those, already billed by an earlier run
    total: int  # invoiced for the month once the run ends, after relief (no worker share)
    added: int  # of which added by the run
    keringanan: int  # relief in ``total``

    @property
    def new(self) -> int:
        return self.participants - self.already

    def figures(self) -> dict[str, int | str]:
        return {
            "bulan": f"{self.bulan:%Y-%m}", "peserta": self.participants, "baru": self.new,
            "tambah": self.added, "jumlah": self.total, "keringanan": self.keringanan,
        }  # fmt: skip


def billing_outlook(*, user, program: Program, month: dt.date) -> BillingOutlook:
    """The month's figures as ``bill_month`` would write them: its first step (ending
    withdrawn participants) runs and is rolled back, then the participants
    ``covered_in`` the month are counted per sector, with those already on an invoice
    of it, and priced as billing prices them."""
    if user is not None and not can_bill(user, program.wilayah_id):
        raise PermissionDenied
    month = check_month(program, month)
    try:
        month_prices = prices(program, month)
    except tariffs.NoTariff as exc:
        raise BillingError(str(exc)) from exc
    invoices, lines = Tagihan._meta.db_table, Iuran._meta.db_table
    with transaction.atomic():
        end_withdrawn(program)
        covered, params = _with_sector(program, month)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT s.sektor, COUNT(*),
                       SUM(CASE WHEN EXISTS (
                           SELECT 1 FROM {lines} l JOIN {invoices} t ON t.id = l.tagihan_id
                           WHERE t.program_id = %s AND t.bulan = %s AND l.peserta_id = s.id
                       ) THEN 1 ELSE 0 END)
                FROM ({covered}) s GROUP BY s.sektor
                """,
                [program.pk, connection.ops.adapt_datefield_value(month), *params],
            )
            counts = cursor.fetchall()
        transaction.set_rollback(True)
    participants = already = total = added = relief = 0
    for sektor, count, before in counts:
        iuran = month_prices.per_sector.get(sektor, month_prices.per_sector[""])
        worker = iuran.baris.get(WORKER)
        invoiced = iuran.total - (worker.jumlah if worker else 0)
        participants, already = participants + count, already + (before or 0)
        total += count * invoiced
        added += (count - (before or 0)) * invoiced
        relief += count * (iuran.keringanan - (worker.keringanan if worker else 0))
    return BillingOutlook(
        month, month_prices.per_peserta, month_prices.shares, participants, already,
        total, added, relief,
    )  # fmt: skip


@riwayat_context.records_user
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
            month_prices = prices(program, month)
        except tariffs.NoTariff as exc:
            raise BillingError(str(exc)) from exc
        invoices: list[Tagihan] = []
        fresh: set[int] = set()
        for pendana, amount in sorted(month_prices.shares.items()):
            if amount <= 0 or pendana == WORKER:
                continue
            invoice, created = Tagihan.objects.get_or_create(
                program=program,
                bulan=month,
                pendana=pendana,
                defaults={
                    "nomor": invoice_number(program, month, pendana),
                    "tarif_peserta": amount,
                    "created_by": user,
                },
            )
            if not created and invoice.tarif_peserta != amount:
                Tagihan.objects.filter(pk=invoice.pk).update(tarif_peserta=amount)
            invoices.append(invoice)
            if created:
                fresh.add(invoice.pk)
        added = 0
        for step, invoice in enumerate(invoices, start=1):
            report(
                10 + 70 * (step - 1) // len(invoices),
                _("Menulis iuran %(pendana)s %(bulan)s")
                % {"pendana": Pendana(invoice.pendana).label, "bulan": f"{month:%m/%Y}"},
            )
            table = month_prices.table(invoice.pendana)
            if invoice.pk not in fresh:  # a new invoice has no lines to reprice
                _reprice_lines(program, invoice, month, table)
            added += _insert_lines(program, invoice, month, table)
        if month_prices.shares.get(WORKER, 0) > 0:
            # The worker's own share: priced beside the lines, never on an invoice.
            added += _write_worker_shares(program, month, month_prices.table(WORKER))
        report(85, _("Menghitung total tagihan dan alokasi pembayaran"))
        for invoice in invoices:
            reallocate(invoice)
        participants = max((i.peserta for i in invoices), default=0)
        total = sum(Tagihan.objects.get(pk=i.pk).jumlah for i in invoices)
        announce(Topic.CONTRIBUTIONS)
    report(100, _("Selesai"))
    return BillingResult(
        bulan=month,
        per_peserta=month_prices.per_peserta,
        shares=month_prices.shares,
        added=added,
        participants=participants,
        total=total,
    )


def _priced(program: Program, month: dt.date, table: PriceTable) -> tuple[str, list]:
    """SQL for the participants ``covered_in`` the month with their line of one funder:
    ``id``, ``jumlah``, ``penyesuaian_id``, ``keringanan``. When every sector has the
    same line (a state funder; a month no sector-bound rule covers) it is a constant and
    nothing is joined; otherwise the participant's sector (``_with_sector``) is joined
    to the few amounts as a small table (casts so a column of NULLs has a type)."""
    if len({row[1:] for row in table}) == 1:
        covered, params = covered_in(program, month).values("id").query.sql_with_params()
        _sektor, *line = table[0]
        return (
            f"""SELECT c.id AS id, CAST(%s AS INTEGER) AS jumlah,
                       CAST(%s AS INTEGER) AS penyesuaian_id,
                       CAST(%s AS INTEGER) AS keringanan
                FROM ({covered}) c""",
            [line[0], line[1], line[2], *params],
        )
    with_sector, params = _with_sector(program, month)
    row = (
        "SELECT %s AS sektor, CAST(%s AS INTEGER) AS jumlah, "
        "CAST(%s AS INTEGER) AS penyesuaian_id, CAST(%s AS INTEGER) AS keringanan"
    )
    harga = " UNION ALL ".join([row] * len(table))
    return (
        f"""SELECT c.id AS id, h.jumlah, h.penyesuaian_id, h.keringanan
            FROM ({with_sector}) c JOIN ({harga}) h ON h.sektor = c.sektor""",
        [*params, *(value for entry in table for value in entry)],
    )


def _reprice_lines(program: Program, invoice: Tagihan, month: dt.date, table: PriceTable) -> None:
    """Lines already on ``invoice`` at the rule set as it stands: changed ones updated,
    those a full cut leaves at nothing removed (a line is never zero)."""
    lines = Iuran._meta.db_table
    priced, params = _priced(program, month, table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {lines} AS l
            SET jumlah = s.jumlah, keringanan = s.keringanan, penyesuaian_id = s.penyesuaian_id,
                -- kept within the new amount; ``reallocate`` then spreads the money again
                dibayar = CASE WHEN l.dibayar > s.jumlah THEN s.jumlah ELSE l.dibayar END
            FROM ({priced}) s
            WHERE l.tagihan_id = %s AND l.peserta_id = s.id AND s.jumlah > 0
              AND (l.jumlah <> s.jumlah OR l.keringanan <> s.keringanan
                   OR COALESCE(l.penyesuaian_id, 0) <> COALESCE(s.penyesuaian_id, 0))
            """,
            [*params, invoice.pk],
        )
        if any(row[1] <= 0 for row in table):
            cursor.execute(
                f"""
                DELETE FROM {lines} WHERE tagihan_id = %s AND peserta_id IN (
                    SELECT s.id FROM ({priced}) s WHERE s.jumlah <= 0)
                """,
                [invoice.pk, *params],
            )


def _insert_lines(program: Program, invoice: Tagihan, month: dt.date, table: PriceTable) -> int:
    """One line per participant ``covered_in`` the month without one on ``invoice``,
    priced by the sector of their occupation."""
    lines = Iuran._meta.db_table
    priced, params = _priced(program, month, table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {lines} (tagihan_id, peserta_id, jumlah, dibayar, keringanan,
                                 penyesuaian_id)
            SELECT %s, s.id, s.jumlah, 0, s.keringanan, s.penyesuaian_id
            FROM ({priced}) s
            WHERE s.jumlah > 0
              AND NOT EXISTS (SELECT 1 FROM {lines} l
                              WHERE l.tagihan_id = %s AND l.peserta_id = s.id)
            ORDER BY s.id
            """,
            [invoice.pk, *params, invoice.pk],
        )
        return cursor.rowcount


def _write_worker_shares(program: Program, month: dt.date, table: PriceTable) -> int:
    """The month's worker shares (``PorsiPekerja``) as the rule set makes them: the
    participants' existing rows repriced, the missing ones inserted (one statement
    each, like the lines); returns how many were added."""
    shares = PorsiPekerja._meta.db_table
    priced, params = _priced(program, month, table)
    adapt = connection.ops.adapt_datefield_value(month)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {shares} AS w
            SET jumlah = s.jumlah, keringanan = s.keringanan, penyesuaian_id = s.penyesuaian_id
            FROM ({priced}) s
            WHERE w.peserta_id = s.id AND w.bulan = %s AND s.jumlah > 0
              AND (w.jumlah <> s.jumlah OR w.keringanan <> s.keringanan
                   OR COALESCE(w.penyesuaian_id, 0) <> COALESCE(s.penyesuaian_id, 0))
            """,
            [*params, adapt],
        )
        cursor.execute(
            f"""
            INSERT INTO {shares} (peserta_id, bulan, program_id, jumlah, keringanan,
                                  penyesuaian_id)
            SELECT s.id, %s, %s, s.jumlah, s.keringanan, s.penyesuaian_id
            FROM ({priced}) s
            WHERE s.jumlah > 0
              AND NOT EXISTS (SELECT 1 FROM {shares} w
                              WHERE w.peserta_id = s.id AND w.bulan = %s)
            ORDER BY s.id
            """,
            [adapt, program.pk, *params, adapt],
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
