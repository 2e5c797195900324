"""``jaring agency add|list`` — agencies (OPD, Dinsos, Pokmas…) that submit lists."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from jaring import commands
from jaring.registry.models import Agency, AgencyKind
from jaring.registry.services import add_agency


class Command(commands.Command):
    help = "Kelola instansi pengaju daftar pekerja."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Tambah atau perbarui instansi.")
        add.add_argument("--code", required=True, help="Kode instansi, mis. DKP-6471")
        add.add_argument("--name", required=True, help="Nama instansi")
        add.add_argument(
            "--region", required=True, help="Kode wilayah provinsi/kab/kota, mis. 64.71"
        )
        add.add_argument("--kind", default=AgencyKind.OPD, choices=AgencyKind.values)
        sub.add_parser("list", help="Daftar instansi.")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for agency in Agency.objects.select_related("wilayah"):
                self.stdout.write(f"{agency.kode}\t{agency.nama}\t{agency.wilayah}")
            return
        try:
            agency = add_agency(
                kode=options["code"],
                nama=options["name"],
                wilayah_kode=options["region"],
                jenis=options["kind"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from exc
        self.stdout.write(f"Instansi {agency.kode} ({agency.nama}, {agency.wilayah}) tersimpan.")
