"""Co-funding: a programme split between funders by percentage or by component (APBD pays
JKK, the worker pays JKM); the worker's own share (porsi pekerja) is never on a government
invoice, is followed through BPJS's membership file ("Bulan iuran", "Status iuran"), and
the coverage status needs both parts paid, saying which one is missing."""

import csv
import datetime as dt
from decimal import Decimal

import pytest
from billing_world import admin, approved_program, enrol_all
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jaring.cek.queries import protection_of
from jaring.cek.services import steps
from jaring.contributions import queries
from jaring.contributions.billing import bill_month
from jaring.contributions.models import Iuran, Pembayaran, PorsiPekerja, Tagihan, TagihanWilayah
from jaring.contributions.payments import record_payment, remaining
from jaring.enrollment.models import Peserta
from jaring.matching.membership import import_membership
from jaring.matching.models import IuranMandiri, MembershipRowError
from jaring.programs import services, tariffs
from jaring.programs.models import PENDANA_NEGARA, Pendana, Program, ProgramPendana
from jaring.registry.models import Pekerjaan

pytestmark = pytest.mark.django_db
JAN, FEB, MAR, APR = (dt.date(2027, m, 1) for m in range(1, 5))
PAID_ON = dt.date.today() - dt.timedelta(days=1)
HEADER = ["KPJ", "NIK", "Nama", "Tanggal Lahir", "Segmen", "Status", "Bulan Iuran",
          "Status Iuran"]  # fmt: skip


