"""Benchmark: validate and load a generated 1,000,000-row worker list.

Prints, for each database, Jaring's intake rate (rows/s) next to a raw-load baseline
measured in the same run on the same rows: PostgreSQL ``COPY`` / SQLite
``executemany`` into an unindexed table of ten text columns. Targets:
≥ 50,000 rows/s, within 4× of the baseline, peak memory under 2 GB.

    python bench/intake.py [--rows N] [--database sqlite|postgres|both] [--seed S]

Each database runs in its own process (fresh Django settings, honest peak memory).
PostgreSQL uses a throwaway database ``jaring_bench`` on 127.0.0.1:5432 (override
with BENCH_PG_URL pointing at a server where the user may create databases).
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "jaring_bench"
TARGET_ROWS_PER_S = 50_000
TARGET_RATIO = 4.0
TARGET_PEAK_MB = 2048


def generate(rows: int, seed: int) -> Path:
    """The synthetic Kaltim list (with its usual duplicates and invalid rows), cached."""
    path = OUT / f"intake-{rows}-{seed}.csv"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "generate",
         "--rows", str(rows), "--seed", str(seed), "--out", str(path)],
        check=True,
    )  # fmt: skip
    print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f}s → {path}")
    return path


def child_generate(rows: int, seed: int, out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    from jaring.synthetic.bulk import write_intake_csv

    write_intake_csv(out, rows=rows, seed=seed)


def kept_database(name: str, *, reload: bool = False) -> str:
    """The URL of a PostgreSQL bench database kept between runs (created when missing,
    rebuilt with ``reload``): loading a million persons once is enough."""
    import psycopg

    with psycopg.connect(PG_SERVER.replace("postgres://", "postgresql://"), autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if reload or not exists:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            c.execute(f"CREATE DATABASE {name}")
    return PG_SERVER.rsplit("/", 1)[0] + f"/{name}"


def whole_list_limits(rows: int) -> str:
    """``JARING_SHEET_LIMITS`` for a generated list longer than an Excel sheet: the
    benches that build a million-person registry load 1.12 million rows (a tenth are
    repeats) in one file, which the reader refuses by default as no clerk's file is."""
    return json.dumps({"rows": max(rows, 1_048_576)})


def database_url(database: str, var_dir: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{var_dir / 'bench.sqlite3'}"
    import psycopg

    with psycopg.connect(PG_SERVER.replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        c.execute(f"CREATE DATABASE {PG_DATABASE}")
    return PG_SERVER.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


def run_database(database: str, path: Path) -> dict:
    var_dir = OUT / f"var-{database}"
    var_dir.mkdir(parents=True, exist_ok=True)
    (var_dir / "bench.sqlite3").unlink(missing_ok=True)
    reference = var_dir / "reference"
    if not reference.exists():
        reference.symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    env = dict(
        os.environ, DATABASE_URL=database_url(database, var_dir), JARING_VAR_DIR=str(var_dir)
    )
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "measure", "--csv", str(path)],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_measure(path: Path) -> None:
    """Runs inside a fresh process with DATABASE_URL set: baseline, then Jaring."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jaring.intake.services import intake_file
    from jaring.registry.services import add_agency
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    agency = add_agency(kode="BENCH-6471", nama="Bench", wilayah_kode="64.71")

    baseline = raw_load(connection, path)
    started = time.perf_counter()
    result = intake_file(path=path, agency=agency)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": result.rows,
                "accepted": result.accepted,
                "rejected": result.rejected,
                "duplicates": result.duplicates,
                "seconds": seconds,
                "baseline_seconds": baseline,
                "peak_mb": peak_mb,
            }
        )
    )


def raw_load(connection, path: Path) -> float:
    """The same rows, as text, into an unindexed table in one transaction: the fastest
    load the database offers, with no validation, no indexes and no constraints."""
    from django.db import transaction

    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f'"{name}" text' for name in header)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute(f"CREATE TABLE bench_raw ({columns})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                path.open("rb") as handle,
                cursor.cursor.copy("COPY bench_raw FROM STDIN (FORMAT csv, HEADER true)") as copy,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
        else:
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                next(reader)
                placeholders = ", ".join(["%s"] * len(header))
                cursor.executemany(f"INSERT INTO bench_raw VALUES ({placeholders})", reader)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw")
    return seconds


def report(figures: dict) -> bool:
    rate = figures["rows"] / figures["seconds"]
    baseline_rate = figures["rows"] / figures["baseline_seconds"]
    ratio = figures["seconds"] / figures["baseline_seconds"]
    ok = rate >= TARGET_ROWS_PER_S and ratio <= TARGET_RATIO and figures["peak_mb"] < TARGET_PEAK_MB
    print(
        f"{figures['database']:>10}: {figures['rows']:,} rows "
        f"({figures['accepted']:,} accepted, {figures['duplicates']:,} duplicates, "
        f"{figures['rejected']:,} rejected)\n"
        f"{'':>12}jaring intake   {figures['seconds']:7.1f} s  {rate:10,.0f} rows/s"
        f"   (target ≥ {TARGET_ROWS_PER_S:,})\n"
        f"{'':>12}raw baseline    {figures['baseline_seconds']:7.1f} s"
        f"  {baseline_rate:10,.0f} rows/s"
        f"   ratio {ratio:.1f}× (target ≤ {TARGET_RATIO:.0f}×)\n"
        f"{'':>12}peak memory     {figures['peak_mb']:7.0f} MB (target < {TARGET_PEAK_MB} MB)"
        f"   {'OK' if ok else 'BELOW TARGET'}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", choices=["generate", "measure"])
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child == "generate":
        child_generate(args.rows, args.seed, args.out)
        return
    if args.child == "measure":
        child_measure(args.csv)
        return
    path = generate(args.rows, args.seed)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    for database in databases:
        report(run_database(database, path))


if __name__ == "__main__":
    main()
