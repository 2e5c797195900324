"""Billing under tariff adjustments (PP 50/2025): lines priced by the worker's sector and
funder, each saying which rule shaped it; an invoice showing its relief; an excess
paid for a relief month carried as credit to the next month's invoice of the same
funder; reconciliation to the rupiah with credits (property test). The non-state funder
that gets relief on an invoice here is CSR; a worker's own share is never invoiced
(``PorsiPekerja``, tested below and in ``test_co_funding``)."""

import datetime as dt
from decimal import Decimal

import pytest
from billing_world import admin, approved_program, enrol_all
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jaring.contributions import queries
from jaring.contributions.billing import bill_month, billing_outlook
from jaring.contributions.models import Iuran, Pembayaran, PorsiPekerja, Tagihan, TagihanWilayah
from jaring.contributions.payments import payment_problem, record_payment, remaining
from jaring.core.months import add_months
from jaring.enrollment.models import Peserta
from jaring.programs import tariffs
from jaring.programs.models import Pendana, PenyesuaianTarif, ProgramPendana
from jaring.registry.models import Pekerjaan, Person

pytestmark = pytest.mark.django_db
JAN, FEB, APR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 4, 1)
SHARES = {"apbd_provinsi": Decimal(60), "csr": Decimal(40)}
PAID_ON = dt.date.today() - dt.timedelta(days=1)
# Minimum income: 16,800 = APBD 10,080 + CSR 6,720; the CSR's half of JKK+JKM off in a
# relief month: 3,360 (the same as a worker's own 40% would be).
APBD, WORKER, WORKER_RELIEVED = 10_080, 6_720, 3_360


def set_occupations(program, transport: list[bool]) -> None:
    people = Peserta.objects.filter(program=program).order_by("nomor_urut")
    for peserta, moves in zip(people, transport, strict=True):
        Person.objects.filter(pk=peserta.person_id).update(
            pekerjaan_id="ojek" if moves else "pedagang_pasar"
        )


@pytest.fixture
def program(tmp_path):
    program = approved_program(start=JAN, months=12, pendana=SHARES, kode="REL")
    enrol_all(program, tmp_path, bulan_pertama=JAN)
    set_occupations(program, [True, True, False, False, False])
    return program


def invoice(program, month, pendana) -> Tagihan:
    return Tagihan.objects.get(program=program, bulan=month, pendana=pendana)


def amounts(program, month, pendana) -> list[int]:
    return sorted(
        Iuran.objects.filter(tagihan=invoice(program, month, pendana)).values_list(
            "jumlah", flat=True
        )
    )


class RulesLoadedLate:
    """PP 50/2025 as if not yet loaded (it was enacted on 22 December 2025 and became
    known in February 2026), then loaded: the same rows back, with their ids."""

    def __enter__(self):
        self.rules = list(PenyesuaianTarif.objects.all())
        PenyesuaianTarif.objects.all().delete()
        return self

    def __exit__(self, *exc):
        for rule in self.rules:
            rule.save(force_insert=True)


def test_a_transport_workers_non_state_share_is_relieved_the_states_is_not(program):
    result = bill_month(user=admin(), program=program, month=JAN)

    assert (result.per_peserta, result.shares) == (
        16_800,
        {"apbd_provinsi": APBD, "csr": WORKER},
    )
    assert amounts(program, JAN, "apbd_provinsi") == [APBD] * 5
    assert amounts(program, JAN, "csr") == [WORKER_RELIEVED] * 2 + [WORKER] * 3
    own = invoice(program, JAN, "csr")
    assert (own.tarif_peserta, own.keringanan, own.jumlah) == (
        WORKER, 2 * WORKER_RELIEVED, 2 * WORKER_RELIEVED + 3 * WORKER,
    )  # fmt: skip
    assert invoice(program, JAN, "apbd_provinsi").keringanan == 0
    transport = PenyesuaianTarif.objects.get(sektor="transportasi")
    relieved = Iuran.objects.filter(tagihan=own, keringanan__gt=0)
    assert set(relieved.values_list("penyesuaian_id", flat=True)) == {transport.pk}
    assert not Iuran.objects.filter(tagihan=own, keringanan=0, penyesuaian__isnull=False).exists()
    assert queries.reconciliation(program).ok


def test_from_april_2026_every_sector_is_relieved(program):
    outlook = billing_outlook(user=admin(), program=program, month=APR)
    bill_month(user=admin(), program=program, month=APR)

    assert amounts(program, APR, "csr") == [WORKER_RELIEVED] * 5
    assert amounts(program, APR, "apbd_provinsi") == [APBD] * 5
    billed = sum(t.jumlah for t in Tagihan.objects.filter(program=program, bulan=APR))
    assert (outlook.total, outlook.keringanan) == (billed, 5 * WORKER_RELIEVED)
    assert billed == 5 * (APBD + WORKER_RELIEVED)


