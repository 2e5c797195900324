"""Benchmark: registry pages with 1,000,000 persons on PostgreSQL.

Prints the p95 latency of each page (the real view, middleware and template, through
Django's test client in-process) next to the same query run as raw SQL in the same
run. Targets: pages p95 < 300 ms, NIK lookup p95 < 50 ms.

    python bench/web.py [--rows N] [--samples K]

Loads the generated list of bench/intake.py into a throwaway database
``jaring_bench_web`` once (kept between runs; ``--reload`` to rebuild).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from intake import (  # noqa: E402
    OUT,
    generate,
    kept_database,
    prepared_registry,
    signed_in,
    whole_list_limits,
)

DATABASE = "jaring_bench_web"
TARGET_PAGE_MS = 300
TARGET_NIK_MS = 50


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def child(csv_path: Path, samples: int) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from jaring.accounts.models import Role, User
    from jaring.core.names import search_key_one
    from jaring.registry.models import Person

    prepared_registry(csv_path)
    print(f"registry: {Person.objects.count():,} persons")
    manager, _ = User.objects.get_or_create(
        username="bench.pengelola", defaults={"role": Role.MANAGER, "wilayah_id": "64"}
    )
    client = Client()
    signed_in(client, manager)
    rng = random.Random(7)
    people = list(Person.objects.order_by("?").values_list("id", "nik", "nama")[: samples * 2])
    niks = [nik for _, nik, _ in people[:samples]]
    names = [_misspell(nama, rng) for _, _, nama in people[samples:]]
    ids = [pk for pk, _, _ in people[:samples]]

    def page(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return (time.perf_counter() - started) * 1000

    def sql(statement: str, params: list) -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    columns = "id, nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah, pekerjaan"
    rows = [
        (
            "NIK lookup",
            TARGET_NIK_MS,
            [page(f"/pekerja/?q={nik}") for nik in niks],
            [sql(f"SELECT {columns} FROM registry_person WHERE nik = %s", [nik]) for nik in niks],
        ),
        (
            "name search (misspelt)",
            TARGET_PAGE_MS,
            [page(f"/pekerja/?q={name}") for name in names],
            [
                sql(
                    f"SELECT {columns} FROM registry_person WHERE "
                    + " AND ".join(["nama_kunci LIKE %s"] * len(search_key_one(name).split()))
                    + " ORDER BY nama, id LIMIT 50",
                    [f"%{w}%" for w in search_key_one(name).split()],
                )
                for name in names
            ],
        ),
        (
            "list page (first pages)",
            TARGET_PAGE_MS,
            [page(f"/pekerja/?page={rng.randint(1, 20)}") for _ in range(samples)],
            [
                sql(
                    f"SELECT {columns} FROM registry_person WHERE kode_wilayah LIKE '64.%%' "
                    "ORDER BY nama, id LIMIT 50 OFFSET %s",
                    [rng.randint(0, 19) * 50],
                )
                for _ in range(samples)
            ],
        ),
        (
            "list filtered (regency + occupation)",
            TARGET_PAGE_MS,
            [page("/pekerja/?wilayah=64.72&pekerjaan=nelayan") for _ in range(samples)],
            [
                sql(
                    f"SELECT {columns} FROM registry_person WHERE kode_wilayah LIKE '64.72.%%' "
                    "AND pekerjaan = 'nelayan' ORDER BY nama, id LIMIT 50",
                    [],
                )
                for _ in range(samples)
            ],
        ),
        (
            "home (province manager)",
            TARGET_PAGE_MS,
            [page("/") for _ in range(samples)],
            [
                sql(
                    "SELECT substr(kode_wilayah, 1, 5), count(*) FROM registry_person "
                    "WHERE kode_wilayah LIKE '64.%%' GROUP BY 1",
                    [],
                )
                for _ in range(samples)
            ],
        ),
        (
            "person detail",
            TARGET_PAGE_MS,
            [page(f"/pekerja/{pk}/") for pk in ids],
            [sql(f"SELECT {columns} FROM registry_person WHERE id = %s", [pk]) for pk in ids],
        ),
    ]
    print(f"{'page':<40}{'p95 page':>12}{'p95 raw SQL':>14}{'target':>10}")
    for label, target, page_ms, sql_ms in rows:
        verdict = "OK" if p95(page_ms) < target else "ABOVE TARGET"
        print(f"{label:<40}{p95(page_ms):>9.1f} ms{p95(sql_ms):>11.1f} ms{target:>7} ms  {verdict}")


def _misspell(name: str, rng: random.Random) -> str:
    """A clerk's variant: one vowel changed or doubled, as in Muhamad/Muhammad."""
    letters = list(name)
    vowels = [i for i, c in enumerate(letters) if c.lower() in "aiueo"]
    if vowels:
        i = rng.choice(vowels[1:] or vowels)
        letters[i] = letters[i] * 2
    return "".join(letters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # About 10% of a generated list are repeats or mistakes: 1.12M rows give the
    # registry its million persons.
    parser.add_argument("--rows", type=int, default=1_120_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.samples)
        return
    csv_path = generate(args.rows, args.seed)
    env = dict(
        os.environ,
        DATABASE_URL=kept_database(DATABASE, reload=args.reload),
        JARING_VAR_DIR=str(OUT / "var-web"),
        JARING_SHEET_LIMITS=whole_list_limits(args.rows),
        JARING_ALLOWED_HOSTS="testserver",
        # Speed is measured here, not the per-user limit on NIK searches (60 in ten
        # minutes), which a second run within ten minutes would reach.
        JARING_NIK_SEARCH_LIMIT="1000000",
    )
    (OUT / "var-web").mkdir(parents=True, exist_ok=True)
    reference = OUT / "var-web" / "reference"
    if not reference.exists():
        reference.symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    subprocess.run(
        [sys.executable, __file__, "--child", str(csv_path), "--samples", str(args.samples)],
        env=env,
        check=True,
    )


if __name__ == "__main__":
    main()
