"""``jaring link [--json]`` — link every golden record of the registry against every
other: merge the sure pairs, queue the others for review (``matching.services``).

Re-running is harmless: pairs already known (waiting, decided or merged) are never
proposed again. Refreshes the dashboard's registry summary when persons were merged.
"""

import json

from django.utils.translation import gettext as _

from jaring import commands
from jaring.matching.services import link_registry


class Command(commands.Command):
    help = "Cocokkan seluruh registri: gabungkan pasangan yang pasti, antrekan sisanya."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, **options):
        run = link_registry()
        result = {
            "persons": run.persons,
            "scored_pairs": run.scored_pairs,
            "set_aside": run.set_aside,
            "new_pairs": run.new_pairs,
            "merged": run.merged,
            "queued": run.queued,
            "trained": run.trained,
            "seconds": round(run.seconds, 1),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            _(
                "%(persons)d pekerja dibandingkan dalam %(seconds)s detik: %(new_pairs)d "
                "pasangan baru, %(merged)d digabung otomatis, %(queued)d menunggu tinjauan."
            )
            % result
        )
