"""Benchmark: validate and load a generated 1,000,000-row worker list.

Prints, for each database, Jaring's intake rate (rows/s) next to a fair raw-load
baseline measured in the same run on the same rows: the persons and source records
Jaring wrote, copied out, the two tables emptied, and the same rows loaded back into the
same tables with all their indexes and constraints (PostgreSQL ``COPY``, SQLite
``executemany``) in one transaction — the fastest a load of those rows can be, with
no reading, validating, deduplicating or linking. Also prints where Jaring's time went
(read, check, load, link), from the progress the intake reports during the run itself.
Targets: PostgreSQL ≥ 80,000 rows/s and within 3× of the baseline; SQLite within 4×;
peak memory under 2 GB.

    python bench/intake.py [--rows N] [--database sqlite|postgres|both] [--seed S]

Each database runs in its own process (fresh Django settings, honest peak memory).
PostgreSQL uses a throwaway database ``jaring_bench`` on 127.0.0.1:5432 (override
with BENCH_PG_URL pointing at a server where the user may create databases).
"""

import argparse
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
TARGET_ROWS_PER_S = {"postgresql": 80_000, "sqlite": 50_000}
TARGET_RATIO = {"postgresql": 3.0, "sqlite": 4.0}
LOADED_TABLES = ("registry_person", "registry_sourcerecord")
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


def prepared_registry(csv_path: Path) -> None:
    """In a process with Django set up on a kept bench database: the schema, the region
    reference, and the generated list's persons loaded once (a database that already
    holds them is used as it is), analysed and tallied per regency."""
    import sys

    from django.core.management import call_command
    from django.db import connection

    from jaring.intake.services import intake_file
    from jaring.registry.models import Person, RegencyTally
    from jaring.registry.services import add_agency, recount_regencies
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    agency = add_agency(kode="BENCH-6471", nama="Bench", wilayah_kode="64.71")
    if Person.objects.count() < 1_000:
        started = time.perf_counter()
        intake_file(path=csv_path, agency=agency)
        seconds = time.perf_counter() - started
        print(f"loaded {Person.objects.count():,} persons in {seconds:.0f}s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if not RegencyTally.objects.exists():  # a database loaded before the tally existed
        recount_regencies()


def signed_in(client, user) -> None:
    """``client`` signed in as ``user`` past the second factor, as after typing the code
    (a role that must use it is given a device; the session carries it)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from jaring.accounts import second_factor

    client.force_login(user)
    if not second_factor.is_required(user):
        return
    device = second_factor.app_device(user) or second_factor.install_device(
        user, "BENCHBENCHBENCHBENCHBENCHBENCH23"
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


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
    """Runs inside a fresh process with DATABASE_URL set: Jaring (intake, then linking,
    timed by stage), then the fair baseline on the rows it wrote."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jaring.intake.services import intake_file
    from jaring.intake.tasks import link_after_intake
    from jaring.registry.services import add_agency
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    agency = add_agency(kode="BENCH-6471", nama="Bench", wilayah_kode="64.71")

    marks: list[tuple[float, str]] = []

    def heard(percent: int, message: str) -> None:
        marks.append((time.perf_counter(), message))

    started = time.perf_counter()
    result = intake_file(path=path, agency=agency, progress=heard)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Before linking, whose pairs refer to the persons: the reload leaves the same rows.
    baseline = raw_load(connection)
    linking_started = time.perf_counter()
    link_after_intake(result.submission)
    linking = time.perf_counter() - linking_started
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": result.rows,
                "accepted": result.accepted,
                "rejected": result.rejected,
                "duplicates": result.duplicates,
                "seconds": seconds,
                "stages": stages(started, marks, started + seconds),
                "linking_seconds": linking,
                "baseline_seconds": baseline,
                "peak_mb": peak_mb,
            }
        )
    )


def stages(started: float, marks: list[tuple[float, str]], ended: float) -> list:
    """(message, seconds) from one progress message to the next: where the time went."""
    spans, last, label = [], started, "mulai"
    for moment, message in marks:
        if message != label:
            spans.append((label, moment - last))
            last, label = moment, message
    spans.append((label, ended - last))
    merged: dict[str, float] = {}
    for name, spent in spans:
        merged[name] = merged.get(name, 0.0) + spent
    return [(name, spent) for name, spent in merged.items() if spent >= 0.05]


def raw_load(connection) -> float:
    """The persons and source records Jaring wrote, copied out, the tables emptied and
    the same rows loaded back with every index and constraint in place, in one
    transaction: what loading exactly those rows costs the database, and no more."""
    from django.db import transaction

    names = ", ".join(LOADED_TABLES)
    saved: dict[str, object] = {}
    with connection.cursor() as cursor:
        for table in LOADED_TABLES:
            if connection.vendor == "postgresql":
                buffer = bytearray()
                with cursor.cursor.copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy:
                    for block in copy:
                        buffer += block
                saved[table] = bytes(buffer)
            else:
                cursor.execute(f"SELECT * FROM {table}")
                saved[table] = cursor.fetchall()
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {names} CASCADE")
    if connection.vendor != "postgresql":
        # Rows of other tables (the submission's duplicates) name these persons: they
        # are the same rows again once the reload is done.
        with connection.constraint_checks_disabled(), connection.cursor() as cursor:
            for table in reversed(LOADED_TABLES):
                cursor.execute(f"DELETE FROM {table}")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in LOADED_TABLES:
            rows = saved[table]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(rows)
            elif rows:
                placeholders = ", ".join(["%s"] * len(rows[0]))  # type: ignore[index]
                cursor.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)
    return time.perf_counter() - started


def report(figures: dict) -> bool:
    vendor = figures["database"]
    rate = figures["rows"] / figures["seconds"]
    baseline_rate = figures["rows"] / figures["baseline_seconds"]
    ratio = figures["seconds"] / figures["baseline_seconds"]
    ok = (
        rate >= TARGET_ROWS_PER_S[vendor]
        and ratio <= TARGET_RATIO[vendor]
        and figures["peak_mb"] < TARGET_PEAK_MB
    )
    print(
        f"{vendor:>10}: {figures['rows']:,} rows "
        f"({figures['accepted']:,} accepted, {figures['duplicates']:,} duplicates, "
        f"{figures['rejected']:,} rejected)\n"
        f"{'':>12}jaring intake   {figures['seconds']:7.1f} s  {rate:10,.0f} rows/s"
        f"   (target ≥ {TARGET_ROWS_PER_S[vendor]:,})"
    )
    for name, spent in figures["stages"]:
        print(f"{'':>14}{name[:40]:<42}{spent:7.1f} s")
    print(
        f"{'':>12}then linking    {figures['linking_seconds']:7.1f} s (its own stage)\n"
        f"{'':>12}raw load, same rows into the same indexed tables"
        f"  {figures['baseline_seconds']:7.1f} s  {baseline_rate:10,.0f} rows/s"
        f"   ratio {ratio:.1f}× (target ≤ {TARGET_RATIO[vendor]:.0f}×)\n"
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
