"""``jaring retensi [--dry-run] [--json]`` — apply the retention rules for personal data
(``pdp.retention``): original import files older than ``JARING_RETENSI_BERKAS_TAHUN``
years (default 5) deleted with their row-level reasons; workers never selected and not
seen for ``JARING_RETENSI_PEKERJA_TAHUN`` years (default 10) deleted, or anonymised where
a selection, strike, complaint or match refers to them. ``--dry-run`` lists what it would
do and changes nothing. Safe to run again: what was done is not found again.
"""

import json

from django.utils.translation import gettext as _

from jaring import commands
from jaring.pdp import retention

SHOWN = 20  # files listed by name; the rest counted


class Command(commands.Command):
    help = "Terapkan aturan retensi data pribadi (UU PDP); --dry-run hanya menampilkan."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Tampilkan saja, tanpa mengubah apa pun"
        )
        parser.add_argument("--json", action="store_true", help="Cetak ringkasan sebagai JSON")

    def handle(self, *args, **options):
        rencana = retention.plan()
        if not options["dry_run"]:
            retention.apply(rencana)
        summary = {**rencana.as_dict(), "dry_run": options["dry_run"]}
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        files_years, persons_years = retention.limits()
        self.stdout.write(
            _(
                "Berkas asli sebelum %(date)s (lebih dari %(years)d tahun): %(n)d berkas, "
                "%(rows)d baris alasan."
            )
            % {
                "date": f"{rencana.batas_berkas:%d-%m-%Y}",
                "years": files_years,
                "n": len(rencana.berkas),
                "rows": rencana.baris_alasan,
            }
        )
        for berkas in retention.due_files(rencana)[:SHOWN]:
            self.stdout.write(
                f"  {berkas.tanggal:%d-%m-%Y}  {berkas.jenis:<20} {berkas.nomor}  {berkas.nama}"
            )
        if len(rencana.berkas) > SHOWN:
            self.stdout.write(_("  … dan %(n)d lainnya") % {"n": len(rencana.berkas) - SHOWN})
        self.stdout.write(
            _(
                "Pekerja yang tidak pernah terpilih dan tidak terlihat sejak %(date)s (lebih dari "
                "%(years)d tahun): %(deleted)d dihapus, %(anonymous)d dianonimkan (dirujuk hasil "
                "seleksi, pengaduan atau pencocokan)."
            )
            % {
                "date": f"{rencana.batas_pekerja:%d-%m-%Y}",
                "years": persons_years,
                "deleted": len(rencana.hapus),
                "anonymous": len(rencana.anonim),
            }
        )
        self.stdout.write(
            _("Uji coba: tidak ada yang diubah.") if options["dry_run"] else _("Selesai.")
        )