def test_each_participant_months_lines_add_up_to_the_rule_sets_contribution(program):
    for month in (JAN, APR):
        bill_month(user=admin(), program=program, month=month)
    rule_set = tariffs.rules()

    for peserta in Peserta.objects.filter(program=program).select_related("person"):
        sektor = Pekerjaan.objects.get(kode=peserta.person.pekerjaan_id).sektor
        for month in (JAN, APR):
            lines = Iuran.objects.filter(peserta=peserta, tagihan__bulan=month)
            expected = tariffs.contribution(rule_set, month, sektor=sektor, shares=SHARES)
            assert sum(line.jumlah for line in lines) == expected.total


def pay_in_full(program, month, pendana, reference="SP2D-1"):
    bill = invoice(program, month, pendana)
    record_payment(user=admin(), tagihan=bill, jumlah=remaining(bill), tanggal=PAID_ON,
                   referensi=reference)  # fmt: skip


def test_a_relief_month_paid_in_full_becomes_a_credit_on_the_next_month(program):
    with RulesLoadedLate():
        bill_month(user=admin(), program=program, month=JAN)
        bill_month(user=admin(), program=program, month=FEB)
        pay_in_full(program, JAN, "csr")
    assert invoice(program, JAN, "csr").dibayar == 5 * WORKER

    bill_month(user=admin(), program=program, month=JAN)  # billed again with the rule

    jan, feb = invoice(program, JAN, "csr"), invoice(program, FEB, "csr")
    credit = 2 * (WORKER - WORKER_RELIEVED)
    assert (jan.jumlah, jan.diterima, jan.dibayar) == (5 * WORKER - credit, 5 * WORKER, jan.jumlah)
    assert (jan.kredit_keluar, feb.kredit_masuk) == (credit, credit)
    assert (feb.jumlah, feb.dibayar, feb.tunggakan) == (5 * WORKER, credit, 5 * WORKER - credit)
    assert queries.reconciliation(program).ok

    bill_month(user=admin(), program=program, month=FEB)  # February at the relieved price too

    feb = invoice(program, FEB, "csr")
    assert (feb.jumlah, feb.kredit_masuk, feb.dibayar) == (5 * WORKER - credit, credit, credit)
    assert remaining(feb) == 5 * WORKER - 2 * credit
    assert "melebihi sisa" in payment_problem(feb, remaining(feb) + 1, PAID_ON)
    pay_in_full(program, FEB, "csr")
    feb = invoice(program, FEB, "csr")
    assert (feb.lunas, feb.kelebihan) == (True, 0)
    check = queries.reconciliation(program)
    assert check.ok
    cash = check.cash()
    assert cash["diterima"] == cash["dibayar"] + cash["kelebihan"]
    assert cash["kredit"] == credit


def test_a_credit_waits_until_the_next_month_is_billed(program):
    with RulesLoadedLate():
        bill_month(user=admin(), program=program, month=JAN)
        pay_in_full(program, JAN, "csr")
    bill_month(user=admin(), program=program, month=JAN)
    jan = invoice(program, JAN, "csr")
    credit = 2 * (WORKER - WORKER_RELIEVED)
    assert (jan.kelebihan, jan.kredit_keluar, jan.kelebihan_tertahan) == (credit, 0, credit)

    bill_month(user=admin(), program=program, month=FEB)

    jan, feb = invoice(program, JAN, "csr"), invoice(program, FEB, "csr")
    assert (jan.kredit_keluar, jan.kelebihan_tertahan, feb.kredit_masuk) == (credit, 0, credit)
    assert queries.reconciliation(program).ok


def test_the_invoice_shows_relief_legal_basis_and_credit_both_ways(program, client):
    with RulesLoadedLate():
        bill_month(user=admin(), program=program, month=JAN)
        pay_in_full(program, JAN, "csr")
    bill_month(user=admin(), program=program, month=JAN)
    bill_month(user=admin(), program=program, month=FEB)
    client.force_login(admin())
    jan, feb = invoice(program, JAN, "csr"), invoice(program, FEB, "csr")

    first = client.get(f"/iuran/tagihan/{jan.nomor}/").content.decode()
    second = client.get(f"/iuran/tagihan/{feb.nomor}/").content.decode()

    assert 'data-total="before-relief">Rp 33.600' in first
    assert 'data-total="relief">Rp 6.720' in first
    assert 'data-total="billed">Rp 26.880' in first
    assert "PP 50/2025 Pasal 2–4" in first
    assert 'data-total="credit-out">Rp 6.720' in first and feb.nomor in first
    assert 'data-total="credit-in">Rp 6.720' in second and jan.nomor in second


@pytest.fixture
def bare_program(tmp_path):
    program = approved_program(start=JAN, months=24, pendana=SHARES, kode="PROP")
    enrol_all(program, tmp_path, bulan_pertama=JAN)
    return program


