"""``jaring report [--month YYYY-MM] [--wilayah KODE] [--pekerjaan KODE] [--program KODE]
[--pendana KODE] --out FILE``
— the monthly report as PDF or XLSX (by the file's extension), for a batch run that
sends each region its report. The same report as the dashboard's download for a user
of that region: the twelve months up to ``--month`` (default: the latest month with
BPJS figures), in Indonesian.

Exit 2 with a message for an unknown region, a malformed month, a programme or funder
the region does not see, or another extension.
"""

import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import translation

from jaring import commands
from jaring.dashboard.export import report_xlsx
from jaring.dashboard.queries import build_for_scope, parse_month
from jaring.dashboard.report import report_pdf
from jaring.wilayah.models import Tingkat, Wilayah

WRITERS = {".pdf": report_pdf, ".xlsx": report_xlsx}


class Command(commands.Command):
    help = "Laporan bulanan perlindungan pekerja rentan (PDF atau XLSX) untuk satu wilayah."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="Bulan laporan TTTT-BB (bawaan: bulan terakhir)")
        parser.add_argument(
            "--wilayah", default="", help="Kode provinsi atau kabupaten/kota (bawaan: semua)"
        )
        parser.add_argument("--pekerjaan", default="", help="Hanya satu kode pekerjaan")
        parser.add_argument("--program", default="", help="Hanya satu kode program")
        parser.add_argument("--pendana", default="", help="Hanya program pendana ini")
        parser.add_argument("--out", type=Path, required=True, help="Berkas .pdf atau .xlsx")

    def handle(self, *args, **options):
        out = Path(options["out"])
        writer = WRITERS.get(out.suffix.lower())
        if writer is None:
            raise CommandError(
                f"Berkas keluaran harus .pdf atau .xlsx, bukan {out.name!r}.", returncode=2
            )
        if not out.parent.is_dir():
            raise CommandError(f"Folder {out.parent} tidak ada.", returncode=2)
        scope = options["wilayah"].strip()
        if (
            scope
            and not Wilayah.objects.filter(
                kode=scope, tingkat__in=[Tingkat.PROVINSI, Tingkat.KABUPATEN_KOTA]
            ).exists()
        ):
            raise CommandError(
                f"Wilayah {scope!r} bukan kode provinsi atau kabupaten/kota Kemendagri "
                "(misalnya 64 atau 64.71).",
                returncode=2,
            )
        params = {name: options[name].strip() for name in ("pekerjaan", "program", "pendana")}
        if options["month"]:
            if parse_month(options["month"]) is None:
                raise CommandError(
                    f"Bulan {options['month']!r} tidak dapat dibaca; tulis TTTT-BB, "
                    "misalnya 2024-10.",
                    returncode=2,
                )
            params["sampai"] = options["month"]
        started = time.perf_counter()
        with translation.override("id"):
            dashboard = build_for_scope(scope, params)
            checked = (("pekerjaan", "Pekerjaan"), ("program", "Program"), ("pendana", "Pendana"))
            for name, what in checked:
                if params[name] and getattr(dashboard.filters, name) != params[name]:
                    raise CommandError(
                        f"{what} {params[name]!r} tidak dikenal untuk wilayah "
                        f"{dashboard.scope_name}.",
                        returncode=2,
                    )
            content = writer(dashboard)
        out.write_bytes(content)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Laporan {dashboard.region_name} bulan {dashboard.filters.sampai:%m-%Y} "
            f"ditulis ke {out} ({len(content) // 1024} KB, {seconds:.2f} detik)."
        )
