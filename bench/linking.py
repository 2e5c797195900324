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

The registry is loaded once into the PostgreSQL database ``jaring_bench_link`` (another
``--persons`` than 100,000: ``jaring_bench_link_<N>``), kept between runs; ``--reload``
rebuilds it. Each run's intake and linking are rolled back,
so runs are repeatable. ``--full`` also times ``jaring link`` over the whole registry
(with the built-in parameters, as the registry links).

Figures on the 2-core development machine (PostgreSQL 127.0.0.1):

* 100,592 persons: linking after intake 0.40 s (1,135 persons compared) against 22 ms
  for the exact-NIK join; 33/33 mistyped NIKs merged, 31/33 moves found, 33/33 twins
  queued and never merged; ``jaring link`` over the registry 1.6 s.
* 1,006,006 persons: linking after intake 1.5 s (1,407 persons compared) against 12 ms;
  ``jaring link`` 36 s (389,527 pairs scored, 385,863 set aside by the family rule).
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


def ensure_database(reload: bool, persons: int) -> str:
    return kept_database(DATABASE if persons == 100_000 else f"{DATABASE}_{persons}", reload=reload)


class Rollback(Exception):
    pass


def child(persons: int, rows: int, full: bool) -> None:
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
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.persons, args.rows, args.full)
        return
    var = OUT / "var-link"
    var.mkdir(parents=True, exist_ok=True)
    if not (var / "reference").exists():
        (var / "reference").symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    url = ensure_database(args.reload, args.persons)
    env = dict(os.environ, DATABASE_URL=url, JARING_VAR_DIR=str(var))
    command = [sys.executable, __file__, "--child", "--persons", str(args.persons),
               "--rows", str(args.rows)] + (["--full"] if args.full else [])  # fmt: skip
    subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
