"""Reconciliation under any sequence of operations (hypothesis stateful test).

Billing months (each run twice: the second must change nothing), partial payments,
deaths, BPJS rejections with replacements from the waiting list and their next batch,
acceptances, and a renewal into the next year, in random order. After every step:
billed = paid + outstanding for every invoice (so per funder, month and total), stored
totals equal the sums of lines and payments, and no line lies outside its
participant's cover."""

import contextlib
import datetime as dt
import itertools
import os
from decimal import Decimal

import pytest
from billing_world import START, admin, admin2, approve_pending, approved_program, kpj, response_csv
from django.db import transaction
from django.db.models import F, Sum
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from jaring.contributions import queries
from jaring.contributions.billing import bill_month
from jaring.contributions.lifecycle import end_participation
from jaring.contributions.models import Iuran, Tagihan
from jaring.contributions.payments import record_payment, remaining
from jaring.core.months import add_months
from jaring.enrollment.models import AlasanBerakhir, Peserta, StatusPendaftaran
from jaring.enrollment.renewal import renew
from jaring.enrollment.responses import import_response
from jaring.enrollment.services import EnrolmentError, create_batch
from jaring.programs import services as programs
from jaring.programs.models import Program

MONTHS = 3
PAID_ON = dt.date.today() - dt.timedelta(days=1)
SHARES = {"apbd_provinsi": Decimal("66.67"), "apbd_kabkota": Decimal("33.33")}


