"""The change history of money: billing and payments are set-based, so each step
writes one entry per invoice it changed (never per contribution line), under the user
who acted; the invoice and programme pages and the chain show them."""

import datetime as dt

import pytest
from billing_world import START, admin, approved_program, enrol_all, participants
from django.contrib.contenttypes.models import ContentType

from jaring.contributions.billing import bill_month
from jaring.contributions.lifecycle import end_participation
from jaring.contributions.models import Iuran, Tagihan
from jaring.contributions.payments import record_payment
from jaring.enrollment.models import Peserta
from jaring.riwayat.chain import verify
from jaring.riwayat.models import Entri

pytestmark = pytest.mark.django_db
PAID_ON = dt.date.today() - dt.timedelta(days=1)


def entries(model, pk):
    return Entri.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    ).order_by("pk")


@pytest.fixture
def invoice(tmp_path):
    program = approved_program(months=3)
    enrol_all(program, tmp_path)
    bill_month(user=admin(), program=program, month=START)
    return Tagihan.objects.get(program=program, bulan=START)


def test_billing_and_a_payment_write_one_entry_per_invoice_not_per_line(invoice):
    written = list(entries(Tagihan, invoice.pk))
    assert [e.action for e in written] == [Entri.Action.CREATE, Entri.Action.UPDATE]
    assert written[1].changes["jumlah"] == ["0", str(invoice.jumlah)]
    assert all(e.actor == admin() for e in written)
    assert not Entri.objects.filter(content_type__model="iuran").exists()
    assert Iuran.objects.filter(tagihan=invoice).count() == 5

    record_payment(user=admin(), tagihan=invoice, jumlah=20_000, tanggal=PAID_ON,
                   referensi="SP2D-001")  # fmt: skip

    paid = entries(Tagihan, invoice.pk).last()
    assert paid.changes["diterima"] == ["0", "20000"]
    assert paid.changes["dibayar"] == ["0", "20000"]
    assert paid.actor == admin()
    assert entries(Tagihan, invoice.pk).count() == 3
    assert verify().broken is None


def test_an_ended_cover_is_one_entry_per_participant_with_the_reason(invoice):
    peserta = participants(invoice.program)[0]
    end_participation(
        user=admin(), peserta=peserta, alasan="meninggal", tanggal=START, keterangan="akta 12"
    )
    ended = entries(Peserta, peserta.pk).last()
    assert ended.changes["alasan_berakhir"] == ["", "meninggal"]
    assert ended.changes["keterangan_berakhir"] == ["", "akta 12"]
    assert ended.actor == admin()
    # The invoice's lines after the month are gone; the invoice's entry says so in totals.
    assert verify().broken is None


def test_the_invoice_and_programme_pages_show_the_history(invoice, client):
    record_payment(user=admin(), tagihan=invoice, jumlah=20_000, tanggal=PAID_ON,
                   referensi="SP2D-002")  # fmt: skip
    client.force_login(admin())
    page = client.get(f"/iuran/tagihan/{invoice.nomor}/").content.decode()
    assert "Riwayat perubahan" in page
    assert "pembayaran diterima (Rp)" in page and "0 → 20.000" in page
    page = client.get(f"/program/{invoice.program.pk}/").content.decode()
    history = page.split('id="riwayat-perubahan"', 1)[1]
    assert "<strong>status</strong>" in history and "Disetujui" in history
