"""Ending many participants at once (``lifecycle.end_participations``) leaves exactly
what ending them one at a time did — participants, lines, invoices and their regional
totals — while recomputing each affected invoice once."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from billing_world import admin, amend_and_approve, approved_program, enrol_all, user
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jaring.contributions import payments, queries
from jaring.contributions.billing import bill_month
from jaring.contributions.lifecycle import (
    Ending,
    end_participation,
    end_participations,
    end_withdrawn,
)
from jaring.contributions.models import Iuran, Tagihan, TagihanWilayah
from jaring.contributions.payments import reallocate, record_payment
from jaring.core.months import add_months, month_start
from jaring.enrollment.models import AlasanBerakhir, Peserta, StatusPendaftaran

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 1)
TODAY = dt.date.today()
SHARES = {"apbd_provinsi": Decimal(60), "apbd_kabkota": Decimal(40)}


@pytest.fixture
def program(tmp_path):
    """Nine participants, two funders, January–June billed; January–April paid in
    full and May in part (so late deaths leave credits and shift May's allocation)."""
    program = approved_program(
        per_regency={"64.71": 6, "64.72": 5}, months=12, start=START, pendana=SHARES
    )
    enrol_all(program, tmp_path, bulan_pertama=START)
    for i in range(6):
        bill_month(user=admin(), program=program, month=add_months(START, i))
    for invoice in Tagihan.objects.filter(program=program).order_by("bulan", "pendana"):
        if invoice.bulan <= dt.date(2026, 5, 1):
            part = invoice.jumlah if invoice.bulan < dt.date(2026, 5, 1) else invoice.jumlah // 2
            record_payment(user=admin(), tagihan=invoice, jumlah=part, tanggal=TODAY,
                           referensi=f"SP2D-{invoice.pk}")  # fmt: skip
    return program


def old_end_participation(peserta_id, alasan, tanggal, keterangan=""):
    """The per-participant path as it was before the set-based one: the rule applied
    to one row through the ORM, its lines outside cover deleted, and every invoice
    they were on recomputed — an independent oracle for the set-based statements."""
    peserta = Peserta.objects.get(pk=peserta_id)
    last = month_start(tanggal)
    if peserta.alasan_berakhir and peserta.bulan_akhir is not None and peserta.bulan_akhir <= last:
        return
    peserta.bulan_akhir = last if peserta.bulan_akhir is None else min(peserta.bulan_akhir, last)
    peserta.alasan_berakhir = alasan
    peserta.keterangan_berakhir = keterangan.strip()[:300]
    peserta.tanggal_peristiwa = tanggal
    peserta.save()
    outside = [
        (tagihan_id, bulan)
        for tagihan_id, bulan in Iuran.objects.filter(peserta_id=peserta_id).values_list(
            "tagihan_id", "tagihan__bulan"
        )
        if peserta.status != StatusPendaftaran.DITERIMA
        or peserta.bulan_mulai is None
        or bulan < peserta.bulan_mulai
        or bulan > peserta.bulan_akhir
    ]
    for tagihan_id, _bulan in outside:
        Iuran.objects.filter(tagihan_id=tagihan_id, peserta_id=peserta_id).delete()
    for invoice in Tagihan.objects.filter(pk__in=[t for t, _ in outside]):
        reallocate(invoice)


def state(program):
    """Everything an end touches, in a comparable form."""
    return {
        "peserta": sorted(
            Peserta.objects.filter(program=program).values_list(
                "pk", "bulan_akhir", "alasan_berakhir", "keterangan_berakhir", "tanggal_peristiwa"
            )
        ),
        "lines": sorted(
            Iuran.objects.filter(tagihan__program=program).values_list(
                "tagihan_id", "peserta_id", "jumlah", "dibayar"
            )
        ),
        "invoices": sorted(
            Tagihan.objects.filter(program=program).values_list(
                "pk", "peserta", "jumlah", "dibayar", "diterima"
            )
        ),
        "regions": sorted(
            TagihanWilayah.objects.filter(tagihan__program=program).values_list(
                "tagihan_id", "kode_kabupaten", "peserta", "jumlah", "dibayar"
            )
        ),
    }


def mixed_endings(program):
    """Deaths reported late (paid months), a move, a wage job, one participant named
    twice (the earlier event wins) and one already ended earlier (stays)."""
    p = list(Peserta.objects.filter(program=program).order_by("nomor_urut"))
    return [
        Ending(p[0].pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 2, 14), "Klaim JKM"),
        Ending(p[2].pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 3, 30), " Laporan desa "),
        Ending(p[3].pk, AlasanBerakhir.PINDAH, dt.date(2026, 5, 2)),
        Ending(p[4].pk, AlasanBerakhir.PEKERJA_FORMAL, dt.date(2026, 4, 1)),
        Ending(p[4].pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 2, 9)),
        Ending(p[5].pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 4, 20)),  # ended in Jan
        Ending(p[7].pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 1, 3)),
    ]


def end_first_earlier(program):
    fifth = Peserta.objects.filter(program=program).order_by("nomor_urut")[5]
    end_participation(user=admin(), peserta=fifth, alasan=AlasanBerakhir.PINDAH,
                      tanggal=dt.date(2026, 1, 20))  # fmt: skip
    return fifth


