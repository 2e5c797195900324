"""``jaring estimate_u [FILE.csv | --registry] [--pairs N] [--json]`` — estimate once how
often two different workers agree by chance (the u-probabilities of the linkage model)
and store them (``matching.linkage.chance``), so that `jaring dedupe` and registry
linking no longer sample them from every file.

Run it after a large intake, or when the population changed (a new province): from the
registry's golden records (``--registry``) or from a large list in the `jaring dedupe`
format. Writes ``VAR_DIR/matching/peluang_kebetulan.json`` (replaced whole); exit 2 with
a message for a file that cannot be read or too few records to learn from.
"""

import dataclasses
import json
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from jaring import commands
from jaring.matching.linkage import chance
from jaring.matching.linkage.config import matching_config
from jaring.matching.linkage.features import prepare
from jaring.matching.linkage.io import UnusableFile, read_records
from jaring.matching.linkage.model import build

# Fewer records than this give too few random pairs of each kind to trust u.
MIN_RECORDS = 2_000


class Command(commands.Command):
    help = "Perkirakan sekali peluang dua pekerja berbeda tampak sama, lalu simpan."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--registry", action="store_true", help="Dari registri pekerja")
        parser.add_argument("--pairs", type=float, default=None, help="Pasangan acak (3e6)")
        parser.add_argument("--json", action="store_true", help="Cetak ringkasan sebagai JSON")

    def handle(self, *args, **options):
        started = time.perf_counter()
        path: Path | None = options["file"]
        if bool(path) == bool(options["registry"]):
            raise CommandError(_("Sebutkan satu berkas CSV atau --registry."), returncode=2)
        if path is not None:
            if not path.is_file():
                raise CommandError(
                    _("Berkas %(path)s tidak ditemukan.") % {"path": path}, returncode=2
                )
            try:
                records = read_records(path)
            except UnusableFile as exc:
                raise CommandError(
                    _("Berkas tidak dapat diproses: %(error)s") % {"error": exc}, returncode=2
                ) from exc
            source = path.name
        else:
            from jaring.matching.candidates import registry_records

            records = registry_records()
            source = "registri"
        if records.height < MIN_RECORDS:
            raise CommandError(
                _("Terlalu sedikit catatan (%(n)d) untuk memperkirakan; perlu minimal %(min)d.")
                % {"n": records.height, "min": MIN_RECORDS},
                returncode=2,
            )
        config = matching_config()
        pairs = options["pairs"] or config.u_max_pairs
        # The model untrained (its built-in parameters), to sample u on its comparisons.
        untrained = dataclasses.replace(config, min_training_records=records.height + 1)
        model = build(prepare(records), untrained)
        model.linker.training.estimate_u_using_random_sampling(max_pairs=pairs, seed=config.seed)
        target = chance.installation_path()
        assert target is not None  # a management command runs with Django configured
        chance.save(
            chance.from_linker(model.linker), target, source=source, records=records.height,
            pairs=pairs,
        )  # fmt: skip
        summary = {
            "records": records.height,
            "pairs": int(pairs),
            "path": str(target),
            "seconds": round(time.perf_counter() - started, 3),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            _("Peluang kebetulan dari %(records)d catatan (%(pairs)d pasangan acak) disimpan di "
              "%(path)s, %(seconds).1f detik.") % summary
        )  # fmt: skip
