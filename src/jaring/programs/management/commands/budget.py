"""``jaring budget --workers N --months M [--income RUPIAH] [--json]``."""

import json

from django.core.management.base import CommandError
from django.db.utils import DatabaseError

from jaring import commands
from jaring.core.money import rupiah
from jaring.programs.services import budget
from jaring.programs.tariffs import NoTariff


class Command(commands.Command):
    help = "Hitung anggaran iuran BPU (JKK + JKM) untuk sejumlah pekerja dan bulan."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, required=True, help="jumlah pekerja")
        parser.add_argument("--months", type=int, required=True, help="jumlah bulan")
        parser.add_argument("--income", type=int, help="penghasilan yang dilaporkan (Rp/bulan)")
        parser.add_argument("--jht", action="store_true", help="sertakan JHT sukarela")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            result = budget(
                workers=options["workers"],
                months=options["months"],
                income=options["income"],
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
        if options["json"]:
            payload = {"per_worker_month": result.per_worker_month, "total": result.total}
            self.stdout.write(json.dumps(payload))
            return
        iuran = result.iuran
        self.stdout.write(
            f"Tarif berlaku sejak {result.tarif_sejak:%d-%m-%Y}; "
            f"penghasilan dasar {rupiah(iuran.penghasilan_dasar)} per bulan"
        )
        for name, amount in (("JKK", iuran.jkk), ("JKM", iuran.jkm), ("JHT", iuran.jht)):
            if amount:
                self.stdout.write(f"  {name}: {rupiah(amount)} per pekerja per bulan")
        self.stdout.write(f"Iuran per pekerja per bulan: {rupiah(result.per_worker_month)}")
        self.stdout.write(
            f"Total {result.workers:,} pekerja × {result.months} bulan: "
            f"{rupiah(result.total)}".replace(",", ".")
        )
