"""``jaring dedupe FILE.csv --out CLUSTERS.csv [--json]`` — who is the same worker.

Reads a list with the columns ``record_id, nik, nama, tanggal_lahir, jenis_kelamin,
kode_wilayah, alamat, no_hp, pekerjaan`` (only ``record_id`` required), links the
records (``jaring.matching.linkage``) and writes ``record_id,cluster_id`` for every
record, singletons included. Needs no database. Exit 2 with a message for a file
that cannot be processed or an engine that cannot run.

``--engine spark [--spark-master URL]`` runs the same model on Spark
(``matching.linkage.engine``; ``make install-spark`` first).
"""

import dataclasses
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jaring import exports
from jaring.matching.linkage import dedupe, engine
from jaring.matching.linkage.config import matching_config
from jaring.matching.linkage.io import UnusableFile, read_records


class Command(BaseCommand):
    """Runs without the apps loaded (``jaring.standalone``): imports no model."""

    help = "Kelompokkan catatan pekerja yang merupakan orang yang sama (tanpa basis data)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--out", type=Path, required=True, help="Berkas CSV hasil")
        parser.add_argument("--json", action="store_true", help="Cetak ringkasan sebagai JSON")
        parser.add_argument(
            "--engine",
            choices=engine.ENGINES,
            help="Tempat perhitungan: duckdb (bawaan, di mesin ini) atau spark",
        )
        parser.add_argument(
            "--spark-master", help="Master Spark, mis. spark://host:7077 (bawaan: local[*])"
        )

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
        config = matching_config()
        chosen = {"engine": options["engine"], "spark_master": options["spark_master"]}
        config = dataclasses.replace(config, **{k: v for k, v in chosen.items() if v})
        try:
            clusters = dedupe(records, config=config).clusters
        except engine.EngineUnavailable as exc:
            raise CommandError(str(exc), returncode=2) from exc
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
