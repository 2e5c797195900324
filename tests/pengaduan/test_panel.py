"""The dashboard's complaints panel counts the complaints by regency, kind and status,
with the overdue ones and days open, within the viewer's region."""

import datetime as dt

import pytest
from complaints_world import BORN, make_people, staff
from django.utils import timezone

from jaring.dashboard.queries import build_for_scope
from jaring.pengaduan import services
from jaring.pengaduan.models import Pengaduan

pytestmark = pytest.mark.django_db


def test_panel_counts_by_regency_kind_and_status():
    people = staff()
    bpn1, bpn2, smd = make_people(
        [("64.71", BORN, "ojek", None), ("64.71", BORN, "ojek", None),
         ("64.72", BORN, "ojek", None)],
        first_nik=6471010100009000,
    )  # fmt: skip
    filed = [
        services.file_complaint(person=p, jenis=j, uraian="x", kanal="web")
        for p, j in [(bpn1, "data_salah"), (bpn2, "data_salah"), (smd, "lainnya")]
    ]
    services.reject(user=people["verif_bpn"], pengaduan=filed[1], alasan="Data sudah benar.")
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    Pengaduan.objects.filter(pk=filed[0].pk).update(
        created_at=ten_days_ago, batas_waktu=timezone.localdate() - dt.timedelta(days=1)
    )
    month = f"{timezone.localdate():%Y-%m}"
    period = {"dari": f"{(timezone.localdate() - dt.timedelta(days=40)):%Y-%m}", "sampai": month}

    province = build_for_scope("64", period).panels["pengaduan"]
    city = build_for_scope("64.71", period).panels["pengaduan"]

    # regency, kind, new, in progress, done, refused, overdue, average days open
    assert [r[2:] for r in province.rows] == [[1, 0, 0, 1, 1, 5], [1, 0, 0, 0, 0, 0]]
    assert [r[0].upper() for r in province.rows] == ["KOTA BALIKPAPAN", "KOTA SAMARINDA"]
    assert province.footer[2:] == [2, 0, 0, 1, 1, 3]
    assert [h.value for h in province.headlines] == [3, 1]
    assert [r[2:] for r in city.rows] == [[1, 0, 0, 1, 1, 5]]
    assert "<svg" in city.svg
