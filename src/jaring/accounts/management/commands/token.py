"""``jaring token create --user USERNAME [--name NAMA] [--hari N] [--hanya-baca]`` ·
``jaring token list`` · ``jaring token revoke AWALAN`` — keys other systems use to call
the API as a user. Every key ends after ``--hari`` days (default ``JARING_API_KEY_DAYS``);
``--hanya-baca`` makes a key that may only read."""

from django.core.management.base import CommandError
from django.utils import timezone

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
        make.add_argument("--hari", type=int, help="masa berlaku dalam hari (bawaan 365)")
        make.add_argument(
            "--hanya-baca", action="store_true", help="token hanya boleh membaca (GET)"
        )
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
            try:
                token, key = create_token(
                    user, options["name"], days=options["hari"], read_only=options["hanya_baca"]
                )
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            self.stdout.write(key)
            reading = " Hanya untuk membaca." if token.hanya_baca else ""
            self.stderr.write(
                f"Token {token.prefix}… untuk {user.username} ({user.get_role_display()}), "
                f"berlaku sampai {token.berlaku_sampai:%d-%m-%Y}.{reading} "
                "Simpan sekarang: token ini tidak dapat ditampilkan lagi. Kirim sebagai "
                "header 'Authorization: Bearer <token>'."
            )
        elif options["aksi"] == "list":
            now = timezone.now()
            for token in ApiToken.objects.select_related("user"):
                state = (
                    "dicabut" if token.revoked_at
                    else "berakhir" if token.berlaku_sampai and token.berlaku_sampai <= now
                    else "baca" if token.hanya_baca
                    else "aktif"
                )  # fmt: skip
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "-"
                self.stdout.write(
                    f"{token.prefix}  {token.user.username:<20} {state:<8} dipakai {used}  "
                    f"{token.nama}"
                )
        elif not revoke(options["prefix"]):
            raise CommandError(f"Tidak ada token aktif berawalan {options['prefix']}.")
        else:
            self.stdout.write(f"Token {options['prefix']}… dicabut.")
