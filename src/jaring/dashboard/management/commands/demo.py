"""``jaring demo [--provinsi KODE] [--workers N] [--seed S] [--if-empty]`` — synthetic
data of one province (``settings.JARING_PROVINSI`` by default, East Kalimantan) and demo
users for every role; always ends with the table of demo logins."""

import datetime as dt

from django.conf import settings
from django.core.management.base import CommandError
from django.db.models import Max
from django.utils import timezone

from jaring import commands
from jaring.core.months import month_start
from jaring.dashboard.demo import build_demo_coverage
from jaring.dashboard.models import CoverageSummary
from jaring.events import in_foreground
from jaring.synthetic.demo import (
    DEMO_TOTP_KEY,
    build_demo,
    create_users,
    demo_inbox,
    demo_is_loaded,
)
from jaring.synthetic.demo_complaints import build_demo_complaints
from jaring.synthetic.demo_programs import build_demo_programs
from jaring.synthetic.provinces import Profil, UnknownProvince, profile


class Command(commands.Command):
    help = "Isi Jaring dengan data contoh satu provinsi dan pengguna demo untuk setiap peran."

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinsi",
            metavar="KODE",
            default=None,
            help="kode Kemendagri provinsi, mis. 64 (Kalimantan Timur) atau 76 (Sulawesi "
            "Barat); bawaan: JARING_PROVINSI",
        )
        parser.add_argument(
            "--workers",
            "--skala",
            dest="workers",
            type=int,
            default=3000,
            help="jumlah baris pekerja (ukuran demo; 300 cukup untuk uji cepat)",
        )
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="lewati pembuatan data bila registri sudah berisi",
        )

    def handle(self, *args, **options):
        if options["workers"] < 50:
            raise CommandError("Jumlah baris pekerja minimal 50.", returncode=2)
        try:
            profil = profile(options["provinsi"] or settings.JARING_PROVINSI)
        except UnknownProvince as exc:
            raise CommandError(str(exc), returncode=2) from exc
        build = not (options["if_empty"] and demo_is_loaded())
        if not build:
            self.stdout.write("Registri sudah berisi data; data contoh tidak dibuat ulang.")
        else:
            self.stdout.write(
                f"Membuat data contoh Provinsi {profil.nama}: {options['workers']} baris "
                f"pekerja (seed {options['seed']})…"
            )
            # Every step announces what it changed; the summaries are rebuilt once, after
            # the last (registry, coverage, programmes, billing, payments, claims), so the
            # dashboard shows every panel filled at once.
            with in_foreground() as gathered:
                self.build(profil, options)
            written = {
                name: rows
                for _, response in gathered.responses
                if isinstance(response, dict)
                for name, rows in response.items()
            }
            self.stdout.write(
                "Dasbor: ringkasan diperbarui ("
                + ", ".join(f"{name} {rows}" for name, rows in written.items())
                + " baris)."
            )
        logins = create_users(profil)
        self.stdout.write("")
        self.stdout.write("Login demo (http://127.0.0.1:8000/masuk/):")
        self.stdout.write(f"  {'pengguna':<18} {'peran':<34} {'wilayah':<8} kata sandi")
        for username, role, region, password in logins:
            self.stdout.write(f"  {username:<18} {role:<34} {region:<8} {password}")
        self.stdout.write(
            "Kunci TOTP demo (admin, pengelola, keuangan; tambahkan di aplikasi "
            f"autentikator, berbasis waktu, 6 angka): {DEMO_TOTP_KEY}"
        )

    def build(self, profil: Profil, options) -> None:
        seed, say = options["seed"], self.stdout.write
        totals = build_demo(profil, workers=options["workers"], seed=seed, progress=say)
        say(
            f"Selesai: {totals['rows']} baris — {totals['accepted']} diterima, "
            f"{totals['duplicates']} duplikat, {totals['rejected']} ditolak."
        )
        figures = build_demo_coverage(profil, inbox=demo_inbox(), seed=seed)
        say(
            f"Dasbor: {figures['angkatan_kerja']} angka angkatan kerja, {figures['peserta']} "
            "angka peserta BPJS (sintetis)."
        )
        create_users(profil)
        build_demo_programs(profil, seed=seed, progress=say)
        # Filed inside the dashboard's latest month, so its complaints panel shows them.
        latest = CoverageSummary.objects.aggregate(m=Max("bulan"))["m"]
        today = timezone.localdate()
        filed_on = min(today, (latest or month_start(today)) + dt.timedelta(days=9))
        count = build_demo_complaints(profil, seed=seed, filed_on=filed_on)
        say(f"Pengaduan pekerja: {count} contoh.")
