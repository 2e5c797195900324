"""Reads of contributions that pages, commands, tests and the dashboard share.

Scope: a user sees the invoices of the programmes ``programs.queries.programs_for``
gives them, per-region rows and participants only of the regencies/cities they work
for (``programs.queries.regency_scope``).

**Coverage status** of a participant on a month *M* (default: this month), derived
from paid lines (domain rule: covered for a month when its contribution is paid; BPJS
collects a month up to the middle of the next, so one unpaid month is a grace month,
``matching.queries.GRACE_MONTHS``):

* ``menunggu`` — not registered yet (or cover starts after *M*); ``ditolak`` — BPJS
  rejected the registration;
* ``berakhir`` — cover ended before *M* (an event, or the programme's last month);
* ``aktif`` — every billed month before *M* is paid;
* ``menunggak`` (in arrears) — the oldest unpaid billed month is *M − 1* (within
  the grace month);
* ``terputus`` (lapsed) — a billed month before *M − 1* is still unpaid.

A participant-month counts as paid when every funder's line of it is paid in full and,
in a co-funded programme with a worker's share (*porsi pekerja*), when BPJS's
membership file reports the worker's own payment of that month
(``matching.IuranMandiri``); ``kurang`` says which part is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.db.models import F, Min, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jaring.accounts.policy import is_admin
from jaring.contributions.models import (
    ImporPembayaran,
    Iuran,
    Pembayaran,
    PorsiPekerja,
    Tagihan,
    TagihanWilayah,
)
from jaring.core.months import add_months, month_start, months_of
from jaring.enrollment.models import BatchPendaftaran, Peserta, ResponBpjs
from jaring.imports import in_region_of, openable_by
from jaring.matching.models import IuranMandiri
from jaring.programs.models import PenyesuaianTarif, Program
from jaring.programs.queries import programs_for, regency_scope

STATUSES = ("aktif", "menunggak", "terputus", "berakhir", "menunggu", "ditolak")
STATUS_LABELS = {
    "aktif": _("Aktif"),
    "menunggak": _("Menunggak (masa tenggang)"),
    "terputus": _("Terputus (lewat masa tenggang)"),
    "berakhir": _("Berakhir"),
    "menunggu": _("Menunggu pendaftaran"),
    "ditolak": _("Ditolak BPJS"),
}
GRACE_MONTHS = 1  # = matching.queries.GRACE_MONTHS (checked in tests)


# --- Scope ------------------------------------------------------------------------


def invoices_for(user, program: Program | None = None) -> QuerySet[Tagihan]:
    invoices = Tagihan.objects.filter(program__in=programs_for(user)).select_related("program")
    if program is not None:
        invoices = invoices.filter(program=program)
    return invoices


def invoice_for(user, nomor: str) -> Tagihan | None:
    return invoices_for(user).filter(nomor=nomor).first()


def invoice_totals(invoices: QuerySet[Tagihan]) -> dict[str, int]:
    """Billed, paid and outstanding over ``invoices`` (whole rupiah)."""
    sums = invoices.order_by().aggregate(ditagih=Sum("jumlah"), dibayar=Sum("dibayar"))
    billed, paid = sums["ditagih"] or 0, sums["dibayar"] or 0
    return {"ditagih": billed, "dibayar": paid, "tunggakan": billed - paid}


def regions_of(user, invoice: Tagihan) -> QuerySet[TagihanWilayah]:
    return TagihanWilayah.objects.filter(tagihan=invoice).filter(regency_scope(user))


def sees_all_regions(user, program: Program) -> bool:
    """The user's scope spans the whole programme (its totals are theirs to see)."""
    if is_admin(user):
        return True
    scope = user.wilayah_id or ""
    return bool(scope) and (program.wilayah_id == scope or program.wilayah_id.startswith(scope))


def payment_imports_for(user) -> QuerySet[ImporPembayaran]:
    """Payment files imported in the user's region (``imports.in_region_of``)."""
    return ImporPembayaran.objects.filter(in_region_of(user)).select_related("imported_by")


def payment_import_for(user, nomor: str) -> ImporPembayaran | None:
    """One payment file's result, for whom may open it (``imports.openable_by``)."""
    return payment_imports_for(user).filter(openable_by(user), nomor=nomor).first()


