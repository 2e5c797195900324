"""``jaring audit verify`` — recompute the change history's hash chain. Exit 0 with the
number of entries and the last hash (worth writing down: a later run that ends on
another hash for the same count means the tail was replaced); 1 naming the first
broken entry."""

from django.core.management.base import CommandError

from jaring import commands
from jaring.riwayat.verification import problem, summary, verify


class Command(commands.Command):
    help = "Periksa rantai hash riwayat perubahan."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        actions.add_parser("verify", help="hitung ulang rantai riwayat dan laporkan yang putus")

    def handle(self, *args, **options):
        checked = verify()
        broken = problem(checked)
        if broken is not None:
            raise CommandError(broken, returncode=1)
        self.stdout.write(summary(checked))