def reset(program) -> None:
    bills = Tagihan.objects.filter(program=program)
    Pembayaran.objects.filter(tagihan__in=bills).delete()
    Iuran.objects.filter(tagihan__in=bills).delete()
    TagihanWilayah.objects.filter(tagihan__in=bills).delete()
    PorsiPekerja.objects.filter(program=program).delete()
    bills.delete()


@st.composite
def two_funders(draw):
    pair = draw(st.lists(st.sampled_from([p.value for p in Pendana]), min_size=1, max_size=2,
                         unique=True))  # fmt: skip
    if len(pair) == 1:
        return {pair[0]: Decimal(100)}
    first = Decimal(draw(st.integers(1, 9_999))) / 100
    return {pair[0]: first, pair[1]: Decimal(100) - first}


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    shares=two_funders(),
    transport=st.lists(st.booleans(), min_size=5, max_size=5),
    offset=st.integers(0, 16),
    paid=st.lists(st.integers(0, 100), min_size=6, max_size=6),
    late=st.booleans(),
)
def test_lines_credits_and_reconciliation_under_random_mixes(
    bare_program, shares, transport, offset, paid, late
):
    program = bare_program
    reset(program)
    ProgramPendana.objects.filter(program=program).delete()
    for pendana, share in shares.items():
        ProgramPendana.objects.create(program=program, pendana=pendana, porsi_persen=share)
    set_occupations(program, transport)
    months = [add_months(JAN, offset + i) for i in range(3)]

    with RulesLoadedLate() if late else _nothing():
        for month in months[:2]:
            bill_month(user=admin(), program=program, month=month)
        for n, bill in enumerate(Tagihan.objects.filter(program=program).order_by("id")):
            amount = remaining(bill) * paid[n % len(paid)] // 100
            if amount > 0:
                record_payment(user=admin(), tagihan=bill, jumlah=amount, tanggal=PAID_ON,
                               referensi=f"R{n}")  # fmt: skip
    for month in months:  # billed (again) with the rules in force
        bill_month(user=admin(), program=program, month=month)

    rule_set = tariffs.rules()
    sectors = dict(Pekerjaan.objects.values_list("kode", "sektor"))
    for peserta in Peserta.objects.filter(program=program).select_related("person"):
        for month in months:
            expected = tariffs.contribution(
                rule_set, month, sektor=sectors[peserta.person.pekerjaan_id], shares=shares
            )
            lines = Iuran.objects.filter(peserta=peserta, tagihan__bulan=month)
            own = PorsiPekerja.objects.filter(peserta=peserta, bulan=month)
            # Government (and other funders') invoice lines + the worker's own share.
            assert sum(line.jumlah for line in [*lines, *own]) == expected.total
            assert sum(line.keringanan for line in [*lines, *own]) == expected.keringanan
            worker = expected.baris.get(Pendana.MANDIRI)
            assert [w.jumlah for w in own] == ([worker.jumlah] if worker and worker.jumlah else [])
    # The worker's share is on no invoice: only the other funders have invoices.
    invoiced = set(Tagihan.objects.filter(program=program).values_list("pendana", flat=True))
    assert Pendana.MANDIRI not in invoiced
    for bill in Tagihan.objects.filter(program=program):
        assert bill.jumlah >= 0 and 0 <= bill.dibayar <= bill.jumlah
        assert bill.tunggakan >= 0 and bill.kredit_masuk >= 0 and bill.kredit_keluar >= 0
    check = queries.reconciliation(program)
    assert check.ok, check.problems
    summary, cash = check.summary(), check.cash()
    assert summary["ditagih"] == summary["dibayar"] + summary["tunggakan"]
    assert cash["diterima"] == cash["dibayar"] + cash["kelebihan"]


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def test_the_migration_carries_the_excess_of_invoices_paid_before_credits_existed(program):
    import importlib

    from django.apps import apps

    bill_month(user=admin(), program=program, month=JAN)
    bill_month(user=admin(), program=program, month=FEB)
    pay_in_full(program, JAN, "apbd_provinsi")
    jan = invoice(program, JAN, "apbd_provinsi")
    # As stored before this change: a line removed after payment left the excess on the
    # invoice, with nothing carried on.
    Iuran.objects.filter(tagihan=jan).order_by("peserta_id").last().delete()
    Tagihan.objects.filter(pk=jan.pk).update(jumlah=4 * APBD, peserta=4, dibayar=4 * APBD)
    assert not queries.reconciliation(program).ok

    migration = importlib.import_module("jaring.contributions.migrations.0004_relief_and_credit")
    migration.carry_credits(apps, None)

    jan, feb = invoice(program, JAN, "apbd_provinsi"), invoice(program, FEB, "apbd_provinsi")
    assert (jan.kredit_keluar, feb.kredit_masuk, feb.dibayar) == (APBD, APBD, APBD)
    assert queries.reconciliation(program).ok
