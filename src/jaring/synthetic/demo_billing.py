"""Demo enrolment, billing, payments and claims for the province programme, built
through the real services so a user of ``make run`` sees every step done:

* a registration batch to BPJS and its response: KPJ numbers for almost everyone, a
  few rejections (with BPJS's reasons) replaced from the waiting list; the
  replacements wait for the next batch — a step left for the user, as the top-up's
  verification is;
* every month from January up to the current month billed;
* payments: every month before last paid in full, last month paid in part (arrears
  visible on the invoice and in the arrears report), this month not yet paid;
* a claim report with a handful of claims (work accidents, a death with its heir and
  the child's scholarship): the death ends that participant's cover.

Files go through the same imports a user runs (CSV files in the demo inbox).
"""

import csv
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from jaring.accounts.models import User
from jaring.claims.services import import_claims
from jaring.contributions.billing import bill_through
from jaring.contributions.models import Tagihan
from jaring.contributions.payments import record_payment
from jaring.core.months import add_months, month_start
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.enrollment.responses import import_response
from jaring.enrollment.services import create_batch, enrol_beneficiaries
from jaring.programs import services as programs
from jaring.programs.models import Penerima, Program
from jaring.synthetic.provinces import Profil

REJECTIONS = [
    "NIK tidak ditemukan di data Dukcapil",
    "Tanggal lahir tidak sesuai data kependudukan",
    "Sudah terdaftar sebagai peserta penerima upah",
]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _kpj(peserta_id: int) -> str:
    return f"{24_000_000_000 + peserta_id:011d}"


def _respond(program, user, inbox: Path, name: str, reject: set[int]):
    rows = []
    sent = Peserta.objects.filter(program=program, status=StatusPendaftaran.DIKIRIM)
    for i, p in enumerate(sent.select_related("person").order_by("nomor_urut")):
        if p.pk in reject:
            rows.append([p.person.nik, p.person.nama, "", "DITOLAK", REJECTIONS[i % 3]])
        else:
            rows.append([p.person.nik, p.person.nama, _kpj(p.pk), "DITERIMA", ""])
    path = _write(inbox / name, ["NIK", "Nama", "KPJ", "Status", "Keterangan"], rows)
    return import_response(user=user, program=program, path=path, ganti=True)


def _paid_on(month: dt.date, today: dt.date) -> dt.date:
    """Treasuries pay a month's invoice around the 20th of the next month."""
    return min(add_months(month, 1).replace(day=20), today)


def build_demo_billing(
    profil: Profil, province: Program, *, seed: int, progress: Callable[[str], None] = print
) -> None:
    if not Penerima.objects.filter(program=province).exists():
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    this_month = month_start(today)
    manager = User.objects.get(username=f"pengelola.{profil.singkat}")
    finance = User.objects.get(username=f"keuangan.{profil.singkat}")
    bpjs = User.objects.get(username=f"bpjs.{profil.singkat}")
    inbox = Path(settings.MEDIA_ROOT) / "demo-inbox"
    inbox.mkdir(parents=True, exist_ok=True)

    first = create_batch(user=bpjs, program=province, bulan_pertama=province.bulan_mulai)
    ids = list(first.peserta.order_by("nomor_urut").values_list("id", flat=True))
    rejected = set(rng.sample(ids, min(3, max(0, len(ids) - 1))))
    answer = _respond(province, manager, inbox, "respons-bpjs-1.csv", rejected)
    # The replacement amendment the response prepared takes effect when a second
    # manager approves it (the two-person rule).
    approver = User.objects.get(username=f"pengelola2.{profil.singkat}")
    for amendment in programs.pending_amendments(province):
        programs.approve_amendment(user=approver, amendment=amendment)
    enrol_beneficiaries(Program.objects.get(pk=province.pk))  # they wait for the next batch
    progress(
        f"Pendaftaran BPJS {province.kode}: batch {first.nomor} ({first.jumlah} peserta), "
        f"{answer.record.ditolak} ditolak dan {answer.record.diganti} diganti dari daftar "
        "tunggu; pengganti menunggu batch berikutnya."
    )

    last = min(this_month, province.bulan_akhir)
    results = bill_through(user=finance, program=province, last=last)
    invoices = list(Tagihan.objects.filter(program=province).order_by("bulan", "pendana"))
    months = sorted({i.bulan for i in invoices})
    partial_month = months[-2] if len(months) > 1 else months[-1]
    for number, invoice in enumerate(invoices, start=1):
        if invoice.bulan > partial_month or invoice.jumlah == 0:
            continue  # this month: billed, not yet due
        amount = invoice.jumlah
        if invoice.bulan == partial_month:
            amount = invoice.jumlah * 7 // 10
        record_payment(
            user=finance,
            tagihan=invoice,
            jumlah=amount,
            tanggal=_paid_on(invoice.bulan, today),
            referensi=f"SP2D/{invoice.bulan:%Y}/{number:04d}",
        )
    progress(
        f"Iuran {province.kode}: {len(results)} bulan ditagih, lunas sampai "
        f"{add_months(partial_month, -1):%m/%Y}, {partial_month:%m/%Y} dibayar 70%."
    )

    accepted = list(
        Peserta.objects.filter(program=province, status=StatusPendaftaran.DITERIMA)
        .select_related("person")
        .order_by("id")
    )
    if len(accepted) < 4:
        return
    died, hurt, hurt2 = rng.sample(accepted, 3)
    event_month = months[max(0, len(months) - 3)]
    paid = min(today, add_months(event_month, 1).replace(day=12))

    def day(month: dt.date, d: int) -> str:
        return min(month.replace(day=d), today).isoformat()

    rows = [
        [hurt.kpj, hurt.person.nik, hurt.person.nama, "JKK", day(months[0], 9),
         day(months[0], 28), "4750000", ""],
        [hurt2.kpj, "", hurt2.person.nama, "JKK", day(event_month, 3), paid.isoformat(),
         "12300000", ""],
        [died.kpj, died.person.nik, died.person.nama, "JKM", day(event_month, 6),
         paid.isoformat(), "42000000", "Ahli waris " + died.person.nama.split()[0]],
        [died.kpj, died.person.nik, died.person.nama, "Beasiswa", day(event_month, 6),
         paid.isoformat(), "1500000", "Anak " + died.person.nama.split()[0]],
    ]  # fmt: skip
    path = _write(
        inbox / "laporan-klaim.csv",
        ["KPJ", "NIK", "Nama", "Jenis Klaim", "Tanggal Kejadian", "Tanggal Bayar", "Jumlah",
         "Ahli Waris"],
        rows,
    )  # fmt: skip
    claims = import_claims(user=bpjs, path=path)
    progress(
        f"Klaim: {claims.record.added} klaim dicatat, {claims.record.deaths} peserta "
        "meninggal (kepesertaannya berakhir)."
    )
