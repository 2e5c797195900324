"""Demo complaints (pengaduan): a handful of workers of the demo province's two featured
places (Balikpapan and Samarinda in East Kalimantan) who used the worker's door, so the
verifiers' home pages, the complaints queue and the dashboard's complaints panel show
what they look like in use. Filed, taken up and closed through ``pengaduan.services``
like real ones; only their dates are set back into the dashboard's latest month (and two
past their deadline), as a demo needs."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from jaring.pengaduan import services
from jaring.pengaduan.models import JenisPengaduan, Kanal, Pengaduan, Tindakan
from jaring.registry.models import Person
from jaring.synthetic.provinces import Profil

# (featured place 0 or 1, kind, what the worker wrote, what happens next)
CASES = [
    (0, JenisPengaduan.TIDAK_TERDAFTAR, "Saya nelayan, tetangga saya masuk daftar tetapi "
     "saya tidak.", "baru"),
    (0, JenisPengaduan.DATA_SALAH, "Tanggal lahir saya di data salah.", "diproses"),
    (0, JenisPengaduan.BANTUAN_KLAIM, "Suami saya meninggal waktu melaut. Bagaimana "
     "cara mengurus klaim?", "jawaban"),
    (0, JenisPengaduan.DITOLAK_BPJS, "Kata petugas pendaftaran saya ditolak BPJS.",
     "baru_terlambat"),
    (1, JenisPengaduan.TIDAK_TERDAFTAR, "Saya pedagang pasar, belum terdaftar.", "ditolak"),
    (1, JenisPengaduan.LAINNYA, "Kartu peserta saya belum dibagikan.", "baru_terlambat"),
]  # fmt: skip


def build_demo_complaints(profil: Profil, *, seed: int, filed_on: dt.date) -> int:
    """File the demo's complaints on ``filed_on`` (two of them 20 days earlier, now past
    their deadline); returns how many."""
    users = get_user_model().objects
    verifiers = [users.get(username=f"verifikator.{place.singkat}") for place in profil.tempat]
    draw = random.Random(seed)
    filed = 0
    for index, jenis, uraian, fate in CASES:
        place = profil.tempat[index]
        persons = Person.objects.golden().filter(wilayah__kode__startswith=place.kode + ".")
        if not persons.exists():
            continue  # a very small demo may have nobody there
        person = persons.order_by("pk")[draw.randrange(min(200, persons.count()))]
        complaint = services.file_complaint(
            person=person, jenis=jenis, uraian=uraian, kanal=Kanal.WEB
        )
        late = fate.endswith("terlambat")
        moment = timezone.make_aware(
            dt.datetime.combine(filed_on - dt.timedelta(days=20 if late else 0), dt.time(9))
        )
        Pengaduan.objects.filter(pk=complaint.pk).update(
            created_at=moment, batas_waktu=services.deadline_for(moment.date())
        )
        complaint.refresh_from_db()
        filed += 1
        verifier = verifiers[index]
        if fate in ("diproses", "jawaban", "ditolak"):
            services.take_up(user=verifier, pengaduan=complaint, alasan="Sedang kami periksa.")
        if fate == "jawaban":
            services.resolve(
                user=verifier, pengaduan=complaint, tindakan=Tindakan.JAWABAN,
                alasan=f"Datang ke kantor BPJS Ketenagakerjaan {place.nama} dengan akta "
                "kematian dan KTP; petugas kami mendampingi.",
            )  # fmt: skip
        elif fate == "ditolak":
            services.reject(
                user=verifier, pengaduan=complaint,
                alasan="Penghasilan Anda di atas batas program tahun ini.",
            )  # fmt: skip
    return filed