# BPJS collects a month's contribution up to the 15th of the next month (see
# ``matching.queries``): after that day the month's invoice is overdue.
DUE_DAY = 15
# How long a payment file's refused rows stay on the finance officer's to-do list (a
# corrected file is a new import; nothing links it to the refused rows).
FOLLOW_UP_DAYS = 30


def last_overdue_month(today: dt.date | None = None) -> dt.date:
    """The latest invoice month whose payment day (``DUE_DAY`` of the next month) has
    passed on ``today``."""
    today = today or timezone.localdate()
    return add_months(today, -1 if today.day > DUE_DAY else -2)


def outstanding_regions(user) -> QuerySet[TagihanWilayah]:
    """The per-region rows of invoices the user sees, in their regencies/cities, with
    money still to pay (what the finance officer's to-do list sums)."""
    return (
        TagihanWilayah.objects.filter(tagihan__program__in=programs_for(user))
        .filter(regency_scope(user))
        .filter(jumlah__gt=F("dibayar"))
    )


def refused_payment_files(user, now: dt.datetime | None = None) -> QuerySet[ImporPembayaran]:
    """Payment files of the last ``FOLLOW_UP_DAYS`` days with refused rows."""
    since = (now or timezone.now()) - dt.timedelta(days=FOLLOW_UP_DAYS)
    return payment_imports_for(user).filter(rejected__gt=0, created_at__gte=since)


def months_not_billed(program: Program, today: dt.date | None = None) -> list[dt.date]:
    """Months of cover up to this one that have no invoice yet: from the first month
    of the programme's registration batches, once BPJS has accepted anyone."""
    if not ResponBpjs.objects.filter(program=program, diterima__gt=0).exists():
        return []
    first = BatchPendaftaran.objects.filter(program=program).aggregate(m=Min("bulan_pertama"))["m"]
    if first is None:
        return []
    last = min(month_start(today or timezone.localdate()), program.bulan_akhir)
    billed = set(Tagihan.objects.filter(program=program).values_list("bulan", flat=True))
    return [m for m in months_of(max(first, program.bulan_mulai), last) if m not in billed]


def payments_of(invoice: Tagihan) -> QuerySet[Pembayaran]:
    return invoice.pembayaran.select_related("created_by", "confirmed_by", "impor").order_by(
        "tanggal", "id"
    )


def payments_to_confirm(user) -> QuerySet[Pembayaran]:
    """Payments waiting for a second person that ``user`` may confirm: on invoices of
    their region, recorded by someone else (the home page's to-do line)."""
    rows = Pembayaran.objects.filter(
        confirmed_at__isnull=True, tagihan__in=invoices_for(user)
    ).select_related("tagihan", "impor", "created_by")
    return rows.exclude(created_by=user).order_by("created_at", "id")


def invoice_prices(invoice: Tagihan) -> list[dict]:
    """The invoice's lines grouped by amount, relief and the tariff adjustment that
    shaped them (a handful of rows: one per sector priced differently), with the
    adjustment for its legal basis; the largest group first."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT penyesuaian_id, jumlah, keringanan, COUNT(*)
                FROM {Iuran._meta.db_table} WHERE tagihan_id = %s
                GROUP BY penyesuaian_id, jumlah, keringanan""",
            [invoice.pk],
        )
        groups = cursor.fetchall()
    rules = PenyesuaianTarif.objects.in_bulk([g[0] for g in groups if g[0] is not None])
    rows = [
        {"penyesuaian": rules.get(rule) if rule is not None else None, "jumlah": amount,
         "keringanan": relief, "peserta": count, "total": amount * count,
         "total_keringanan": relief * count}
        for rule, amount, relief, count in groups
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["peserta"], r["jumlah"]))


def credit_neighbours(invoice: Tagihan) -> tuple[Tagihan | None, Tagihan | None]:
    """The invoice the credit came from and the one it went to (when there is one)."""

    def near(months: int) -> Tagihan | None:
        return Tagihan.objects.filter(
            program_id=invoice.program_id, pendana=invoice.pendana,
            bulan=add_months(invoice.bulan, months),
        ).first()  # fmt: skip

    return (
        near(-1) if invoice.kredit_masuk else None,
        near(1) if invoice.kredit_keluar else None,
    )


