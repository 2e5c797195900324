"""``jaring wilayah`` — region reference data: fetch the package, load it, import statistics.

Thin: each subcommand calls one function in ``sources`` or ``services`` and turns its
Indonesian error into exit code 2, so scripts can tell bad input from a crash.
"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.formats import number_format

from jaring import commands
from jaring.wilayah import services, sources


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


class Command(commands.Command):
    help = "Data referensi wilayah: unduh paket kode Kemendagri, muat, impor angkatan kerja."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        fetch = actions.add_parser(
            "fetch",
            help=f"Unduh dan verifikasi paket {sources.PACKAGE} {sources.VERSION} (via npm).",
        )
        fetch.add_argument(
            "--from",
            dest="berkas",
            metavar="FILE.tgz",
            help="Pakai tarball yang disalin manual (jaringan tertutup) alih-alih npm.",
        )
        actions.add_parser("load", help="Muat semua wilayah Kemendagri dan peta kode BPS.")
        labour = actions.add_parser(
            "angkatan-kerja", help="Impor statistik angkatan kerja (CSV berkode BPS)."
        )
        labour.add_argument("berkas", metavar="FILE.csv")
        labour.add_argument("--sumber", default="", help="Sumber data, mis. 'BPS Sakernas 2023'.")

    def handle(self, *args, **options):
        handlers = {
            "fetch": self.fetch,
            "load": self.load,
            "angkatan-kerja": self.angkatan_kerja,
        }
        try:
            handlers[options["aksi"]](options)
        except sources.ReferenceDataError as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def fetch(self, options):
        berkas = options.get("berkas")
        result = sources.fetch(Path(berkas) if berkas else None)
        if result.fetched:
            self.stdout.write(
                f"Paket {sources.TARBALL_NAME} terverifikasi dan disimpan di {result.path}."
            )
        else:
            self.stdout.write(f"Paket {sources.TARBALL_NAME} sudah ada dan utuh di {result.path}.")

    def load(self, options):
        counts = services.load_reference_data()
        self.stdout.write(
            f"Wilayah: {_n(counts['provinsi'])} provinsi, "
            f"{_n(counts['kabupaten_kota'])} kabupaten/kota, "
            f"{_n(counts['kecamatan'])} kecamatan, "
            f"{_n(counts['desa_kelurahan'])} desa/kelurahan "
            f"({_n(counts['wilayah_baru'])} baru, {_n(counts['wilayah_diperbarui'])} diperbarui). "
            f"Kode BPS: {counts['kode_bps']} ({counts['kode_bps_ditulis']} ditulis)."
        )
        if counts["wilayah_usang"]:
            self.stdout.write(
                f"Perhatian: {_n(counts['wilayah_usang'])} kode wilayah di basis data tidak ada "
                "lagi di sumber; kode tersebut dibiarkan."
            )

    def angkatan_kerja(self, options):
        counts = services.import_angkatan_kerja(options["berkas"], sumber=options["sumber"])
        self.stdout.write(
            f"Angkatan kerja diimpor dari {options['berkas']}: {counts['baris']} baris "
            f"({counts['ditambahkan']} baru, {counts['diperbarui']} diperbarui, "
            f"{counts['tidak_berubah']} tidak berubah). Ringkasan cakupan diperbarui."
        )
