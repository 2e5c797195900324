"""``jaring coverage import FILE [--sumber TEXT]`` — BPJS participants per regency/city,
segment and month; then the dashboard summaries are rebuilt.

Exit 2 with every bad row listed when the file cannot be imported (nothing is written).
"""

from django.core.management.base import CommandError

from jaring import commands
from jaring.dashboard.services import CoverageFileError, import_coverage


class Command(commands.Command):
    help = "Jumlah peserta BPJS per kabupaten/kota, segmen dan bulan: impor dari laporan BPJS."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        load = actions.add_parser(
            "import", help="Impor jumlah peserta (CSV/XLSX: kode_wilayah, bulan, segmen, peserta)."
        )
        load.add_argument("file", metavar="FILE")
        load.add_argument(
            "--sumber", default="", help="Sumber data, mis. 'BPJS Kanwil Kalimantan'."
        )

    def handle(self, *args, **options):
        try:
            counts = import_coverage(options["file"], sumber=options["sumber"])
        except CoverageFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"Jumlah peserta diimpor dari {options['file']}: {counts['baris']} baris "
            f"({counts['ditambahkan']} baru, {counts['diperbarui']} diperbarui, "
            f"{counts['tidak_berubah']} tidak berubah). Ringkasan cakupan diperbarui."
        )
