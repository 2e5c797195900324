"""Benchmark: 100,000 participants × 12 months billed, paid and reconciled on PostgreSQL.

Bar: the whole run — 12 monthly billings, a payment on every invoice (one of
them partial) and the reconciliation with coverage status — under 30 seconds. Printed
next to a per-row ORM baseline (billing a sample of participants one line at a time
through the ORM, as a naive implementation would) extrapolated to the same size, and
beside the last figure measured before tariff adjustments existed.

The months are 2026, so PP 50/2025's relief is in play: with two funders (the default)
the programme is co-funded by the province (60%) and the workers themselves (mandiri,
40%), and a third of the workers are motorcycle-taxi drivers (transport): the worker's
share is relieved from January (transport) or April (everyone) to December, the
province's never — three prices per month for the worker's share. The worker's share is
never on a government invoice: billing writes it per participant-month to
``PorsiPekerja`` (as many rows as the invoice lines it replaces), so only the province's
invoices are paid and reconciled, and the coverage status joins the worker's shares with
BPJS's word on them (none reported here: every participant reads as lapsed).

    python bench/billing.py [--participants N] [--funders 1|2] [--sample K] [--bench-db NAME]

Builds a fresh throwaway database (``jaring_bench_billing`` unless named) each run
(persons, programme, beneficiary list and accepted participants are generated set-based
in SQL; that setup is not part of the timed run).
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from intake import kept_database  # noqa: E402

DATABASE = "jaring_bench_billing"
BAR_SECONDS = 30
START = dt.date(2026, 1, 1)
# The last run before tariff adjustments (README, "Benchmarks"): one APBD funder, 2027,
# every line the same price, on the shared 2-core machine.
PREVIOUS = {"total": 6.6, "billing": 2.0, "payments": 3.5, "reconcile": 1.2}


def insert_persons(
    cursor, count: int, *, nik_prefix: str, born_from: str, born_days: int, pekerjaan: str
) -> None:
    """``count`` synthetic persons in one ``INSERT … generate_series``, spread over the
    villages of Kaltim: NIK ``nik_prefix`` + the serial ``i`` padded to 16 digits, birth
    date ``born_from`` + (i mod ``born_days``) days, occupation the SQL ``pekerjaan`` (of
    ``i``). The bench data of billing, ends and the status check."""
    cursor.execute(
        """
        CREATE TEMPORARY TABLE villages AS
        SELECT kode, ROW_NUMBER() OVER (ORDER BY kode) - 1 AS n
        FROM wilayah_wilayah WHERE tingkat = 4 AND kode LIKE '64.%%'
        """
    )
    cursor.execute("SELECT COUNT(*) FROM villages")
    villages = cursor.fetchone()[0]
    serial = 16 - len(nik_prefix)
    cursor.execute(
        f"""
        INSERT INTO registry_person (nik, nama, nama_kunci, tanggal_lahir, jenis_kelamin,
            kode_wilayah, alamat, pekerjaan, penghasilan, no_hp, no_kk, created_at,
            updated_at)
        SELECT '{nik_prefix}' || lpad(i::text, {serial}, '0'), 'Pekerja ' || i,
               'PEKERJA ' || i, DATE '{born_from}' + (i %% {born_days}),
               CASE WHEN i %% 2 = 0 THEN 'L' ELSE 'P' END, v.kode, '', {pekerjaan},
               NULL, '', '', now(), now()
        FROM generate_series(1, %s) AS i
        JOIN villages v ON v.n = i %% {villages}
        """,
        [count],
    )
    cursor.execute("DROP TABLE villages")


def setup(participants: int, funders: int, start: dt.date = START):
    """Persons, an approved programme from ``start``, its list and accepted participants,
    in SQL (``bench/ends.py`` uses it too)."""
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    from jaring.accounts.models import Role, User
    from jaring.programs.models import Program, ProgramPendana, StatusProgram
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    user = User.objects.create_superuser("bench", "bench@example.org", None, role=Role.ADMIN)
    program = Program.objects.create(
        kode=f"BENCH-{start:%Y}", nama="Bench", dasar_hukum_jenis="pergub",
        dasar_hukum_nomor="1",
        wilayah_id="64", bulan_mulai=start, jumlah_bulan=12, kuota_total=participants,
        alokasi="tetap", status=StatusProgram.DITETAPKAN,
    )  # fmt: skip
    shares = {"apbd_provinsi": Decimal(100)} if funders == 1 else {
        "apbd_provinsi": Decimal(60), "mandiri": Decimal(40)}  # fmt: skip
    for pendana, share in shares.items():
        ProgramPendana.objects.create(program=program, pendana=pendana, porsi_persen=share)
    with connection.cursor() as cursor:
        insert_persons(
            cursor, participants, nik_prefix="6471010101", born_from="1980-01-01",
            born_days=9000, pekerjaan="CASE WHEN i %% 3 = 0 THEN 'ojek' ELSE 'pedagang_pasar' END",
        )  # fmt: skip
        cursor.execute(
            """
            INSERT INTO programs_penerima (program_id, person_id, nomor_urut, kode_kabupaten,
                skor, alasan_keluar)
            SELECT %s, id, ROW_NUMBER() OVER (ORDER BY substr(kode_wilayah, 1, 5), id),
                   substr(kode_wilayah, 1, 5), 0, ''
            FROM registry_person
            """,
            [program.pk],
        )
        cursor.execute(
            """
            INSERT INTO enrollment_peserta (program_id, person_id, nomor_urut, kode_kabupaten,
                status, kpj, alasan_tolak, bulan_mulai, bulan_akhir, alasan_berakhir,
                keterangan_berakhir, updated_at)
            SELECT program_id, person_id, nomor_urut, kode_kabupaten, 'diterima',
                   lpad((90000000000 + nomor_urut)::text, 11, '0'), '', %s, %s, '', '', now()
            FROM programs_penerima WHERE program_id = %s ORDER BY nomor_urut
            """,
            [start, program.bulan_akhir, program.pk],
        )
        cursor.execute("ANALYZE")
    return program, user


def orm_baseline(program, user, sample: int) -> float:
    """Seconds per line when billing one participant at a time through the ORM
    (tariff, split, one line, the invoice total updated), rolled back afterwards."""
    from django.db import transaction
    from django.db.models import F

    from jaring.contributions.models import Iuran, Tagihan
    from jaring.enrollment.models import Peserta
    from jaring.programs import services, tariffs

    started = time.perf_counter()
    lines = 0
    with transaction.atomic():
        shares = services.funder_shares(program)
        for peserta in Peserta.objects.filter(program=program).order_by("id")[:sample]:
            iuran = tariffs.monthly(tariffs.in_force(START), program.penghasilan_dilaporkan)
            for pendana, amount in services.split(iuran.total, shares).items():
                invoice, _ = Tagihan.objects.get_or_create(
                    program=program, bulan=START, pendana=pendana,
                    defaults={"nomor": f"BASE-{pendana}", "tarif_peserta": amount},
                )  # fmt: skip
                if not Iuran.objects.filter(tagihan=invoice, peserta=peserta).exists():
                    Iuran.objects.create(tagihan=invoice, peserta=peserta, jumlah=amount)
                    Tagihan.objects.filter(pk=invoice.pk).update(
                        jumlah=F("jumlah") + amount, peserta=F("peserta") + 1
                    )
                    lines += 1
        transaction.set_rollback(True)
    return (time.perf_counter() - started) / max(1, lines)


def child(participants: int, funders: int, sample: int) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from jaring.contributions import queries
    from jaring.contributions.billing import bill_month
    from jaring.contributions.models import Tagihan
    from jaring.contributions.payments import confirm_payment, record_payment
    from jaring.core.months import add_months

    started = time.perf_counter()
    program, user = setup(participants, funders)
    from jaring.accounts.models import Role, User

    second = User.objects.create_superuser("bench2", "bench2@example.org", None, role=Role.ADMIN)
    print(
        f"setup: {participants:,} persons and participants in {time.perf_counter() - started:.1f}s"
    )
    per_line = orm_baseline(program, user, sample)

    steps: list[tuple[str, float]] = []
    run_started = time.perf_counter()
    t = time.perf_counter()
    lines = 0
    for i in range(12):
        lines += bill_month(user=user, program=program, month=add_months(START, i)).added
    steps.append((f"bill 12 months ({lines:,} lines)", time.perf_counter() - t))

    t = time.perf_counter()
    paid_on = dt.date.today()
    invoices = list(Tagihan.objects.filter(program=program).order_by("bulan", "pendana"))
    for number, invoice in enumerate(invoices):
        partial = invoice.bulan == add_months(START, 11)
        amount = invoice.jumlah * 6 // 10 if partial else invoice.jumlah
        payment, _new = record_payment(user=user, tagihan=invoice, jumlah=amount, tanggal=paid_on,
                                       referensi=f"SP2D-{number:04d}")  # fmt: skip
        if payment.confirmed_at is None:  # the two-person rule: a second officer confirms it
            confirm_payment(user=second, pembayaran=payment)
    steps.append(
        (f"pay {len(invoices)} invoices (one month 60%), confirmed by a second officer",
         time.perf_counter() - t)
    )  # fmt: skip

    t = time.perf_counter()
    check = queries.reconciliation(program)
    outside = queries.lines_outside_cover(program)
    counts = queries.status_counts(program, add_months(START, 11))
    steps.append(("reconcile + coverage status", time.perf_counter() - t))
    total = time.perf_counter() - run_started

    summary = check.summary()
    assert check.ok and outside == 0, (check.problems[:3], outside)
    assert summary["ditagih"] == summary["dibayar"] + summary["tunggakan"]
    cash = check.cash()
    assert cash["diterima"] == cash["dibayar"] + cash["kelebihan"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FILTER (WHERE keringanan > 0), "
                       "COUNT(DISTINCT (tagihan_id, jumlah)) FROM contributions_iuran")  # fmt: skip
        relieved, prices = cursor.fetchone()
        cursor.execute("SELECT COUNT(*), COUNT(*) FILTER (WHERE keringanan > 0), "
                       "COALESCE(SUM(keringanan), 0), COUNT(DISTINCT (bulan, jumlah)) "
                       "FROM contributions_porsipekerja")  # fmt: skip
        own_rows, own_relieved, own_relief, own_prices = cursor.fetchone()
    rerun = time.perf_counter()
    again = bill_month(user=user, program=program, month=START)
    rerun = time.perf_counter() - rerun
    assert again.added == 0

    print(f"\n{participants:,} participants × 12 months, {funders} funder(s), PostgreSQL")
    for label, seconds in steps:
        print(f"  {label:<45}{seconds:>8.2f} s")
    print(f"  {'total':<45}{total:>8.2f} s   bar {BAR_SECONDS} s: "
          f"{'OK' if total < BAR_SECONDS else 'ABOVE BAR'}")  # fmt: skip
    print(f"  before tariff adjustments (1 APBD funder, 2027): {PREVIOUS['total']} s in total "
          f"(billing {PREVIOUS['billing']} s, payments {PREVIOUS['payments']} s, "
          f"reconciliation {PREVIOUS['reconcile']} s)")  # fmt: skip
    print(f"  re-running one month (adds nothing)          {rerun:>8.2f} s")
    print(f"  billed Rp {summary['ditagih']:,} = paid Rp {summary['dibayar']:,} + "
          f"outstanding Rp {summary['tunggakan']:,}; coverage {counts}")  # fmt: skip
    print(f"  relief (PP 50/2025) on invoices Rp {cash['keringanan']:,} over "
          f"{relieved:,} lines; {prices} distinct line amounts")  # fmt: skip
    print(f"  worker's own shares (never invoiced): {own_rows:,} rows, relief Rp "
          f"{own_relief:,} over {own_relieved:,}; {own_prices} (month, amount) pairs")  # fmt: skip
    print(
        f"\nbaseline: per-row ORM billing, {sample:,} participants sampled: "
        f"{per_line * 1000:.2f} ms per line → {per_line * lines:,.0f} s for {lines:,} lines "
        f"(billing alone; set-based billing took {steps[0][1]:.1f} s, "
        f"{per_line * lines / max(steps[0][1], 1e-9):.0f}× faster)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", "--rows", type=int, default=100_000)
    parser.add_argument("--funders", type=int, choices=[1, 2], default=2)
    parser.add_argument("--bench-db", default=DATABASE)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--child", action="store_true")
    args, _ = parser.parse_known_args()  # `make bench BENCH_ARGS=…` passes every script's
    if args.child:
        child(args.participants, args.funders, args.sample)
        return
    var_dir = ROOT / "var" / "bench-billing"
    var_dir.mkdir(parents=True, exist_ok=True)
    reference = var_dir / "reference"
    if not reference.exists():
        reference.symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    env = dict(
        os.environ,
        DATABASE_URL=kept_database(args.bench_db, reload=True),
        JARING_VAR_DIR=str(var_dir),
    )
    subprocess.run(
        [sys.executable, __file__, "--child", "--participants", str(args.participants),
         "--funders", str(args.funders), "--sample", str(args.sample)],
        env=env,
        check=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
