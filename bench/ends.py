"""Benchmark: ending cover set-based — 10,000 deaths in a claim report and a withdrawal of
10,000 — among 100,000 participants × 12 months billed and paid, on PostgreSQL.

Bar: each under 10 seconds, every affected invoice recomputed once, reconciliation
intact. Printed next to the one-at-a-time path (``end_participation`` per participant,
each call removing its lines and recomputing its invoices, as every end did before)
measured on a sample of the same events, rolled back, and extrapolated.

    python bench/ends.py [--participants N] [--ends K] [--funders 1|2] [--sample S]

Builds a fresh throwaway database ``jaring_bench_ends`` each run; the programme began
eight months ago, so the deaths (in its first seven months) are reported late for
months already billed and paid, and this month's withdrawal removes the months billed
ahead. Setup (generated in SQL, billing, payments, the amendment) is not timed.
"""

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from billing import setup  # noqa: E402

from intake import kept_database  # noqa: E402

DATABASE = "jaring_bench_ends"
BAR_SECONDS = 10


def counted_reallocations():
    """Wrap ``payments.reallocate`` to count how often each invoice is recomputed."""
    from jaring.contributions import payments

    original = payments.reallocate
    calls: Counter = Counter()

    def counting(invoice):
        calls[invoice.pk] += 1
        return original(invoice)

    payments.reallocate = counting
    return calls


def claim_report(path: Path, deaths, start: dt.date, seed: int = 7) -> Path:
    """A BPJS claim report with one JKM claim per participant in ``deaths``, each dated
    in one of the programme's first seven months (all in the past)."""
    from jaring.core.months import add_months

    rng = random.Random(seed)
    paid = dt.date.today() - dt.timedelta(days=1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["KPJ", "Nama", "Jenis Klaim", "Tanggal Kejadian", "Tanggal Bayar",
                         "Jumlah", "Ahli Waris"])  # fmt: skip
        for kpj, nama in deaths:
            died = add_months(start, rng.randrange(7)) + dt.timedelta(days=rng.randrange(28))
            writer.writerow([kpj, nama, "JKM", died.isoformat(), paid.isoformat(), "42000000",
                             f"Ahli waris {nama}"])  # fmt: skip
    return path


def one_at_a_time(events) -> float:
    """Seconds per participant ending them one by one (rolled back afterwards)."""
    from django.db import transaction

    from jaring.contributions.lifecycle import end_participation
    from jaring.enrollment.models import Peserta

    started = time.perf_counter()
    with transaction.atomic():
        for peserta_id, alasan, tanggal, keterangan in events:
            end_participation(user=None, peserta=Peserta(pk=peserta_id), alasan=alasan,
                              tanggal=tanggal, keterangan=keterangan)  # fmt: skip
        transaction.set_rollback(True)
    return (time.perf_counter() - started) / max(1, len(events))


