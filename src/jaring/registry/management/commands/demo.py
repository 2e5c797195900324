"""``jaring demo [--workers N] [--seed S] [--if-empty]`` — synthetic Kaltim data and
demo users for every role; always ends with the table of demo logins."""

from django.core.management.base import BaseCommand

from jaring.dashboard.services import refresh_summaries
from jaring.synthetic.demo import build_demo, create_users, demo_is_loaded
from jaring.synthetic.demo_programs import build_demo_programs


class Command(BaseCommand):
    help = "Isi Jaring dengan data contoh Kalimantan Timur dan pengguna demo untuk setiap peran."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=3000, help="jumlah baris pekerja")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="lewati pembuatan data bila registri sudah berisi",
        )

    def handle(self, *args, **options):
        build = not (options["if_empty"] and demo_is_loaded())
        if not build:
            self.stdout.write("Registri sudah berisi data; data contoh tidak dibuat ulang.")
        else:
            self.stdout.write(
                f"Membuat data contoh: {options['workers']} baris pekerja (seed {options['seed']})…"
            )
            totals = build_demo(
                workers=options["workers"], seed=options["seed"], progress=self.stdout.write
            )
            self.stdout.write(
                f"Selesai: {totals['rows']} baris — {totals['accepted']} diterima, "
                f"{totals['duplicates']} duplikat, {totals['rejected']} ditolak."
            )
        logins = create_users()
        if build:
            build_demo_programs(seed=options["seed"], progress=self.stdout.write)
            # Every summary after the last step (registry, coverage, programmes, billing,
            # payments, claims): the dashboard shows every panel filled at once.
            written = refresh_summaries()
            self.stdout.write(
                "Dasbor: ringkasan diperbarui ("
                + ", ".join(f"{name} {rows}" for name, rows in written.items())
                + " baris)."
            )
        self.stdout.write("")
        self.stdout.write("Login demo (http://127.0.0.1:8000/masuk/):")
        self.stdout.write(f"  {'pengguna':<18} {'peran':<34} {'wilayah':<8} kata sandi")
        for username, role, region, password in logins:
            self.stdout.write(f"  {username:<18} {role:<34} {region:<8} {password}")
