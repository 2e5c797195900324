"""``jaring otp reset USERNAME`` — remove a user's second factor from the server, for
the administrator who lost the phone and the recovery codes (other users are reset by an
administrator in the admin). The user enrols again at the next sign-in."""

from django.core.management.base import CommandError

from jaring import commands
from jaring.accounts import second_factor
from jaring.accounts.models import User


class Command(commands.Command):
    help = "Atur ulang verifikasi dua langkah seorang pengguna (ia mendaftar lagi)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        reset = actions.add_parser("reset", help="hapus perangkat verifikasi pengguna")
        reset.add_argument("username", metavar="PENGGUNA", help="nama pengguna")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Pengguna {options['username']} tidak ditemukan.", returncode=2)
        second_factor.remove_devices(user, by=None)
        self.stdout.write(
            f"Verifikasi dua langkah {user.username} diatur ulang: ia mendaftar lagi saat "
            "masuk berikutnya."
        )
