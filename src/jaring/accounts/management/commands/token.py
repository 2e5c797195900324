"""``jaring token create --user USERNAME [--name NAMA]`` · ``jaring token list`` ·
``jaring token revoke AWALAN`` — keys other systems use to call the API as a user."""

from django.core.management.base import CommandError

from jaring import commands
from jaring.accounts.models import ApiToken, User
from jaring.accounts.tokens import create_token, revoke


class Command(commands.Command):
    help = "Kelola token API (kunci sistem lain untuk memanggil /api/v1/ sebagai pengguna)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        make = actions.add_parser("create", help="buat token untuk seorang pengguna")
        make.add_argument("--user", required=True, help="nama pengguna pemilik token")
        make.add_argument("--name", default="", help="untuk apa token ini (mis. SIPP BPJS)")
        actions.add_parser("list", help="daftar token (awalan, pengguna, status)")
        drop = actions.add_parser("revoke", help="cabut token")
        drop.add_argument(
            "prefix", metavar="AWALAN", help="awalan token (12 karakter pertama, jrg_…)"
        )

    def handle(self, *args, **options):
        if options["aksi"] == "create":
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Pengguna {options['user']} tidak ditemukan.", returncode=2)
            token, key = create_token(user, options["name"])
            self.stdout.write(key)
            self.stderr.write(
                f"Token {token.prefix}… untuk {user.username} ({user.get_role_display()}). "
                "Simpan sekarang: token ini tidak dapat ditampilkan lagi. Kirim sebagai "
                "header 'Authorization: Bearer <token>'."
            )
        elif options["aksi"] == "list":
            for token in ApiToken.objects.select_related("user"):
                state = "dicabut" if token.revoked_at else "aktif"
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "-"
                self.stdout.write(
                    f"{token.prefix}  {token.user.username:<20} {state:<8} dipakai {used}  "
                    f"{token.nama}"
                )
        elif not revoke(options["prefix"]):
            raise CommandError(f"Tidak ada token aktif berawalan {options['prefix']}.")
        else:
            self.stdout.write(f"Token {options['prefix']}… dicabut.")