def worker_shares(program: Program) -> dict[str, int]:
    """The programme's worker shares (``PorsiPekerja``, never invoiced): participant-
    months, rupiah, and those BPJS has not reported paid (``matching.IuranMandiri``)."""
    shares, peserta = PorsiPekerja._meta.db_table, Peserta._meta.db_table
    paid = IuranMandiri._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COUNT(*), COALESCE(SUM(w.jumlah), 0),
                   COALESCE(SUM(CASE WHEN b.kpj IS NULL THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN b.kpj IS NULL THEN w.jumlah ELSE 0 END), 0)
            FROM {shares} w JOIN {peserta} p ON p.id = w.peserta_id
            LEFT JOIN {paid} b ON b.kpj = p.kpj AND b.bulan = w.bulan AND b.lunas
            WHERE w.program_id = %s
            """,
            [program.pk],
        )
        months, amount, unpaid, unpaid_amount = cursor.fetchone()
    return {"bulan_peserta": months, "jumlah": amount, "belum": unpaid,
            "jumlah_belum": unpaid_amount}  # fmt: skip


# --- Totals and reconciliation -----------------------------------------------------


@dataclass(frozen=True)
class Line:
    """Billed, paid and outstanding for one invoice, funder, month or the total."""

    billed: int
    paid: int
    received: int

    @property
    def outstanding(self) -> int:
        return self.billed - self.paid


def months_table(program: Program, invoices: QuerySet[Tagihan] | None = None) -> list[dict]:
    """Per month: each funder's invoice and the month's totals (stored invoice totals)."""
    rows = list(
        (invoices if invoices is not None else Tagihan.objects.filter(program=program))
        .filter(program=program)
        .order_by("bulan", "pendana")
    )
    months: dict[dt.date, dict] = {}
    for invoice in rows:
        row = months.setdefault(
            invoice.bulan,
            {"bulan": invoice.bulan, "tagihan": [], "jumlah": 0, "dibayar": 0, "tunggakan": 0},
        )
        row["tagihan"].append(invoice)
        row["jumlah"] += invoice.jumlah
        row["dibayar"] += invoice.dibayar
        row["tunggakan"] += invoice.tunggakan
    return list(months.values())


def totals(program: Program) -> dict[str, Line]:
    """Stored invoice totals per funder and overall."""
    result: dict[str, Line] = {}
    for invoice in Tagihan.objects.filter(program=program):
        for key in (invoice.pendana, "total"):
            old = result.get(key, Line(0, 0, 0))
            result[key] = Line(
                old.billed + invoice.jumlah,
                old.paid + invoice.dibayar,
                old.received + invoice.diterima,
            )
    return result


@dataclass(frozen=True)
class Reconciliation:
    """Each invoice's stored totals against its lines, payments and credits."""

    rows: list[dict]

    @property
    def problems(self) -> list[dict]:
        return [r for r in self.rows if not r["ok"]]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, int]:
        """Billed = paid + outstanding, summed from the lines."""
        billed = sum(r["lines_billed"] for r in self.rows)
        paid = sum(r["lines_paid"] for r in self.rows)
        return {"ditagih": billed, "dibayar": paid, "tunggakan": billed - paid}

    def cash(self) -> dict[str, int]:
        """Cash received = paid + excess not carried on: credits in and out cancel along
        each funder's chain of months, so no rupiah is counted twice. With the relief
        and the credit carried (``kredit``) for the record."""
        return {
            "diterima": sum(r["payments"] for r in self.rows),
            "dibayar": sum(r["lines_paid"] for r in self.rows),
            "kelebihan": sum(
                r["diterima"] + r["kredit_masuk"] - r["dibayar"] - r["kredit_keluar"]
                for r in self.rows
            ),
            "kredit": sum(r["kredit_keluar"] for r in self.rows),
            "keringanan": sum(r["keringanan"] for r in self.rows),
        }


