"""Benchmark: the worker's status check (``POST /api/v1/cek``) on PostgreSQL.

Bar: 200 checks per second sustained with a million persons, p95 printed
beside a bare primary-key lookup of a person measured in the same run. Each check goes
through the whole request (Django's test client in-process: middleware, the limit per
address counted from the access log, the lookup by NIK and birth date, the one
participant's status, the access-log row), from a different client address each time;
one in five gives a wrong birth date. Rates are measured with one process and with
``--workers`` processes at once (a server answers with several).

    python bench/cek.py                       # 100,000 persons, a few minutes
    python bench/cek.py --persons 1000000     # the bar's size (setup ≈ 10 minutes)

Builds a fresh throwaway database ``jaring_bench_cek`` each run: persons, an approved
programme that began six months ago with four in five persons as participants, six
months billed through the real billing, the first four paid, the fifth two-thirds and the
sixth a third (so the answers mix aktif, menunggak, terputus, ditolak and terdaftar).
"""

import argparse
import datetime as dt
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from billing import insert_persons  # noqa: E402

from intake import kept_database  # noqa: E402

DATABASE = "jaring_bench_cek"
TARGET_PER_SECOND = 200
EPOCH = dt.date(1970, 1, 1)


def nik_of(i: int) -> str:
    return f"647101010{i:07d}"


def born_of(i: int) -> dt.date:
    return EPOCH + dt.timedelta(days=i % 15000)