def membership_file(path, kpjs, month, status="LUNAS", extra=()):
    """A membership file from BPJS naming the worker's own payment of ``month``."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i, kpj in enumerate(kpjs, start=1):
            writer.writerow([kpj, f"647101050585{i:04d}", "Pekerja", "1985-05-05", "BPU",
                             "AKTIF", f"{month:%Y-%m}", status])  # fmt: skip
        writer.writerows(extra)
    return path


def co_funded(tmp_path, *, pendana, komponen=None, kode="KO"):
    program = approved_program(pendana=pendana, komponen=komponen, kode=kode)
    enrol_all(program, tmp_path, bulan_pertama=JAN)
    return program


def pay(program, month):
    for bill in Tagihan.objects.filter(program=program, bulan=month):
        record_payment(user=admin(), tagihan=bill, jumlah=remaining(bill), tanggal=PAID_ON,
                       referensi=f"SP2D-{bill.pk}")  # fmt: skip


def test_apbd_pays_jkk_and_the_worker_pays_jkm(tmp_path):
    program = co_funded(
        tmp_path, pendana={"apbd_provinsi": Decimal(100)},
        komponen={"jkm": {"mandiri": Decimal(100)}},
    )  # fmt: skip
    assert services.funder_components(program) == {"jkm": {"mandiri": Decimal(100)}}

    result = bill_month(user=admin(), program=program, month=APR)

    assert result.shares == {"apbd_provinsi": 10_000, "mandiri": 6_800}
    (invoice,) = Tagihan.objects.filter(program=program, bulan=APR)
    assert invoice.pendana == "apbd_provinsi"
    assert set(Iuran.objects.filter(tagihan=invoice).values_list("jumlah", flat=True)) == {10_000}
    own = PorsiPekerja.objects.filter(program=program, bulan=APR)
    assert own.count() == invoice.peserta == 5
    assert set(own.values_list("jumlah", "keringanan")) == {(6_800, 0)}
    assert queries.reconciliation(program).ok


def test_relief_falls_on_the_workers_jkm_never_on_the_states_jkk(tmp_path):
    program = co_funded(
        tmp_path, pendana={"apbd_provinsi": Decimal(100)},
        komponen={"jkm": {"mandiri": Decimal(100)}},
    )  # fmt: skip
    bill_month(user=admin(), program=program, month=JAN)  # ojek: transport relief to Mar 2027

    assert set(Iuran.objects.filter(tagihan__program=program).values_list("jumlah", flat=True)) == {
        10_000
    }
    assert set(
        PorsiPekerja.objects.filter(program=program).values_list("jumlah", "keringanan")
    ) == {(3_400, 3_400)}


def test_province_sixty_regency_forty_are_two_government_invoices(tmp_path):
    program = co_funded(
        tmp_path, pendana={"apbd_provinsi": Decimal(60), "apbd_kabkota": Decimal(40)}
    )
    bill_month(user=admin(), program=program, month=APR)

    bills = dict(Tagihan.objects.filter(program=program).values_list("pendana", "tarif_peserta"))
    assert bills == {"apbd_provinsi": 10_080, "apbd_kabkota": 6_720}
    assert not PorsiPekerja.objects.filter(program=program).exists()


def test_a_component_split_must_add_up_to_100(tmp_path):
    program = Program.objects.get(pk=approved_program(kode="KX").pk)
    Program.objects.filter(pk=program.pk).update(status="draf")
    program.refresh_from_db()
    with pytest.raises(services.WorkflowError, match="JKM"):
        services.save_program(user=admin(), program=program,
                              komponen={"jkm": {"mandiri": Decimal(50)}})  # fmt: skip


@pytest.fixture
def sixty_forty(tmp_path):
    return co_funded(
        tmp_path, pendana={"apbd_provinsi": Decimal(60), "mandiri": Decimal(40)}, kode="SF"
    )


def kpjs(program) -> list[str]:
    return list(Peserta.objects.filter(program=program).order_by("nomor_urut")
                .values_list("kpj", flat=True))  # fmt: skip


def test_covered_only_when_the_government_and_the_worker_paid(sixty_forty, tmp_path):
    program = sixty_forty
    for month in (JAN, FEB):
        bill_month(user=admin(), program=program, month=month)
        pay(program, month)
    assert not Tagihan.objects.filter(program=program, pendana="mandiri").exists()

    frame = queries.coverage(program, MAR)
    assert set(frame.get_column("status")) == {"terputus"}  # nobody's own share reported
    assert set(frame.get_column("kurang")) == {"pekerja"}
    assert set(frame.get_column("jumlah_tunggak")) == {0}  # the government owes nothing

    import_membership(path=membership_file(tmp_path / "jan.csv", kpjs(program), JAN),
                      tanggal_data=dt.date(2027, 2, 20))  # fmt: skip
    frame = queries.coverage(program, MAR)
    assert set(frame.get_column("status")) == {"menunggak"}
    assert set(frame.get_column("kurang")) == {"pekerja"}

    import_membership(path=membership_file(tmp_path / "feb.csv", kpjs(program), FEB),
                      tanggal_data=dt.date(2027, 3, 20))  # fmt: skip
    assert set(queries.coverage(program, MAR).get_column("status")) == {"aktif"}
    assert queries.coverage(program, MAR).get_column("kurang").null_count() == 5

    # March: the workers paid their share, the government has not paid its invoice.
    bill_month(user=admin(), program=program, month=MAR)
    import_membership(path=membership_file(tmp_path / "mar.csv", kpjs(program), MAR),
                      tanggal_data=dt.date(2027, 4, 20))  # fmt: skip
    frame = queries.coverage(program, APR)
    assert set(frame.get_column("status")) == {"menunggak"}
    assert set(frame.get_column("kurang")) == {"pendana"}
    assert queries.reconciliation(program).ok


def test_the_status_check_says_which_part_is_missing(sixty_forty, tmp_path):
    program = sixty_forty
    bill_month(user=admin(), program=program, month=JAN)
    pay(program, JAN)
    peserta = Peserta.objects.filter(program=program).select_related("person").first()

    said = protection_of(peserta.person, as_of=FEB)
    assert (said.status, said.kurang, said.porsi_pekerja) == ("menunggak", "pekerja", True)
    assert steps(said)[0].startswith("Porsi iuran yang Anda bayar sendiri")

    import_membership(path=membership_file(tmp_path / "jan.csv", [peserta.kpj], JAN),
                      tanggal_data=dt.date(2027, 2, 10))  # fmt: skip
    said = protection_of(peserta.person, as_of=FEB)
    assert (said.status, said.kurang) == ("aktif", None)
    assert "sebagian oleh Anda sendiri" in steps(said)[0]


def test_arrears_page_lists_the_missing_part(sixty_forty, client):
    program = sixty_forty
    bill_month(user=admin(), program=program, month=JAN)
    pay(program, JAN)
    client.force_login(admin())
    page = client.get(f"/iuran/{program.pk}/tunggakan/?per=2027-02").content.decode()
    assert page.count('data-kurang="pekerja"') == 5
    assert "Porsi pekerja belum dibayar" in page
    assert 'data-worker="belum">5' in client.get(f"/iuran/{program.pk}/").content.decode()


def test_own_payment_columns_refuse_bad_rows_and_keep_the_good(sixty_forty, tmp_path):
    program = sixty_forty
    good = kpjs(program)[:2]
    bad = [
        ["31000000001", "6471010505850101", "Pekerja", "1985-05-05", "BPU", "AKTIF", "2027-01",
         "SEBAGIAN"],  # unknown status
        ["31000000002", "6471010505850102", "Pekerja", "1985-05-05", "BPU", "AKTIF", "",
         "LUNAS"],  # status without a month
        ["31000000003", "6471010505850103", "Pekerja", "1985-05-05", "BPU", "AKTIF", "13/2027",
         "LUNAS"],  # no month 13
        ["31000000004", "6471010505850104", "Pekerja", "1985-05-05", "BPU", "AKTIF", "2027-01",
         ""],  # a month without a status
    ]  # fmt: skip
    path = membership_file(tmp_path / "m.csv", good, JAN, status="Belum Bayar", extra=bad)
    result = import_membership(path=path, tanggal_data=dt.date(2027, 2, 10))

    fields = dict(
        MembershipRowError.objects.filter(membership_import=result.membership_import)
        .values_list("row_number", "field")
    )  # fmt: skip
    assert fields == {4: "status_iuran", 5: "bulan_iuran", 6: "bulan_iuran", 7: "status_iuran"}
    assert set(IuranMandiri.objects.values_list("kpj", "bulan", "lunas")) == {
        (k, JAN, False) for k in good
    }
    # A newer file's word replaces it; an older one never does.
    import_membership(path=membership_file(tmp_path / "n.csv", good, JAN),
                      tanggal_data=dt.date(2027, 2, 20))  # fmt: skip
    import_membership(path=membership_file(tmp_path / "o.csv", good, JAN, status="BELUM"),
                      tanggal_data=dt.date(2027, 2, 1))  # fmt: skip
    assert set(IuranMandiri.objects.values_list("lunas", flat=True)) == {True}


# --- Property: the funder lines add up; the government's reconciliation ignores the worker


@st.composite
def mixes_with_a_worker(draw):
    """A worker's share by percentage beside one or two other funders, or the worker
    paying a whole component (JKK or JKM) beside a percentage mix."""
    others = draw(st.lists(st.sampled_from([p.value for p in Pendana if p != Pendana.MANDIRI]),
                           min_size=1, max_size=2, unique=True))  # fmt: skip
    if draw(st.booleans()):
        worker = Decimal(draw(st.integers(1, 9_000))) / 100
        first = (100 - worker) if len(others) == 1 else Decimal(
            draw(st.integers(1, int((100 - worker) * 100) - 1))) / 100  # fmt: skip
        shares = {others[0]: first, Pendana.MANDIRI.value: worker}
        if len(others) == 2:
            shares[others[1]] = 100 - worker - first
        return shares, {}
    part = draw(st.sampled_from(["jkk", "jkm"]))
    if len(others) == 1:
        return {others[0]: Decimal(100)}, {part: {Pendana.MANDIRI.value: Decimal(100)}}
    first = Decimal(draw(st.integers(1, 9_999))) / 100
    return {others[0]: first, others[1]: 100 - first}, {part: {"mandiri": Decimal(100)}}


@pytest.fixture
def mix_program(tmp_path):
    program = approved_program(start=dt.date(2026, 1, 1), months=24, kode="MIX")
    enrol_all(program, tmp_path, bulan_pertama=dt.date(2026, 1, 1))
    return program


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(mix=mixes_with_a_worker(), offset=st.integers(0, 18), paid=st.integers(0, 100),
       own_paid=st.lists(st.booleans(), min_size=5, max_size=5))  # fmt: skip
def test_funder_lines_and_the_workers_share_add_up(mix_program, mix, offset, paid, own_paid):
    program = mix_program
    shares, components = mix
    bills = Tagihan.objects.filter(program=program)
    Pembayaran.objects.filter(tagihan__in=bills).delete()
    Iuran.objects.filter(tagihan__in=bills).delete()
    TagihanWilayah.objects.filter(tagihan__in=bills).delete()
    bills.delete()
    PorsiPekerja.objects.filter(program=program).delete()
    IuranMandiri.objects.all().delete()
    ProgramPendana.objects.filter(program=program).delete()
    for pendana, share in shares.items():
        ProgramPendana.objects.create(program=program, pendana=pendana, porsi_persen=share)
    for part, mix_of in components.items():
        for pendana, share in mix_of.items():
            ProgramPendana.objects.create(program=program, pendana=pendana,
                                          porsi_persen=share, komponen=part)  # fmt: skip
    month = dt.date(2026 + (offset // 12), offset % 12 + 1, 1)
    bill_month(user=admin(), program=program, month=month)
    for n, bill in enumerate(Tagihan.objects.filter(program=program).order_by("id")):
        amount = remaining(bill) * paid // 100
        if amount > 0:
            record_payment(user=admin(), tagihan=bill, jumlah=amount, tanggal=PAID_ON,
                           referensi=f"R{n}")  # fmt: skip
    before = queries.reconciliation(program)

    rule_set = tariffs.rules()
    sectors = dict(Pekerjaan.objects.values_list("kode", "sektor"))
    people = list(Peserta.objects.filter(program=program).select_related("person"))
    for peserta, own in zip(people, own_paid, strict=True):
        expected = tariffs.contribution(rule_set, month, sektor=sectors[peserta.person.pekerjaan_id],
                                        shares=shares, components=components)  # fmt: skip
        lines = list(Iuran.objects.filter(peserta=peserta, tagihan__bulan=month))
        worker = list(PorsiPekerja.objects.filter(peserta=peserta, bulan=month))
        assert sum(x.jumlah for x in [*lines, *worker]) == expected.total
        assert sum(x.keringanan for x in [*lines, *worker]) == expected.keringanan
        assert [w.jumlah for w in worker] == [expected.baris["mandiri"].jumlah]
        # The state's lines are never relieved, also when co-funded with the worker.
        state = [x for x in lines if Tagihan.objects.get(pk=x.tagihan_id).pendana in PENDANA_NEGARA]
        assert all(x.keringanan == 0 for x in state)
        if own:
            IuranMandiri.objects.create(kpj=peserta.kpj, bulan=month, lunas=True,
                                        tanggal_data=month, source_import_id=0)  # fmt: skip
    assert not bills.filter(pendana=Pendana.MANDIRI).exists()

    after = queries.reconciliation(program)
    assert after.ok and after.rows == before.rows  # the worker's payments change no invoice
    summary = after.summary()
    assert summary["ditagih"] == summary["dibayar"] + summary["tunggakan"]
    assert summary["ditagih"] == sum(
        Iuran.objects.filter(tagihan__program=program).values_list("jumlah", flat=True)
    )


def test_a_programme_without_a_worker_share_says_nothing_about_parts(tmp_path):
    program = co_funded(tmp_path, pendana={"apbd_provinsi": Decimal(100)}, kode="NP")
    bill_month(user=admin(), program=program, month=JAN)
    peserta = Peserta.objects.filter(program=program).select_related("person").first()

    said = protection_of(peserta.person, as_of=FEB)

    assert (said.status, said.kurang, said.porsi_pekerja) == ("menunggak", None, False)
    assert "tidak perlu membayar sendiri" in steps(said)[0]
