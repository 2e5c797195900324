"""Demo co-funding and workers who continued on their own, built through the real
services and imports so ``make run`` shows both:

* last year's small province programme, co-funded by component — APBD provinsi pays
  JKK, the workers pay JKM themselves (*porsi pekerja*) —, enrolled, billed for its
  twelve months (the government's invoices paid; the workers' shares never invoiced)
  and followed through BPJS's monthly membership files ("Bulan iuran", "Status iuran"):
  most workers paid their share, two missed the last months;
* when it ended, a few of its participants continued on their own (*lanjut mandiri*)
  from January, and this year's membership files show some still paying 3, 6 and 12
  months later — the dashboard's sustainability panel.
"""

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jaring.accounts.models import User
from jaring.contributions.billing import bill_through
from jaring.contributions.continuation import accept
from jaring.contributions.models import Tagihan
from jaring.contributions.payments import record_payment
from jaring.core.months import add_months, month_start, months_of
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.enrollment.services import create_batch
from jaring.matching.membership import import_membership
from jaring.programs import services
from jaring.programs.models import Alokasi, DasarHukum, Program
from jaring.programs.selection import run_selection
from jaring.synthetic.demo_billing import _respond, _write
from jaring.synthetic.provinces import Profil

HEADER = ["KPJ", "NIK", "Nama", "Tanggal Lahir", "Segmen", "Status", "Bulan Iuran",
          "Status Iuran"]  # fmt: skip
# How many months each continuing worker kept paying (from January): the figure then
# reads 5 of 6 after 3 months, 4 after 6, 2 after 12.
KEPT_PAYING = (12, 12, 8, 6, 3, 1)


def build_demo_continuation(
    profil: Profil, *, seed: int, progress: Callable[[str], None] = print
) -> Program | None:
    rng = random.Random(seed + 17)
    today = timezone.localdate()
    year = today.year - 1
    manager = User.objects.get(username=f"pengelola.{profil.singkat}")
    finance = User.objects.get(username=f"keuangan.{profil.singkat}")
    bpjs = User.objects.get(username=f"bpjs.{profil.singkat}")
    admin = User.objects.get(username="admin")
    inbox = Path(settings.MEDIA_ROOT) / "demo-inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        program = Program(
            kode=f"BERSAMA-{profil.singkat.upper()}-{year}",
            nama=f"Perlindungan Bersama Pekerja Rentan {profil.nama} {year}",
            dasar_hukum_jenis=DasarHukum.PERGUB,
            dasar_hukum_nomor=f"7 Tahun {year - 1}",
            wilayah_id=profil.kode,
            bulan_mulai=dt.date(year, 1, 1),
            jumlah_bulan=12,
            kuota_total=14,
            alokasi=Alokasi.PROPORSIONAL_ELIGIBLE,
            usia_min=15,
            usia_maks=65,
        )
        services.save_program(
            user=manager, program=program, pekerjaan=["ojek", "pedagang_pasar", "nelayan"],
            pendana={"apbd_provinsi": Decimal(100)},
            komponen={"jkm": {"mandiri": Decimal(100)}},
        )  # fmt: skip
        run_selection(program, user=manager, as_of=program.bulan_mulai)
        for regency in profil.regencies:
            services.verify_region(user=admin, program=program, kode=regency)
        # The two-person rule: whoever ran the selection does not approve it.
        approver = User.objects.get(username=f"pengelola2.{profil.singkat}")
        services.approve(user=approver, program=program)
    create_batch(user=bpjs, program=program, bulan_pertama=program.bulan_mulai)
    _respond(program, manager, inbox, f"respons-bpjs-bersama-{year}.csv", set())
    accepted = list(
        Peserta.objects.filter(program=program, status=StatusPendaftaran.DITERIMA)
        .select_related("person")
        .order_by("nomor_urut")
    )
    if len(accepted) < len(KEPT_PAYING) + 2:
        return program
    bill_through(user=finance, program=program, last=program.bulan_akhir)
    for number, invoice in enumerate(Tagihan.objects.filter(program=program).order_by("bulan")):
        record_payment(
            user=finance, tagihan=invoice, jumlah=invoice.jumlah,
            tanggal=min(add_months(invoice.bulan, 1).replace(day=20), today),
            referensi=f"SP2D/{invoice.bulan:%Y}/B{number + 1:03d}",
        )  # fmt: skip
    late = set(rng.sample([p.pk for p in accepted], 2))
    for month in months_of(program.bulan_mulai, program.bulan_akhir):
        missed = late if month >= add_months(program.bulan_akhir, -1) else set()
        _membership(inbox, month, [(p, p.pk not in missed) for p in accepted], today, bpjs)
    continuing = rng.sample(accepted, len(KEPT_PAYING))
    accept(user=manager, program=program, peserta_ids=[p.pk for p in continuing])
    first = add_months(program.bulan_akhir, 1)
    for month in months_of(first, month_start(today)):
        paid = [(p, months_paid > (month.month - first.month))
                for p, months_paid in zip(continuing, KEPT_PAYING, strict=True)]  # fmt: skip
        _membership(inbox, month, paid, today, bpjs)
    progress(
        f"Program {program.kode}: JKK dibayar APBD, JKM dibayar pekerja sendiri "
        f"({len(accepted)} peserta); {len(continuing)} peserta lanjut mandiri sejak "
        f"{first:%m/%Y}."
    )
    return program


def _membership(inbox: Path, month: dt.date, rows, today: dt.date, user) -> None:
    """BPJS's membership file for ``month``: each worker's own payment of it."""
    lines = [
        [p.kpj, p.person.nik, p.person.nama, f"{p.person.tanggal_lahir:%Y-%m-%d}", "BPU",
         "AKTIF", f"{month:%Y-%m}", "LUNAS" if paid else "BELUM"]
        for p, paid in rows
    ]  # fmt: skip
    path = _write(inbox / f"kepesertaan-bpjs-{month:%Y-%m}.csv", HEADER, lines)
    position = min(add_months(month, 1).replace(day=20), today)
    import_membership(path=path, tanggal_data=position, user=user)
