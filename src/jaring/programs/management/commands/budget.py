"""``jaring budget --workers N --months M [--income RUPIAH] [--pendana KODE]
[--pekerjaan KODE] [--mulai YYYY-MM] [--jht] [--json]``.

The plan month by month under the tariff rules (``programs.services.plan``): each month
at the base rate and adjustments in force then, for the funder and the occupation's
sector given. ``--json`` prints ``{"per_worker_month": <first month>, "total": <all
workers, all months>, "months": [{"bulan": "YYYY-MM", "per_worker": n}, ...]}``."""

import json
from decimal import Decimal

from django.core.management.base import CommandError
from django.db.utils import DatabaseError

from jaring import commands
from jaring.commands import month_arg
from jaring.core.money import rupiah
from jaring.programs.models import Pendana
from jaring.programs.services import plan
from jaring.programs.tariffs import NoTariff


class Command(commands.Command):
    help = "Hitung anggaran iuran BPU per bulan menurut aturan tarif yang berlaku."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, required=True, help="jumlah pekerja")
        parser.add_argument("--months", type=int, required=True, help="jumlah bulan")
        parser.add_argument("--income", type=int, help="penghasilan yang dilaporkan (Rp/bulan)")
        parser.add_argument(
            "--pendana",
            default=Pendana.APBD_PROVINSI.value,
            help=f"pembayar iuran: {', '.join(Pendana.values)} (bawaan apbd_provinsi)",
        )
        parser.add_argument("--pekerjaan", help="kode pekerjaan (menentukan sektornya)")
        parser.add_argument("--mulai", help="bulan pertama TTTT-BB (bawaan: Januari depan)")
        parser.add_argument("--jht", action="store_true", help="sertakan JHT sukarela")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options["pendana"] not in Pendana.values:
            raise CommandError(
                f"Pendana {options['pendana']!r} tidak dikenal; pilih salah satu dari "
                f"{', '.join(Pendana.values)}.",
                returncode=2,
            )
        try:
            result = plan(
                workers=options["workers"],
                months=options["months"],
                income=options["income"],
                shares={options["pendana"]: Decimal(100)},
                pekerjaan=options["pekerjaan"],
                mulai=month_arg(options["mulai"]) if options["mulai"] else None,
                with_jht=options["jht"],
            )
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except NoTariff as exc:
            raise CommandError(f"{exc} Jalankan 'jaring init'.", returncode=2) from exc
        except DatabaseError as exc:
            raise CommandError(
                "Basis data belum disiapkan; jalankan 'jaring init' lebih dulu.", returncode=2
            ) from exc
        months = [{"bulan": f"{m.bulan:%Y-%m}", "per_worker": m.per_worker} for m in result.months]
        if options["json"]:
            payload = {
                "per_worker_month": result.per_worker_month,
                "total": result.total,
                "months": months,
            }
            self.stdout.write(json.dumps(payload))
            return
        for month in result.months:
            relieved = any(line.keringanan for line in month.lines.values())
            self.stdout.write(
                f"  {month.bulan:%m/%Y}: {rupiah(month.per_worker)} per pekerja"
                + (" (dengan keringanan)" if relieved else "")
            )
        for adjustment in result.adjustments():
            self.stdout.write(f"Keringanan menurut {adjustment.dasar_hukum}")
        self.stdout.write(f"Iuran per pekerja, bulan pertama: {rupiah(result.per_worker_month)}")
        self.stdout.write(
            f"Total {result.workers:,} pekerja × {len(result.months)} bulan: "
            f"{rupiah(result.total)}".replace(",", ".")
        )