def test_set_based_ends_leave_what_one_at_a_time_left(program, monkeypatch):
    fifth = end_first_earlier(program)
    before = state(program)
    endings = mixed_endings(program)
    with transaction.atomic():
        for ending in endings:
            old_end_participation(ending.peserta_id, ending.alasan, ending.tanggal,
                                  ending.keterangan)  # fmt: skip
        one_at_a_time = state(program)
        transaction.set_rollback(True)
    assert state(program) == before  # the old path was rolled back
    recomputed = Counter()

    def counting(invoice):
        recomputed[invoice.pk] += 1
        return reallocate(invoice)

    monkeypatch.setattr(payments, "reallocate", counting)

    ended = end_participations(user=admin(), endings=endings)

    after = state(program)
    assert after == one_at_a_time
    assert after["lines"] != before["lines"] and after["invoices"] != before["invoices"]
    assert len(ended) == 5 and fifth.pk not in ended
    # Each invoice that lost a line is recomputed once: February–June, two funders.
    assert set(recomputed.values()) == {1}
    assert len(recomputed) == 10
    assert queries.reconciliation(program).ok
    assert queries.lines_outside_cover(program) == 0


def test_an_earlier_end_stays_and_a_later_one_moves_earlier(program):
    fifth = end_first_earlier(program)
    sixth = Peserta.objects.filter(program=program).order_by("nomor_urut")[6]
    end_participation(user=admin(), peserta=sixth, alasan=AlasanBerakhir.PINDAH,
                      tanggal=dt.date(2026, 5, 20))  # fmt: skip

    end_participations(
        user=None,
        endings=[
            Ending(fifth.pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 4, 20)),
            Ending(sixth.pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 2, 2)),
        ],
    )

    fifth.refresh_from_db()
    sixth.refresh_from_db()
    assert (fifth.bulan_akhir, fifth.alasan_berakhir) == (START, AlasanBerakhir.PINDAH)
    assert (sixth.bulan_akhir, sixth.alasan_berakhir) == (
        dt.date(2026, 2, 1),
        AlasanBerakhir.MENINGGAL,
    )
    assert sixth.tanggal_peristiwa == dt.date(2026, 2, 2)
    assert max(Iuran.objects.filter(peserta=sixth).values_list("tagihan__bulan", flat=True)) == (
        dt.date(2026, 2, 1)
    )


def test_deaths_reported_late_for_paid_months_leave_credit(program):
    p = list(Peserta.objects.filter(program=program).order_by("nomor_urut"))
    march_before = {
        t.pendana: t for t in Tagihan.objects.filter(program=program, bulan=dt.date(2026, 3, 1))
    }

    end_participations(
        user=None,
        endings=[Ending(x.pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 2, 10)) for x in p[:3]],
    )

    for pendana, before in march_before.items():
        march = Tagihan.objects.get(pk=before.pk)
        share = before.jumlah // before.peserta
        # Paid in full for nine; three lines are gone, their shares stay as a credit.
        assert march.peserta == before.peserta - 3, pendana
        assert (march.jumlah, march.diterima) == (before.jumlah - 3 * share, before.diterima)
        assert march.kelebihan == 3 * share
        # The credit moves on to April, whose own removed lines add to it.
        assert march.kredit_keluar == 3 * share
    # May was paid in part: the credit carried in pays its lines in full, and what is
    # left moves on to June, billed and unpaid, where it pays lines; nothing is held.
    for pendana in march_before:
        may = Tagihan.objects.get(program=program, bulan=dt.date(2026, 5, 1), pendana=pendana)
        june = Tagihan.objects.get(program=program, bulan=dt.date(2026, 6, 1), pendana=pendana)
        assert may.kredit_masuk > 0 and may.dibayar == may.jumlah
        assert may.kredit_keluar == may.kelebihan > 0
        assert june.diterima == 0 and june.dibayar == june.kredit_masuk == may.kredit_keluar
        assert 0 < june.dibayar < june.jumlah and june.kelebihan_tertahan == 0
    assert queries.reconciliation(program).ok


def test_a_bad_reason_or_a_foreign_programme_changes_nothing(program):
    first = Peserta.objects.filter(program=program).order_by("nomor_urut").first()
    before = state(program)
    with pytest.raises(ValueError, match="tidak dikenal"):
        end_participations(
            user=None,
            endings=[
                Ending(first.pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 2, 1)),
                Ending(first.pk, "hilang", dt.date(2026, 2, 1)),
            ],
        )
    outsider = user("pengelola-lain", "pengelola", "65")  # another province
    with pytest.raises(PermissionDenied):
        end_participations(
            user=outsider,
            endings=[Ending(first.pk, AlasanBerakhir.MENINGGAL, dt.date(2026, 2, 1))],
        )
    assert state(program) == before


def test_a_withdrawal_of_many_ends_them_and_recomputes_each_invoice_once(program, monkeypatch):
    p = list(Peserta.objects.filter(program=program).order_by("nomor_urut"))
    amend_and_approve(user=admin(), program=program, alasan="Data ganda",
                   cabut={x.person_id: f"Ganda {i}" for i, x in enumerate(p[:4])})  # fmt: skip
    recomputed = Counter()

    def counting(invoice):
        recomputed[invoice.pk] += 1
        return reallocate(invoice)

    monkeypatch.setattr(payments, "reallocate", counting)

    assert end_withdrawn(program) == 4
    month = month_start(timezone.localdate())
    for i, x in enumerate(p[:4]):
        x.refresh_from_db()
        assert (x.alasan_berakhir, x.keterangan_berakhir) == (AlasanBerakhir.DICABUT, f"Ganda {i}")
        assert x.bulan_akhir == min(month, program.bulan_akhir)
    assert all(n == 1 for n in recomputed.values())
    assert end_withdrawn(program) == 0
    assert queries.reconciliation(program).ok
    assert queries.lines_outside_cover(program) == 0
