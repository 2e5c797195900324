"""``jaring billing run|reconcile`` — a programme month's contributions.

    jaring billing run --programme KODE --month YYYY-MM [--through] [--json]
    jaring billing reconcile --programme KODE [--json]

``run`` bills one month (``--through``: every month from the programme's first up to
that one); running it again changes nothing. ``reconcile`` checks every invoice against
its lines and payments and exits 1 when anything does not add up.
"""

import json

from django.core.management.base import CommandError

from jaring import commands
from jaring.commands import month_arg, program_arg
from jaring.contributions import queries
from jaring.contributions.billing import BillingError, bill_month, bill_through
from jaring.core.money import rupiah


class Command(commands.Command):
    help = "Iuran bulanan program: tagih satu bulan, atau periksa rekonsiliasi tagihan."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        run = actions.add_parser("run", help="Tagih iuran satu bulan program.")
        run.add_argument("--programme", "--program", dest="program", required=True)
        run.add_argument("--month", "--bulan", dest="month", required=True, help="TTTT-BB")
        run.add_argument("--through", action="store_true",
                         help="tagih semua bulan dari awal program sampai bulan ini")  # fmt: skip
        run.add_argument("--json", action="store_true")
        check = actions.add_parser("reconcile", help="Periksa tagihan = terbayar + tunggakan.")
        check.add_argument("--programme", "--program", dest="program", required=True)
        check.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        program = program_arg(options["program"])
        if options["aksi"] == "reconcile":
            return self.reconcile(program, options)
        month = month_arg(options["month"])
        try:
            if options["through"]:
                results = bill_through(user=None, program=program, last=month)
            else:
                results = [bill_month(user=None, program=program, month=month)]
        except BillingError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in results], ensure_ascii=False))
            return
        for r in results:
            self.stdout.write(
                f"{program.kode} {r.bulan:%m/%Y}: {r.participants} peserta × "
                f"{rupiah(r.per_peserta)} = {rupiah(r.total)} ({r.added} baris baru)"
            )

    def reconcile(self, program, options):
        check = queries.reconciliation(program)
        summary = check.summary()
        if options["json"]:
            self.stdout.write(json.dumps({**summary, "cocok": check.ok,
                                          "masalah": len(check.problems)}))  # fmt: skip
        else:
            self.stdout.write(
                f"{program.kode}: ditagih {rupiah(summary['ditagih'])} = dibayar "
                f"{rupiah(summary['dibayar'])} + tunggakan {rupiah(summary['tunggakan'])}; "
                f"{len(check.rows)} tagihan, "
                + ("semua cocok." if check.ok else f"{len(check.problems)} TIDAK cocok.")
            )
        if not check.ok:
            raise CommandError("Rekonsiliasi tidak cocok.")
