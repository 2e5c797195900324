"""Benchmark: the SK beneficiary attachment (PDF and XLSX) for large lists.

Builds a registry from the generated intake list (bench/intake.py's generator, loaded by
the real intake), then for each size a province programme selected, verified, approved
and decreed through the real services, and times what a download does: reading the list
(``documents.build``), drawing the PDF, writing the XLSX. Baseline in the same run: the
same rows read and written as plain CSV (Polars), the least any export can cost.

    python bench/sk_documents.py [--sizes 10000,100000] [--rows N]

Target: a 100,000-person attachment in under 30 s per file, so it can be downloaded
directly instead of through a background job. PostgreSQL only (the throwaway database
``jaring_bench_sk``).
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from intake import OUT, generate, kept_database  # noqa: E402

DATABASE = "jaring_bench_sk"
TARGET_SECONDS = 30


def child(csv_path: Path, sizes: list[int]) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    import datetime as dt

    import pypdfium2 as pdfium
    from django.core.management import call_command

    from jaring.accounts.models import Role, User
    from jaring.bulk import read_frame
    from jaring.intake.services import intake_file
    from jaring.programs import documents, services
    from jaring.programs.models import Alokasi, Program
    from jaring.programs.selection import run_selection
    from jaring.registry.models import Person
    from jaring.registry.services import add_agency
    from jaring.wilayah.queries import kabupaten_kota
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    started = time.perf_counter()
    intake_file(path=csv_path, agency=add_agency(kode="BENCH", nama="Bench", wilayah_kode="64"))
    persons = Person.objects.count()
    print(f"registry: {persons:,} persons loaded in {time.perf_counter() - started:.0f}s")
    admin = User.objects.create_superuser("bench.admin", "b@example.org", None, role=Role.ADMIN)

    print(
        f"{'persons':>9}{'read':>8}{'PDF':>8}{'pages':>7}{'PDF MB':>8}{'XLSX':>8}{'XLSX MB':>9}"
        f"{'CSV baseline':>14}  target < {TARGET_SECONDS}s per file"
    )
    for year, size in enumerate(sizes, start=2030):
        program = Program(
            kode=f"BENCH-{size}", nama=f"Bench {size}", dasar_hukum_jenis="pergub",
            dasar_hukum_nomor="1", wilayah_id="64", bulan_mulai=dt.date(year, 1, 1),
            jumlah_bulan=12, kuota_total=size, alokasi=Alokasi.PROPORSIONAL_ELIGIBLE,
            kecualikan_peserta_aktif=False, kecualikan_program_lain=False,
        )  # fmt: skip
        services.save_program(user=admin, program=program)
        run_selection(program, user=admin)
        for regency in kabupaten_kota("64"):
            services.verify_region(user=admin, program=program, kode=regency.kode)
        services.approve(user=admin, program=program)
        services.issue_decree(
            user=admin, program=program, nomor_sk=f"BENCH/{size}", tanggal_sk=dt.date.today(),
            tempat="Samarinda", jabatan="Gubernur Kalimantan Timur", nama="Bench",
        )  # fmt: skip
        program.refresh_from_db()

        t0 = time.perf_counter()
        lampiran = documents.build(program, admin)
        t1 = time.perf_counter()
        pdf = documents.pdf(lampiran)
        t2 = time.perf_counter()
        xlsx = documents.xlsx(lampiran)
        t3 = time.perf_counter()
        source = services.active_beneficiaries(program).order_by("kode_kabupaten", "nomor_urut")
        frame = read_frame(source.values_list(*documents.ROW_FIELDS), documents.ROW_SCHEMA)
        frame.write_csv(io.BytesIO())
        t4 = time.perf_counter()
        pages = len(pdfium.PdfDocument(pdf))
        slowest = max(t2 - t1, t3 - t2) + (t1 - t0)
        verdict = "OK" if slowest < TARGET_SECONDS else "ABOVE TARGET"
        assert frame.height == lampiran.total_orang
        print(
            f"{lampiran.total_orang:>9,}{t1 - t0:>7.1f}s{t2 - t1:>7.1f}s{pages:>7,}"
            f"{len(pdf) / 1e6:>8.1f}{t3 - t2:>7.1f}s{len(xlsx) / 1e6:>9.1f}{t4 - t3:>13.2f}s  "
            f"{verdict}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rows", type=int, default=0, help="intake rows (default: enough)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.child:
        child(args.child, sizes)
        return
    # About 10% of a generated list are repeats or mistakes.
    rows = args.rows or max(sizes) * 112 // 100
    csv_path = generate(rows, args.seed)
    var_dir = OUT / "var-sk"
    var_dir.mkdir(parents=True, exist_ok=True)
    reference = var_dir / "reference"
    if not reference.exists():
        reference.symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    env = dict(
        os.environ, DATABASE_URL=kept_database(DATABASE, reload=True), JARING_VAR_DIR=str(var_dir)
    )
    subprocess.run(
        [sys.executable, __file__, "--child", str(csv_path), "--sizes", args.sizes],
        env=env,
        check=True,
    )


if __name__ == "__main__":
    main()
