"""Persons and programmes for the programme tests, made directly (the registry's own
intake is tested elsewhere)."""

import datetime as dt

from django.utils import timezone
from hypothesis import strategies as st

from jaring.programs.models import Alokasi, Dtks, Program
from jaring.registry.models import Person

# A village in each of East Kalimantan's ten regencies and cities.
VILLAGES = {
    "64.01": "64.01.01.2009", "64.02": "64.02.01.2001", "64.03": "64.03.01.2001",
    "64.07": "64.07.05.2008", "64.08": "64.08.01.2001", "64.09": "64.09.01.1001",
    "64.11": "64.11.01.2001", "64.71": "64.71.01.1001", "64.72": "64.72.01.1001",
    "64.74": "64.74.01.1001",
}  # fmt: skip
WORK = ["nelayan", "ojek", "prt", "pedagang_pasar"]
START = dt.date(2027, 1, 1)

person = st.tuples(
    st.sampled_from(sorted(VILLAGES)),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2015, 12, 31)),
    st.sampled_from(WORK),
    st.one_of(st.none(), st.integers(0, 5_000_000)),
    st.booleans(),  # in the poverty registry
)


def make_people(people, *, first_nik: int = 6471010100000000) -> list[Person]:
    now = timezone.now()
    persons = Person.objects.bulk_create(
        Person(
            nik=f"{first_nik + i}", nama=f"Pekerja {i}", tanggal_lahir=born,
            jenis_kelamin="L", wilayah_id=VILLAGES[regency], pekerjaan_id=work,
            penghasilan=income, created_at=now - dt.timedelta(days=400 * (i % 5)), updated_at=now,
        )
        for i, (regency, born, work, income, *_) in enumerate(people)
    )  # fmt: skip
    Dtks.objects.bulk_create(
        Dtks(nik=p.nik, created_at=now)
        for p, spec in zip(persons, people, strict=True)
        if len(spec) > 4 and spec[4]
    )
    return persons


def make_program(**fields) -> Program:
    defaults = {
        "kode": "P", "nama": "Uji", "dasar_hukum_jenis": "pergub", "dasar_hukum_nomor": "1/2027",
        "wilayah_id": "64", "bulan_mulai": START, "jumlah_bulan": 12, "kuota_total": 10,
        "alokasi": Alokasi.PROPORSIONAL_ELIGIBLE,
    }  # fmt: skip
    pekerjaan = fields.pop("pekerjaan", [])
    program = Program.objects.create(**{**defaults, **fields})
    program.pekerjaan_sasaran.set(pekerjaan)
    return program
