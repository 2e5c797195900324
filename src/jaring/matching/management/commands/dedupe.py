"""``jaring dedupe FILE.csv --out CLUSTERS.csv [--json]`` — who is the same worker.

Reads a list with the columns ``record_id, nik, nama, tanggal_lahir, jenis_kelamin,
kode_wilayah, alamat, no_hp, pekerjaan`` (only ``record_id`` required), links the
records (``jaring.matching.linkage``) and writes ``record_id,cluster_id`` for every
record, singletons included. Needs no database. Exit 2 with a message for a file
that cannot be processed.
"""

import json
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from jaring import commands, exports
from jaring.matching.linkage import dedupe
from jaring.matching.linkage.io import UnusableFile, read_records


class Command(commands.Command):
    help = "Kelompokkan catatan pekerja yang merupakan orang yang sama (tanpa basis data)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--out", type=Path, required=True, help="Berkas CSV hasil")
        parser.add_argument("--json", action="store_true", help="Cetak ringkasan sebagai JSON")

    def handle(self, *args, **options):
        started = time.perf_counter()
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path}, returncode=2)
        try:
            records = read_records(path)
        except UnusableFile as exc:
            raise CommandError(
                _("Berkas tidak dapat diproses: %(error)s") % {"error": exc}, returncode=2
            ) from exc
        clusters = dedupe(records).clusters
        exports.write_csv(clusters, options["out"], bom=False)
        summary = {
            "records": clusters.height,
            "clusters": clusters.get_column("cluster_id").n_unique(),
            "seconds": round(time.perf_counter() - started, 3),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            _("%(records)d catatan, %(clusters)d orang (kelompok), %(seconds).1f detik → %(out)s")
            % {**summary, "out": options["out"]}
        )