def setup(persons: int):
    from django.core.management import call_command
    from django.db import connection

    from jaring.accounts.models import Role, User
    from jaring.contributions.billing import bill_month
    from jaring.contributions.models import Tagihan
    from jaring.contributions.payments import record_payment
    from jaring.core.months import add_months, month_start
    from jaring.programs.models import Program, ProgramPendana, StatusProgram
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    user = User.objects.create_superuser("bench", "bench@example.org", None, role=Role.ADMIN)
    start = add_months(month_start(dt.date.today()), -6)
    program = Program.objects.create(
        kode="BENCH-CEK", nama="Bench cek", dasar_hukum_jenis="pergub", dasar_hukum_nomor="1",
        wilayah_id="64", bulan_mulai=start, jumlah_bulan=12, kuota_total=persons,
        alokasi="tetap", status=StatusProgram.DITETAPKAN,
    )  # fmt: skip
    ProgramPendana.objects.create(program=program, pendana="apbd_provinsi", porsi_persen=100)
    with connection.cursor() as cursor:
        insert_persons(
            cursor,
            persons,
            nik_prefix="647101010",
            born_from="1970-01-01",
            born_days=15000,
            pekerjaan="'ojek'",
        )
        cursor.execute(
            """
            INSERT INTO programs_penerima (program_id, person_id, nomor_urut, kode_kabupaten,
                skor, alasan_keluar)
            SELECT %s, id, ROW_NUMBER() OVER (ORDER BY id), substr(kode_wilayah, 1, 5), 0, ''
            FROM registry_person WHERE id %% 5 <> 0
            """,
            [program.pk],
        )
        cursor.execute(
            """
            INSERT INTO enrollment_peserta (program_id, person_id, nomor_urut, kode_kabupaten,
                status, kpj, alasan_tolak, bulan_mulai, bulan_akhir, alasan_berakhir,
                keterangan_berakhir, updated_at)
            SELECT program_id, person_id, nomor_urut, kode_kabupaten,
                   CASE WHEN nomor_urut %% 50 = 0 THEN 'ditolak' ELSE 'diterima' END,
                   CASE WHEN nomor_urut %% 50 = 0 THEN NULL
                        ELSE lpad((90000000000 + nomor_urut)::text, 11, '0') END,
                   '', %s, %s, '', '', now()
            FROM programs_penerima WHERE program_id = %s ORDER BY nomor_urut
            """,
            [start, program.bulan_akhir, program.pk],
        )
        cursor.execute("ANALYZE")
    for i in range(6):
        bill_month(user=user, program=program, month=add_months(start, i))
    for invoice in Tagihan.objects.filter(program=program).order_by("bulan"):
        # Lines are paid in participant order: the first third is paid through the
        # sixth month (aktif), the second through the fifth (menunggak), the rest
        # through the fourth (terputus).
        share = {add_months(start, 4): 2 / 3, add_months(start, 5): 1 / 3}.get(invoice.bulan, 1.0)
        if share:
            record_payment(
                user=user,
                tagihan=invoice,
                jumlah=int(invoice.jumlah * share),
                tanggal=dt.date.today(),
                referensi=f"B-{invoice.bulan:%Y%m}",
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return program


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def run_checks(persons: int, count: int, seed: int) -> tuple[list[float], dict[str, int]]:
    """``count`` checks of random persons; latencies in ms and answers by status."""
    import json

    from django.test import Client

    rng = random.Random(seed)
    client = Client()
    latencies, answers = [], {}
    for n in range(count):
        i = rng.randint(1, persons)
        born = born_of(i) + (dt.timedelta(days=1) if n % 5 == 4 else dt.timedelta())
        body = json.dumps({"nik": nik_of(i), "tanggal_lahir": born.isoformat()})
        ip = f"10.{seed % 250}.{n // 250 % 250}.{n % 250 + 1}"
        t = time.perf_counter()
        response = client.post("/api/v1/cek", body, content_type="application/json",
                               REMOTE_ADDR=ip)  # fmt: skip
        latencies.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.content
        data = response.json()
        key = data.get("status") or "tidak ditemukan"
        answers[key] = answers.get(key, 0) + 1
    return latencies, answers


def _worker(args) -> tuple[list[float], dict[str, int]]:
    import django

    django.setup()
    return run_checks(*args)


def child(persons: int, samples: int, workers: int) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    from jaring.registry.models import Person

    started = time.perf_counter()
    setup(persons)
    print(f"setup: {persons:,} persons, programme billed and paid in "
          f"{time.perf_counter() - started:.0f}s")  # fmt: skip
    settings.JARING_CEK = {**settings.JARING_CEK, "LIMIT": 10}

    ids = list(Person.objects.values_list("pk", flat=True)[: min(persons, 200_000)])
    rng = random.Random(1)
    run_checks(persons, 200, seed=99)  # warm up
    baseline = []
    for _ in range(samples):
        pk = rng.choice(ids)
        t = time.perf_counter()
        Person.objects.get(pk=pk)
        baseline.append((time.perf_counter() - t) * 1000)

    t = time.perf_counter()
    latencies, answers = run_checks(persons, samples, seed=1)
    sequential = samples / (time.perf_counter() - t)

    connections.close_all()
    per_worker = samples // workers
    t = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_worker, [(persons, per_worker, 10 + w) for w in range(workers)])
    parallel = per_worker * workers / (time.perf_counter() - t)
    parallel_latencies = [x for lat, _ in results for x in lat]

    print(f"\nstatus check, {persons:,} persons, PostgreSQL; answers {answers}")
    print(f"  bare primary-key lookup (ORM)  p50 {statistics.median(baseline):6.2f} ms   "
          f"p95 {p95(baseline):6.2f} ms")  # fmt: skip
    print(f"  POST /api/v1/cek, 1 process    p50 {statistics.median(latencies):6.2f} ms   "
          f"p95 {p95(latencies):6.2f} ms   {sequential:6.0f} checks/s")  # fmt: skip
    print(f"  POST /api/v1/cek, {workers} processes  p50 "
          f"{statistics.median(parallel_latencies):6.2f} ms   p95 {p95(parallel_latencies):6.2f} ms"
          f"   {parallel:6.0f} checks/s")  # fmt: skip
    best = max(sequential, parallel)
    print(
        f"  bar {TARGET_PER_SECOND} checks/s: {'OK' if best >= TARGET_PER_SECOND else 'BELOW BAR'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", "--rows", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--child", action="store_true")
    args, _ = parser.parse_known_args()  # `make bench BENCH_ARGS=…` passes every script's
    if args.child:
        child(args.persons, args.samples, args.workers)
        return
    var_dir = ROOT / "var" / "bench-cek"
    var_dir.mkdir(parents=True, exist_ok=True)
    reference = var_dir / "reference"
    if not reference.exists():
        reference.symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    env = dict(
        os.environ,
        DATABASE_URL=kept_database(DATABASE, reload=True),
        JARING_VAR_DIR=str(var_dir),
        JARING_ALLOWED_HOSTS="testserver",
    )
    subprocess.run(
        [sys.executable, __file__, "--child", "--persons", str(args.persons),
         "--samples", str(args.samples), "--workers", str(args.workers)],
        env=env,
        check=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