def reconciliation(program: Program) -> Reconciliation:
    """For every invoice of the programme: lines billed/paid/relief (summed from the
    lines), payments received (summed from the payments), the credit the month before
    passed on, and the stored totals. ``ok`` when stored billed = Σ lines, stored paid
    = Σ lines paid = min(received + credit in, billed), stored received = Σ payments,
    stored relief = Σ lines relief (payments waiting for a second person's confirmation
    are not received yet), the credit in is the month before's credit out and
    the credit out is nothing or the whole excess — so billed = paid + outstanding holds
    per invoice, and therefore per funder, per month and in total, credits included."""
    lines, invoices, payments = (
        Iuran._meta.db_table,
        Tagihan._meta.db_table,
        Pembayaran._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT t.id, t.nomor, t.pendana, t.bulan, t.peserta, t.jumlah, t.dibayar,
                   t.diterima, t.keringanan, t.kredit_masuk, t.kredit_keluar,
                   COALESCE(l.n, 0), COALESCE(l.billed, 0), COALESCE(l.paid, 0),
                   COALESCE(l.relief, 0), COALESCE(py.received, 0)
            FROM {invoices} t
            LEFT JOIN (SELECT tagihan_id, COUNT(*) AS n, SUM(jumlah) AS billed,
                              SUM(dibayar) AS paid, SUM(keringanan) AS relief
                       FROM {lines}
                       WHERE tagihan_id IN (SELECT id FROM {invoices} WHERE program_id = %s)
                       GROUP BY tagihan_id) l ON l.tagihan_id = t.id
            LEFT JOIN (SELECT tagihan_id, SUM(jumlah) AS received FROM {payments}
                       WHERE confirmed_at IS NOT NULL
                       GROUP BY tagihan_id) py ON py.tagihan_id = t.id
            WHERE t.program_id = %s
            ORDER BY t.pendana, t.bulan
            """,
            [program.pk, program.pk],
        )
        fetched = cursor.fetchall()
    rows = []

    def month_of(value) -> dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

    # (funder, month) → credit out, for every invoice
    carried = {(row[2], month_of(row[3])): row[10] for row in fetched}
    for (
        pk, nomor, pendana, bulan, count, billed, paid, received, relief, credit_in,
        credit_out, n, lb, lp, lr, pr,
    ) in fetched:  # fmt: skip
        bulan = month_of(bulan)
        has_next = (pendana, add_months(bulan, 1)) in carried
        excess = received + credit_in - paid
        ok = (
            count == n
            and billed == lb
            and paid == lp
            and relief == lr
            and received == pr
            and paid == min(received + credit_in, billed)
            and credit_in == carried.get((pendana, add_months(bulan, -1)), 0)
            and credit_out == (excess if has_next else 0)
        )
        rows.append(
            {
                "id": pk, "nomor": nomor, "pendana": pendana, "bulan": bulan,
                "peserta": count, "jumlah": billed, "dibayar": paid, "diterima": received,
                "keringanan": relief, "kredit_masuk": credit_in, "kredit_keluar": credit_out,
                "lines": n, "lines_billed": lb, "lines_paid": lp, "payments": pr, "ok": ok,
            }
        )  # fmt: skip
    rows.sort(key=lambda r: (r["bulan"], r["pendana"]))
    return Reconciliation(rows=rows)


def lines_outside_cover(program: Program) -> int:
    """Lines billed for a month outside their participant's cover (must be 0)."""
    lines, invoices, peserta = (
        Iuran._meta.db_table,
        Tagihan._meta.db_table,
        Peserta._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COUNT(*) FROM {lines} l
            JOIN {invoices} t ON t.id = l.tagihan_id
            JOIN {peserta} p ON p.id = l.peserta_id
            WHERE t.program_id = %s
              AND (p.program_id <> t.program_id OR p.status <> 'diterima'
                   OR p.bulan_mulai IS NULL OR p.bulan_akhir IS NULL
                   OR t.bulan < p.bulan_mulai OR t.bulan > p.bulan_akhir)
            """,
            [program.pk],
        )
        return cursor.fetchone()[0]


# --- Coverage status and arrears ----------------------------------------------------

COVERAGE_SCHEMA = {
    "peserta_id": pl.Int64,
    "kode_kabupaten": pl.Utf8,
    "status_daftar": pl.Utf8,
    "bulan_mulai": pl.Date,
    "bulan_akhir": pl.Date,
    "tunggak_sejak": pl.Date,
    "bulan_tunggak": pl.Int64,
    "jumlah_tunggak": pl.Int64,
    "tunggak_pendana": pl.Date,
    "tunggak_pekerja": pl.Date,
}


def _frame(rows: list[tuple]) -> pl.DataFrame:
    """Rows with the three months as ISO text (both databases) into typed columns."""
    text = {k: (pl.Utf8 if v == pl.Date else v) for k, v in COVERAGE_SCHEMA.items()}
    frame = pl.DataFrame(rows, schema=text, orient="row")
    return frame.with_columns(
        pl.col(c).str.slice(0, 10).str.to_date("%Y-%m-%d")
        for c, kind in COVERAGE_SCHEMA.items()
        if kind == pl.Date
    )


def unpaid_by_participant(*, totals: bool = False, where: str = "") -> str:
    """SQL for one row per participant with an unpaid month: ``sejak``, the oldest unpaid
    month of either part (what the status rule reads), ``sejak_pendana`` the oldest
    month with a government line not paid in full, ``sejak_pekerja`` the oldest month
    whose worker's share (``PorsiPekerja``) BPJS has not reported paid
    (``matching.IuranMandiri``) and, with ``totals``, ``bulan`` (months the government
    owes) and ``sisa`` (rupiah the government owes; a worker's share is the worker's).
    ``where`` narrows the unpaid months ``u`` (columns ``peserta_id``, ``program_id``,
    ``bulan``; its parameters are the caller's)."""
    lines, invoices = Iuran._meta.db_table, Tagihan._meta.db_table
    shares, peserta = PorsiPekerja._meta.db_table, Peserta._meta.db_table
    paid = IuranMandiri._meta.db_table
    extra = (
        ", COUNT(DISTINCT CASE WHEN u.pekerja = 0 THEN u.bulan END) AS bulan, SUM(u.sisa) AS sisa"
        if totals
        else ""
    )
    return f"""SELECT u.peserta_id, MIN(u.bulan) AS sejak,
                      MIN(CASE WHEN u.pekerja = 0 THEN u.bulan END) AS sejak_pendana,
                      MIN(CASE WHEN u.pekerja = 1 THEN u.bulan END) AS sejak_pekerja{extra}
               FROM (SELECT l.peserta_id, t.program_id, t.bulan, l.jumlah - l.dibayar AS sisa,
                            0 AS pekerja
                     FROM {lines} l JOIN {invoices} t ON t.id = l.tagihan_id
                     WHERE l.dibayar < l.jumlah
                     UNION ALL
                     SELECT w.peserta_id, w.program_id, w.bulan, 0 AS sisa, 1 AS pekerja
                     FROM {shares} w JOIN {peserta} p ON p.id = w.peserta_id
                     WHERE NOT EXISTS (SELECT 1 FROM {paid} b
                                       WHERE b.kpj = p.kpj AND b.bulan = w.bulan
                                         AND b.lunas)) u
               {f"WHERE {where}" if where else ""}
               GROUP BY u.peserta_id"""


def coverage(program: Program, as_of: dt.date | None = None) -> pl.DataFrame:
    """One row per participant: registration status, cover, oldest unpaid billed month
    up to ``as_of``'s month, unpaid months and amount, and ``status`` (module docstring)."""
    month = month_start(as_of or timezone.localdate())
    peserta = Peserta._meta.db_table
    unpaid = unpaid_by_participant(totals=True, where="u.program_id = %s AND u.bulan <= %s")
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT p.id, p.kode_kabupaten, p.status, CAST(p.bulan_mulai AS TEXT),
                   CAST(p.bulan_akhir AS TEXT), CAST(u.sejak AS TEXT), COALESCE(u.bulan, 0),
                   COALESCE(u.sisa, 0), CAST(u.sejak_pendana AS TEXT),
                   CAST(u.sejak_pekerja AS TEXT)
            FROM {peserta} p
            LEFT JOIN ({unpaid}) u ON u.peserta_id = p.id
            WHERE p.program_id = %s
            ORDER BY p.id
            """,
            [program.pk, adapt(month), program.pk],
        )
        rows = cursor.fetchall()
    return _frame(rows).with_columns(
        status_expression(month).alias("status"), missing_expression(month).alias("kurang")
    )


def status_expression(month: dt.date) -> pl.Expr:
    """The coverage status rule (module docstring) as of ``month``, over the columns
    ``status_daftar``, ``bulan_mulai``, ``bulan_akhir`` and ``tunggak_sejak`` (the oldest
    unpaid billed month). An unpaid month after ``month`` reads as none up to it, so
    the oldest unpaid month of all may be given to evaluate many months at once (the
    dashboard's summary does)."""
    before = add_months(month, -GRACE_MONTHS)
    return (
        pl.when(pl.col("status_daftar") == "ditolak")
        .then(pl.lit("ditolak"))
        .when(pl.col("status_daftar") != "diterima")
        .then(pl.lit("menunggu"))
        .when(pl.col("bulan_akhir") < pl.lit(month))
        .then(pl.lit("berakhir"))
        .when(pl.col("bulan_mulai") > pl.lit(month))
        .then(pl.lit("menunggu"))
        .when(pl.col("tunggak_sejak").is_null() | (pl.col("tunggak_sejak") >= pl.lit(month)))
        .then(pl.lit("aktif"))
        .when(pl.col("tunggak_sejak") >= pl.lit(before))
        .then(pl.lit("menunggak"))
        .otherwise(pl.lit("terputus"))
    )


# Which part of a participant's unpaid month is missing (``missing_expression``).
MISSING_LABELS = {
    "pendana": _("Porsi pemerintah belum dibayar"),
    "pekerja": _("Porsi pekerja belum dibayar"),
    "keduanya": _("Porsi pemerintah dan porsi pekerja belum dibayar"),
}


def missing_expression(month: dt.date) -> pl.Expr:
    """Which part keeps a participant from being covered for the months before
    ``month``: ``pendana`` (a government line not paid in full), ``pekerja`` (the
    worker's own share not reported paid by BPJS), ``keduanya``, or null when nothing
    before ``month`` is unpaid; over ``tunggak_pendana`` and ``tunggak_pekerja``."""
    government = pl.col("tunggak_pendana").is_not_null() & (
        pl.col("tunggak_pendana") < pl.lit(month)
    )
    worker = pl.col("tunggak_pekerja").is_not_null() & (pl.col("tunggak_pekerja") < pl.lit(month))
    return (
        pl.when(government & worker)
        .then(pl.lit("keduanya"))
        .when(government)
        .then(pl.lit("pendana"))
        .when(worker)
        .then(pl.lit("pekerja"))
        .otherwise(pl.lit(None, dtype=pl.Utf8))
    )


def status_counts(program: Program, as_of: dt.date | None = None, kode: str = "") -> dict:
    """Participants per coverage status (optionally of one regency/city)."""
    frame = coverage(program, as_of)
    if kode:
        frame = frame.filter(pl.col("kode_kabupaten").str.starts_with(kode))
    counts = dict(frame.group_by("status").len().iter_rows())
    return {status: counts.get(status, 0) for status in STATUSES}


def scoped(frame: pl.DataFrame, user) -> pl.DataFrame:
    if is_admin(user):
        return frame
    scope = user.wilayah_id or ""
    if len(scope) == 2:
        return frame.filter(pl.col("kode_kabupaten").str.starts_with(scope + "."))
    if len(scope) >= 5:
        return frame.filter(pl.col("kode_kabupaten") == scope[:5])
    return frame.clear()


def arrears(program: Program, user, as_of: dt.date | None = None) -> dict:
    """The arrears report: outstanding billed months up to ``as_of``'s month per
    region, and the participants with unpaid months (most months first)."""
    frame = scoped(coverage(program, as_of), user)
    owing = frame.filter((pl.col("jumlah_tunggak") > 0) | pl.col("kurang").is_not_null())
    regions = (
        owing.group_by("kode_kabupaten")
        .agg(
            pl.len().alias("peserta"),
            pl.col("jumlah_tunggak").sum().alias("jumlah"),
            pl.col("tunggak_sejak").min().alias("sejak"),
        )
        .sort("kode_kabupaten")
    )
    return {
        "wilayah": regions.to_dicts(),
        "peserta": owing.sort(["bulan_tunggak", "peserta_id"], descending=[True, False]),
        "jumlah": int(owing.get_column("jumlah_tunggak").sum() or 0),
        "jumlah_peserta": owing.height,
        "status": dict(frame.group_by("status").len().iter_rows()),
    }