class Billing(RuleBasedStateMachine):
    def __init__(self, tmp_path):
        super().__init__()
        self.tmp_path = tmp_path
        self.counter = itertools.count()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.user = admin()
        self.program = approved_program(
            per_regency={"64.71": 5, "64.72": 4}, quota={"64.71": 3, "64.72": 2},
            months=MONTHS, pendana=SHARES,
        )  # fmt: skip
        self.programs = [self.program]
        create_batch(user=self.user, program=self.program, bulan_pertama=START)
        self.renewed = False

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- helpers -----------------------------------------------------------------

    def respond(self, rows):
        path = response_csv(self.tmp_path / f"r{next(self.counter)}.csv", rows)
        result = import_response(user=self.user, program=self.program, path=path, ganti=True)
        assert not result.errors, result.errors
        approve_pending(self.program)

    def sent(self):
        return list(
            Peserta.objects.filter(program=self.program, status=StatusPendaftaran.DIKIRIM)
            .select_related("person")
            .order_by("id")
        )

    # --- rules -----------------------------------------------------------------

    @rule(i=st.integers(0, MONTHS - 1))
    def bill(self, i):
        month = add_months(self.program.bulan_mulai, i)
        bill_month(user=self.user, program=self.program, month=month)
        lines = sorted(Iuran.objects.filter(tagihan__program=self.program).values_list(
            "tagihan_id", "peserta_id", "jumlah", "dibayar"))  # fmt: skip
        again = bill_month(user=self.user, program=self.program, month=month)
        assert again.added == 0
        assert lines == sorted(Iuran.objects.filter(tagihan__program=self.program).values_list(
            "tagihan_id", "peserta_id", "jumlah", "dibayar"))  # fmt: skip

    @precondition(lambda self: any(remaining(t) for t in Tagihan.objects.all()))
    @rule(pick=st.integers(0, 100), percent=st.integers(1, 100))
    def pay(self, pick, percent):
        owing = [t for t in Tagihan.objects.order_by("id") if remaining(t) > 0]
        invoice = owing[pick % len(owing)]
        amount = max(1, remaining(invoice) * percent // 100)
        record_payment(user=self.user, tagihan=invoice, jumlah=amount, tanggal=PAID_ON,
                       referensi=f"SP2D-{next(self.counter)}")  # fmt: skip

    @precondition(
        lambda self: Peserta.objects.filter(alasan_berakhir="", status="diterima").exists()
    )
    @rule(pick=st.integers(0, 100), month=st.integers(0, MONTHS - 1), day=st.integers(1, 28))
    def death(self, pick, month, day):
        alive = list(Peserta.objects.filter(alasan_berakhir="", status="diterima").order_by("id"))
        peserta = alive[pick % len(alive)]
        when = add_months(peserta.program.bulan_mulai, month).replace(day=day)
        end_participation(user=self.user, peserta=peserta, alasan=AlasanBerakhir.MENINGGAL,
                          tanggal=when)  # fmt: skip
        peserta.refresh_from_db()
        assert peserta.bulan_akhir <= when.replace(day=1)

    @precondition(lambda self: bool(self.sent()))
    @rule(reject=st.integers(0, 3))
    def bpjs_answers(self, reject):
        rows = []
        for i, p in enumerate(self.sent()):
            if i < reject:
                rows.append([p.person.nik, "", "", "DITOLAK", "Data tidak padan"])
            else:
                rows.append([p.person.nik, "", kpj(p.pk), "DITERIMA", ""])
        self.respond(rows)

    @precondition(
        lambda self: Peserta.objects.filter(
            program=self.program, status="menunggu", alasan_berakhir=""
        ).exists()
    )
    @rule(i=st.integers(0, MONTHS - 1))
    def next_batch(self, i):
        create_batch(user=self.user, program=self.program,
                     bulan_pertama=add_months(self.program.bulan_mulai, i))  # fmt: skip

    @precondition(lambda self: not self.renewed)
    @rule()
    def renewal(self):
        result = renew(user=self.user, program=self.program)
        new = result.program
        for kode in ("64.71", "64.72"):
            programs.verify_region(user=self.user, program=new, kode=kode)
        programs.approve(user=admin2(), program=new)  # not whoever ran its selection
        self.program = Program.objects.get(pk=new.pk)
        self.programs.append(self.program)
        self.renewed = True
        if Peserta.objects.filter(program=self.programs[0], alasan_berakhir="").exists():
            # Newcomers from the waiting list go to BPJS; continuing participants do not.
            with contextlib.suppress(EnrolmentError):
                create_batch(user=self.user, program=self.program,
                             bulan_pertama=self.program.bulan_mulai)  # fmt: skip
        continuing = Peserta.objects.filter(program=self.program, lanjutan_dari__isnull=False)
        assert not continuing.exclude(status=StatusPendaftaran.DITERIMA).exists()
        assert all(p.kpj for p in continuing)

    # --- invariants ------------------------------------------------------------

    @invariant()
    def reconciles(self):
        for program in self.programs:
            check = queries.reconciliation(program)
            assert check.ok, check.problems
            assert queries.lines_outside_cover(program) == 0
            outstanding = dict(
                Iuran.objects.filter(tagihan__program=program)
                .values("tagihan_id")
                .annotate(sisa=Sum(F("jumlah") - F("dibayar")))
                .values_list("tagihan_id", "sisa")
            )
            for row in check.rows:
                # Billed = paid + outstanding, the outstanding summed from the lines
                # themselves (not derived from the two stored totals it checks).
                assert row["jumlah"] == row["dibayar"] + outstanding.get(row["id"], 0)
                assert 0 <= row["dibayar"] == min(row["diterima"], row["jumlah"])
        # Funder lines of a participant-month add up to the month's iuran.
        for invoice in Tagihan.objects.all():
            assert (
                not Iuran.objects.filter(tagihan=invoice)
                .exclude(jumlah=invoice.tarif_peserta)
                .exists()
            )
        months = {}
        for invoice in Tagihan.objects.all():
            months.setdefault((invoice.program_id, invoice.bulan), 0)
            months[(invoice.program_id, invoice.bulan)] += invoice.tarif_peserta
        assert set(months.values()) <= {16_800}


@pytest.mark.django_db
def test_reconciliation_holds_under_any_sequence(tmp_path):
    run_state_machine_as_test(
        lambda: Billing(tmp_path),
        # A longer search: JARING_STATEFUL_EXAMPLES=200 pytest tests/contributions -k stateful
        settings=settings(
            max_examples=int(os.environ.get("JARING_STATEFUL_EXAMPLES", "6")),
            stateful_step_count=10,
            deadline=None,
        ),
    )