def child(participants: int, ends: int, funders: int, sample: int) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.utils import timezone

    from jaring.claims.services import import_claims
    from jaring.contributions import queries
    from jaring.contributions.billing import bill_month
    from jaring.contributions.lifecycle import end_withdrawn
    from jaring.contributions.models import Tagihan
    from jaring.contributions.payments import record_payment
    from jaring.core.months import add_months, month_start
    from jaring.enrollment.models import AlasanBerakhir, Peserta
    from jaring.programs import services as programs

    started = time.perf_counter()
    start = add_months(month_start(dt.date.today()), -8)
    program, user = setup(participants, funders, start)
    for i in range(12):
        bill_month(user=user, program=program, month=add_months(start, i))
    for number, invoice in enumerate(Tagihan.objects.filter(program=program).order_by("pk")):
        record_payment(user=user, tagihan=invoice, jumlah=invoice.jumlah, tanggal=dt.date.today(),
                       referensi=f"SP2D-{number:04d}")  # fmt: skip
    rows = list(
        Peserta.objects.filter(program=program)
        .order_by("nomor_urut")
        .values_list("pk", "person_id", "kpj", "person__nama")
    )
    step = max(2, len(rows) // ends)
    dying = rows[0::step][:ends]
    leaving = rows[step // 2 :: step][:ends]
    print(
        f"setup: {participants:,} participants, 12 months billed and paid from {start:%Y-%m} "
        f"in {time.perf_counter() - started:.1f}s"
    )

    # The one-at-a-time path on a sample of the same events, rolled back.
    report = claim_report(ROOT / "var" / "bench-ends" / "klaim.csv", [(k, n) for _, _, k, n in
                                                                      dying], start)  # fmt: skip
    with report.open(encoding="utf-8") as handle:
        died_on = {r["KPJ"]: dt.date.fromisoformat(r["Tanggal Kejadian"]) for r in
                   csv.DictReader(handle)}  # fmt: skip
    death_sample = [(pk, AlasanBerakhir.MENINGGAL, died_on[kpj], "Klaim JKM")
                    for pk, _, kpj, _ in dying[:sample]]  # fmt: skip
    per_death = one_at_a_time(death_sample)
    today = timezone.localdate()
    leave_sample = [(pk, AlasanBerakhir.DICABUT, today, "Data ganda")
                    for pk, *_ in leaving[:sample]]  # fmt: skip
    per_withdrawal = one_at_a_time(leave_sample)

    calls = counted_reallocations()
    t = time.perf_counter()
    result = import_claims(user=None, path=report)
    claims_seconds = time.perf_counter() - t
    assert not result.errors, result.errors[:3]
    death_calls = Counter(calls)
    calls.clear()

    t = time.perf_counter()
    programs.amend(user=user, program=program, alasan="Verifikasi ulang data",
                   cabut={person: "Data ganda" for _, person, _, _ in leaving})  # fmt: skip
    amend_seconds = time.perf_counter() - t
    t = time.perf_counter()
    withdrawn = end_withdrawn(program)
    withdraw_seconds = time.perf_counter() - t
    withdraw_calls = Counter(calls)

    t = time.perf_counter()
    check = queries.reconciliation(program)
    outside = queries.lines_outside_cover(program)
    reconcile_seconds = time.perf_counter() - t
    summary = check.summary()
    credit = sum(r["diterima"] - r["dibayar"] for r in check.rows)
    assert check.ok and outside == 0, (check.problems[:3], outside)
    assert set(death_calls.values()) <= {1} and set(withdraw_calls.values()) <= {1}

    def verdict(seconds: float) -> str:
        return "OK" if seconds < BAR_SECONDS else "ABOVE BAR"

    print(f"\n{participants:,} participants × 12 months, {funders} funder(s), PostgreSQL")
    print(f"  claim report, {result.record.deaths:,} deaths reported late     "
          f"{claims_seconds:>7.2f} s   bar {BAR_SECONDS} s: {verdict(claims_seconds)}; "
          f"{len(death_calls)} invoices recomputed, each once")  # fmt: skip
    print(f"  withdrawal of {withdrawn:,} (end_withdrawn)            "
          f"{withdraw_seconds:>7.2f} s   bar {BAR_SECONDS} s: {verdict(withdraw_seconds)}; "
          f"{len(withdraw_calls)} invoices recomputed, each once")  # fmt: skip
    print(f"  (the amendment itself, not part of the end: {amend_seconds:.2f} s)")
    print(f"  reconciliation + coverage check              {reconcile_seconds:>7.2f} s: "
          f"billed Rp {summary['ditagih']:,} = paid Rp {summary['dibayar']:,} + outstanding "
          f"Rp {summary['tunggakan']:,}; credit Rp {credit:,}")  # fmt: skip
    deaths_before = per_death * result.record.deaths
    withdrawals_before = per_withdrawal * withdrawn
    print(
        f"\nbaseline: one at a time (end_participation per participant), {sample} of each "
        f"sampled and rolled back:\n"
        f"  deaths      {per_death:>7.2f} s each → {deaths_before:>9,.0f} s for "
        f"{result.record.deaths:,} ({deaths_before / max(claims_seconds, 1e-9):,.0f}× slower)\n"
        f"  withdrawals {per_withdrawal:>7.2f} s each → {withdrawals_before:>9,.0f} s for "
        f"{withdrawn:,} ({withdrawals_before / max(withdraw_seconds, 1e-9):,.0f}× slower)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", "--rows", type=int, default=100_000)
    parser.add_argument("--ends", type=int, default=10_000)
    parser.add_argument("--funders", type=int, choices=[1, 2], default=1)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--child", action="store_true")
    args, _ = parser.parse_known_args()  # `make bench BENCH_ARGS=…` passes every script's
    if args.child:
        child(args.participants, args.ends, args.funders, args.sample)
        return
    var_dir = ROOT / "var" / "bench-ends"
    var_dir.mkdir(parents=True, exist_ok=True)
    reference = var_dir / "reference"
    if not reference.exists():
        reference.symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    env = dict(
        os.environ, DATABASE_URL=kept_database(DATABASE, reload=True), JARING_VAR_DIR=str(var_dir)
    )
    subprocess.run(
        [sys.executable, __file__, "--child", "--participants", str(args.participants),
         "--ends", str(args.ends), "--funders", str(args.funders), "--sample", str(args.sample)],
        env=env,
        check=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
