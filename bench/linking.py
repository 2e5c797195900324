"""Benchmark: linking a 1,000-row intake against a registry of 100,000+ persons.

What the background worker does after each upload (``matching.services.
link_submission``): select the registry persons that share a blocking key with the
file's new persons (SQL over the person table), score them with the linkage model,
record pairs and automatic merges. Printed next to the baseline measured in the same
run on the same file: the exact-NIK match of its rows against the registry (one SQL
join, what intake alone does). Also prints how many of the file's planted
near-duplicates (``synthetic.repeats``: mistyped NIKs, moves, twins) ended where they
should: merged, queued, kept apart.

    python bench/linking.py [--persons N] [--rows R] [--full] [--reload]
    python bench/linking.py --scale 100000,200000,400000 [--select-only]

``--scale`` times instead one large file per size against the same registry: its load,
the candidate selection (``matching.candidates.intake_records``, the SQL that picks the
registry persons sharing a blocking key with the new ones) and, unless
``--select-only``, the whole linking, each per new person beside the exact-NIK join of
the same file, and the candidate query's plan (its estimated cost, and how many
subplans it runs per row: none, or the cost is not linear).

The registry is loaded once into the PostgreSQL database ``jaring_bench_link`` (another
``--persons`` than 100,000: ``jaring_bench_link_<N>``; ``--database`` names another),
kept between runs; ``--reload`` rebuilds it. Each run's intake and linking are rolled back,
so runs are repeatable. ``--full`` also times ``jaring link`` over the whole registry
(untrained: the stored u and the hand-set m, as the registry links).

Figures on the 2-core development machine (PostgreSQL 127.0.0.1):

* 100,592 persons: linking after intake 0.40 s (1,135 persons compared) against 22 ms
  for the exact-NIK join; 33/33 mistyped NIKs merged, 31/33 moves found, 33/33 twins
  queued and never merged; ``jaring link`` over the registry 1.6 s.
* 1,006,006 persons: linking after intake 1.5 s (1,407 persons compared) against 12 ms;
  ``jaring link`` 36 s (389,527 pairs scored, 385,863 set aside by the family rule).
* ``--scale`` against the 100,592-person registry (machine shared with other jobs):

  ==========  ==============  ======  ================  ===============
  new persons exact-NIK join  load    selection         whole linking
  ==========  ==============  ======  ================  ===============
  89,010      233 ms          9 s     3.2 s (36 µs)     9.2 s (104 µs)
  178,373     194 ms          13 s    6.2 s (35 µs)     18.9 s (106 µs)
  357,968     651 ms          35 s    10.8 s (30 µs)    36.4 s (102 µs)
  900,495     1,321 ms        61 s    13.0 s (14 µs)    69.2 s (77 µs)
  ==========  ==============  ======  ================  ===============

  The plan has no subplan at any size (one hash semi-join per blocking key). The
  former single ``OR`` of ``IN (subquery)`` took 1.0 s at 89,010 new persons but had
  an estimated cost of 1.2e9 at 178,373 (against 2.2e5 now) and was cancelled after
  150 s there; after a million-row file it ran for over 7 minutes.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from intake import OUT, kept_database  # noqa: E402

DATABASE = "jaring_bench_link"


def ensure_database(reload: bool, persons: int, name: str | None = None) -> str:
    name = name or (DATABASE if persons == 100_000 else f"{DATABASE}_{persons}")
    return kept_database(name, reload=reload)


class Rollback(Exception):
    pass


def child(persons: int, rows: int, full: bool, scale: list[int], select_only: bool) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command
    from django.db import connection, transaction

    from jaring.bulk import bulk_insert
    from jaring.intake.services import intake_file
    from jaring.matching.models import CandidatePair, Merge
    from jaring.matching.services import link_registry, link_submission
    from jaring.registry.models import Person
    from jaring.registry.services import add_agency
    from jaring.synthetic.bulk import INTAKE_COLUMNS, generate
    from jaring.synthetic.repeats import near_duplicates
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        load_reference_data()
    agency = add_agency(kode="BENCH-64", nama="Bench registri", wilayah_kode="64")
    newcomer = add_agency(kode="BENCH-DINSOS", nama="Bench berkas baru", wilayah_kode="64")
    folder = Path(tempfile.mkdtemp(prefix="bench-link-"))
    # ~7% of a generated list repeats a NIK and 4% is invalid: a few more rows than
    # persons wanted.
    registry_rows = generate(round(persons / 0.89), seed=2025)
    if Person.objects.count() < persons * 0.9:
        started = time.perf_counter()
        path = folder / "registri.csv"
        registry_rows.drop("_invalid").write_csv(path)
        intake_file(path=path, agency=agency)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"registry loaded in {time.perf_counter() - started:.0f}s")
    golden = Person.objects.golden().count()
    if scale:
        _scale(golden, scale, select_only, folder, newcomer)
        return

    # The file: new workers, and near-duplicates of registry persons (about one in ten).
    planted = {"ketik": rows // 30, "pindah": rows // 30, "kembar": rows // 30}
    extra = near_duplicates(registry_rows, seed=7, counts=planted)
    fresh = generate(rows * 2, seed=99).filter(pl.col("_invalid").is_null())
    fresh = fresh.head(rows - extra.height).select(INTAKE_COLUMNS)
    upload = pl.concat([fresh, extra.select(INTAKE_COLUMNS)])
    path = folder / "berkas.csv"
    upload.write_csv(path)

    # Baseline: the file's NIKs matched exactly against the registry, in SQL.
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_nik (nik varchar(16)) ON COMMIT DROP")
        bulk_insert("bench_nik", ["nik"], upload.select("nik"))
        cursor.execute("SELECT count(*) FROM bench_nik b JOIN registry_person p ON p.nik = b.nik")
        exact = cursor.fetchone()[0]
    baseline = time.perf_counter() - started

    try:
        with transaction.atomic():
            started = time.perf_counter()
            result = intake_file(path=path, agency=newcomer)
            load_seconds = time.perf_counter() - started
            started = time.perf_counter()
            run = link_submission(result.submission)
            link_seconds = time.perf_counter() - started
            outcome = _planted_outcome(extra, Person, CandidatePair, Merge)
            raise Rollback
    except Rollback:
        pass

    rows_out = [
        ("registry (golden persons)", f"{golden:,}", ""),
        ("file rows", f"{upload.height:,}", f"({result.accepted:,} new persons, "
         f"{result.duplicates:,} exact-NIK duplicates)"),
        ("baseline: exact-NIK join", f"{baseline * 1000:,.0f} ms", f"({exact:,} matches)"),
        ("intake load (for scale)", f"{load_seconds:,.1f} s", ""),
        ("linking after intake", f"{link_seconds:,.2f} s",
         f"{link_seconds / baseline:,.0f}× the exact-NIK join"),
        ("  persons compared", f"{run.persons:,}", "(new persons + registry candidates)"),
        ("  pairs scored", f"{run.scored_pairs:,}",
         f"({run.set_aside:,} set aside: family rule, nothing shared but the NIK's digits)"),
        ("  pairs recorded", f"{run.new_pairs:,}",
         f"({run.merged:,} merged, {run.queued:,} queued; model trained: {run.trained})"),
        ("planted mistyped NIKs", f"{outcome['ketik']}", "merged automatically"),
        ("planted moves", f"{outcome['pindah']}", "found (queued or merged)"),
        ("planted twins", f"{outcome['kembar']}", "queued, never merged"),
    ]  # fmt: skip
    for name, value, note in rows_out:
        print(f"{name:>28}  {value:>12}  {note}")
    if full:
        try:
            with transaction.atomic():
                started = time.perf_counter()
                whole = link_registry()
                seconds = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
        print(
            f"{'jaring link (whole registry)':>28}  {seconds:>10,.1f} s  "
            f"({whole.persons:,} persons, {whole.scored_pairs:,} pairs scored, "
            f"{whole.set_aside:,} set aside, {whole.merged:,} merged, {whole.queued:,} queued)"
        )


def _scale(golden: int, sizes: list[int], select_only: bool, folder: Path, agency) -> None:
    """One file of ``size`` new workers per size, loaded, selected and linked, then
    rolled back (and the dead rows vacuumed, so each size scans the same registry)."""
    import polars as pl
    from django.db import connection, transaction

    from jaring.bulk import bulk_insert
    from jaring.intake.services import intake_file
    from jaring.matching import candidates
    from jaring.matching.services import link_submission
    from jaring.synthetic.bulk import INTAKE_COLUMNS, generate

    print(f"registry: {golden:,} golden persons; per new person in µs")
    print(f"{'new persons':>12} {'exact-NIK join':>15} {'load':>8} {'selection':>18} "
          f"{'compared':>10} {'linking':>18} {'plan cost':>10} {'subplans':>8}")  # fmt: skip
    for size in sizes:
        upload = generate(round(size / 0.95), seed=size)
        upload = upload.filter(pl.col("_invalid").is_null()).head(size).select(INTAKE_COLUMNS)
        path = folder / f"baru-{size}.csv"
        upload.write_csv(path)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE bench_nik (nik varchar(16)) ON COMMIT DROP")
            bulk_insert("bench_nik", ["nik"], upload.select("nik"))
            cursor.execute(
                "SELECT count(*) FROM bench_nik b JOIN registry_person p ON p.nik = b.nik"
            )
            cursor.fetchone()
        baseline = time.perf_counter() - started
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = intake_file(path=path, agency=agency)
                load = time.perf_counter() - started
                submission = result.submission
                with connection.cursor() as cursor:
                    candidates.new_persons(cursor, submission.pk)
                    cursor.execute(f"EXPLAIN {candidates.candidate_query()}")
                    plan = [line for (line,) in cursor.fetchall()]
                    cursor.execute(f"DROP TABLE {candidates.NEW}")
                started = time.perf_counter()
                records, new_ids = candidates.intake_records(submission.pk)
                selection = time.perf_counter() - started
                new, compared = len(new_ids), records.height
                del records, new_ids
                linking = None
                if not select_only:
                    started = time.perf_counter()
                    link_submission(submission)
                    linking = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
        cost = plan[0].split("..", 1)[1].split(" ", 1)[0]
        subplans = sum("SubPlan" in line for line in plan)
        per = _per_person(new)
        print(f"{new:>12,} {baseline * 1000:>12,.0f} ms {load:>6.0f} s {per(selection):>18} "
              f"{compared:>10,} {per(linking) if linking else '—':>18} {cost:>10} "
              f"{subplans:>8}", flush=True)  # fmt: skip
    print("plan of the last size:")
    print("\n".join(plan))


def _per_person(count: int):
    def per(seconds: float) -> str:
        return f"{seconds:6.1f} s {seconds / count * 1e6:6.1f} µs"

    return per


def _planted_outcome(extra, Person, CandidatePair, Merge) -> dict[str, str]:
    """Per kind, how many planted rows ended as intended, out of how many."""
    from django.db.models import Q

    ids = dict(Person.objects.filter(nik__in=extra["nik"].to_list()).values_list("nik", "pk"))
    origin = dict(Person.objects.filter(nik__in=extra["_asal"].to_list()).values_list("nik", "pk"))
    counts = {}
    for kind in ("ketik", "pindah", "kembar"):
        rows = extra.filter(extra["_jenis"] == kind).select("nik", "_asal").rows()
        good = 0
        for nik, asal in rows:
            a, b = ids.get(nik), origin.get(asal)
            if a is None or b is None:
                continue
            pair = CandidatePair.objects.filter(Q(person_a=min(a, b), person_b=max(a, b))).first()
            merged = Merge.objects.filter(
                Q(survivor=a, merged=b) | Q(survivor=b, merged=a), undone_at__isnull=True
            ).exists()
            if kind == "ketik":
                good += merged
            elif kind == "pindah":
                good += pair is not None
            else:
                good += pair is not None and not merged
        counts[kind] = f"{good}/{len(rows)}"
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--database", help="the kept PostgreSQL database to use")
    parser.add_argument("--scale", help="comma-separated sizes of new-person files to time instead")
    parser.add_argument("--select-only", action="store_true")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        scale = [int(n) for n in args.scale.split(",")] if args.scale else []
        child(args.persons, args.rows, args.full, scale, args.select_only)
        return
    var = OUT / "var-link"
    var.mkdir(parents=True, exist_ok=True)
    if not (var / "reference").exists():
        (var / "reference").symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    url = ensure_database(args.reload, args.persons, args.database)
    env = dict(os.environ, DATABASE_URL=url, JARING_VAR_DIR=str(var))
    command = [sys.executable, __file__, "--child", "--persons", str(args.persons),
               "--rows", str(args.rows)] + (["--full"] if args.full else [])  # fmt: skip
    if args.scale:
        command += ["--scale", args.scale] + (["--select-only"] if args.select_only else [])
    subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
