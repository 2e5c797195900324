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
            "angkatan-kerja",
            help="Impor statistik angkatan kerja BPS (CSV/XLSX, per kode BPS atau nama "
            "kabupaten/kota).",
        )
        labour.add_argument("berkas", metavar="FILE.csv")
        labour.add_argument(
            "--provinsi",
            metavar="KODE",
            help="Kode Kemendagri provinsi tempat nama kabupaten/kota dicocokkan, mis. 76 "
            "(bila tidak diisi: ditebak dari kode atau nama dalam berkas).",
        )
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
            f"Kode BPS: {_n(counts['kode_bps'])} ({_n(counts['kode_bps_ditulis'])} ditulis; "
            f"{counts['kode_bps_resmi']} dari tabel resmi, {counts['kode_bps_nama']} diturunkan "
            f"dari nama BPS, {_n(counts['kode_bps_kode'])} diasumsikan sama dengan kode "
            "Kemendagri)."
        )
        if counts["wilayah_usang"]:
            self.stdout.write(
                f"Perhatian: {_n(counts['wilayah_usang'])} kode wilayah di basis data tidak ada "
                "lagi di sumber; kode tersebut dibiarkan."
            )

    def angkatan_kerja(self, options):
        hasil = services.import_angkatan_kerja(
            options["berkas"], sumber=options["sumber"], provinsi=options.get("provinsi")
        )
        self.stdout.write(
            f"Angkatan kerja diimpor dari {options['berkas']}: {hasil.baris} baris "
            f"({hasil.ditambahkan} baru, {hasil.diperbarui} diperbarui, "
            f"{hasil.tidak_berubah} tidak berubah"
            + (f", {hasil.dilewati} baris jumlah provinsi dilewati" if hasil.dilewati else "")
            + "). Ringkasan cakupan diperbarui."
        )
        for baris, tertulis, dibaca in hasil.dibaca_mirip:
            self.stdout.write(f"  Baris {baris}: {tertulis!r} dibaca sebagai {dibaca}.")
