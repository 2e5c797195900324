"""Benchmark: deduplicate generated listings with Jaring and with Splink as its
documentation sets up a deduplication, on the same data, at 10,000, 100,000 and
1,000,000 records.

Generates the project's held-out linkage data (``jaring.synthetic.linkage``: the same
workers listed by several offices with NIK, name and date damage, plus twins, spouses
and namesakes) and writes it as the CSV `jaring dedupe` reads. Then, per size:

* **Jaring**: `jaring dedupe FILE --out CLUSTERS` as a user runs it, timed from process
  start to clusters written (Python start, imports, reading, training with the stored
  u-probabilities, scoring, clustering).
* **Splink, its documented deduplication example** adapted to these columns: blocking
  on NIK, name + birth date and birth date + district; ``NameComparison``,
  ``DateOfBirthComparison``, ``ExactMatch`` (NIK, sex, region with term frequencies);
  λ from a deterministic rule, u from 1,000,000 random pairs, EM on two blocking rules,
  clusters at 0.95 — the same DuckDB backend, run as a child process of this script on
  the same CSV, timed the same way.
* **exact NIK**, the baseline: records with the same NIK are one person.
* with ``--engine spark``, also **Jaring on Spark** (`jaring dedupe --engine spark`, local
  mode on this machine's cores; ``make install-spark``) and the pairwise F1 between its
  clusters and DuckDB's (bar ≥ 0.999). Its peak memory and CPU are the Python driver's:
  the JVM Spark starts is not a child the bench can wait for (its heap is capped by
  ``spark_driver_memory``).

Each tool runs in its own child process so that its peak memory (the child's
``ru_maxrss`` from ``os.wait4``) is its own. Prints seconds, peak memory, pairwise
precision, recall and F1 against the truth. Bars for Jaring: 10,000 records in under
3 s; 1,000,000 in under 45 s and 3 GB; precision ≥ 0.99 and F1 ≥ 0.98 at every size.

    python bench/matching.py [--sizes 10000,100000,1000000] [--seed S] [--no-peer]
                             [--engine spark]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
JARING = Path(sys.executable).parent / "jaring"

TARGET_SMALL_SECONDS = 3  # 10,000 records, process start to clusters written
TARGET_LARGE_SECONDS = 45  # 1,000,000 records
TARGET_LARGE_PEAK_MB = 3072
TARGET_PRECISION = 0.99
TARGET_F1 = 0.98
TARGET_SPARK_AGREEMENT = 0.999  # pairwise F1 between Spark's clusters and DuckDB's


def run_child(command: list[str]) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak MB) of one child process, which must succeed. The CPU
    seconds (user + system) say what the run cost when other work shares the machine."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with exit {child.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def splink_documented(records_csv: Path, out: Path) -> None:
    """Splink's deduplication example (its documentation's "fake_1000" tutorial:
    NameComparison, DateOfBirthComparison, ExactMatch with term frequencies, u from
    1e6 random pairs, EM on two blocking rules, clusters at 0.95) on these columns."""
    import polars as pl
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pl.read_csv(records_csv, infer_schema=False).rename({"record_id": "unique_id"})
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ExactMatch("nik"),
            cl.NameComparison("nama"),
            cl.DateOfBirthComparison("tanggal_lahir", input_is_string=True),
            cl.ExactMatch("jenis_kelamin"),
            cl.ExactMatch("kode_wilayah").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("nama", "tanggal_lahir"),
            block_on("tanggal_lahir", "kode_wilayah"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame.to_arrow(), dataset_display_name="records"), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "tanggal_lahir")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("tanggal_lahir"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95)
    (
        clusters.as_duckdbpyrelation()
        .pl()
        .select(pl.col("unique_id").alias("record_id"), "cluster_id")
        .write_csv(out)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--no-peer", action="store_true", help="Jaring and the baseline only")
    parser.add_argument("--engine", choices=["spark"], help="also Jaring on Spark")
    parser.add_argument("--child-generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-splink", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--records", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_splink:
        splink_documented(*args.child_splink)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    import polars as pl

    from jaring.matching.evaluation import exact_nik_clusters, pairwise_scores
    from jaring.synthetic.linkage import generate

    if args.child_generate:
        generate(args.records, seed=args.seed).write_parquet(args.child_generate)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    rows, agreements, ok = [], [], True
    for size in sizes:
        cached = OUT / f"linkage-{size}-{args.seed}.parquet"
        if not cached.exists():
            OUT.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [sys.executable, __file__, "--records", str(size), "--seed", str(args.seed),
                 "--child-generate", str(cached)],
                check=True,
            )  # fmt: skip
        truth = pl.read_parquet(cached)
        baseline = pairwise_scores(exact_nik_clusters(truth), truth.get_column("_person"))
        rows.append((size, "exact NIK", None, None, None, baseline))
        with tempfile.TemporaryDirectory() as folder:
            records = Path(folder) / "records.csv"
            truth.drop("_person").write_csv(records)
            tools = [("Jaring", [str(JARING), "dedupe", str(records), "--out"])]
            if args.engine == "spark":
                tools.append(
                    ("Jaring (Spark)",
                     [str(JARING), "dedupe", str(records), "--engine", "spark", "--out"])
                )  # fmt: skip
            if not args.no_peer:
                tools.append(
                    ("Splink (docs)", [sys.executable, __file__, "--child-splink", str(records)])
                )
            found: dict[str, pl.Series] = {}
            for name, command in tools:
                out = Path(folder) / f"{name.replace(' ', '_')}.csv"
                seconds, cpu, peak_mb = run_child([*command, str(out)])
                clusters = truth.select("record_id", "_person").join(
                    pl.read_csv(out, infer_schema=False), on="record_id", how="left"
                )
                assert clusters["cluster_id"].null_count() == 0, f"{name}: a record lost"
                scores = pairwise_scores(clusters["cluster_id"], clusters["_person"])
                rows.append((size, name, seconds, cpu, peak_mb, scores))
                found[name] = clusters["cluster_id"]
                if name == "Jaring":
                    ok &= scores.precision >= TARGET_PRECISION and scores.f1 >= TARGET_F1
                    if size <= 10_000:
                        ok &= seconds < TARGET_SMALL_SECONDS
                    if size >= 1_000_000:
                        ok &= seconds < TARGET_LARGE_SECONDS and peak_mb < TARGET_LARGE_PEAK_MB
            if "Jaring (Spark)" in found:
                between = pairwise_scores(found["Jaring (Spark)"], found["Jaring"])
                agreements.append((size, between.f1))
                ok &= between.f1 >= TARGET_SPARK_AGREEMENT
    print(f"{'records':>10}  {'tool':<16}{'seconds':>9}{'CPU s':>8}{'peak MB':>9}"
          f"{'precision':>11}{'recall':>8}{'F1':>8}")  # fmt: skip
    for size, name, seconds, cpu, peak_mb, scores in rows:
        timing = f"{seconds:>9.1f}{cpu:>8.1f}{peak_mb:>9,.0f}" if seconds is not None else " " * 26
        print(f"{size:>10,}  {name:<16}{timing}{scores.precision:>11.4f}"
              f"{scores.recall:>8.4f}{scores.f1:>8.4f}")  # fmt: skip
    for size, f1 in agreements:
        print(f"{size:>10,}  Spark's clusters against DuckDB's: pairwise F1 {f1:.5f}"
              f" (bar ≥ {TARGET_SPARK_AGREEMENT})")  # fmt: skip
    print(
        f"bars (Jaring): 10,000 < {TARGET_SMALL_SECONDS} s; 1,000,000 < {TARGET_LARGE_SECONDS} s"
        f" and {TARGET_LARGE_PEAK_MB} MB; precision ≥ {TARGET_PRECISION}, F1 ≥ {TARGET_F1}: "
        + ("all met" if ok else "SOME NOT MET")
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
