"""A change of a user's role and scope waits for a second administrator (accounts.roles)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_api_key_term_and_read_only"),
        ("registry", "0009_pekerjaan_sektor"),
        ("wilayah", "0004_kode_bps_asal"),
    ]

    operations = [
        migrations.CreateModel(
            name="PerubahanPeran",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("operator", "Operator instansi"),
                            ("verifikator", "Verifikator (Disnaker kab/kota)"),
                            ("pengelola", "Pengelola program"),
                            ("keuangan", "Petugas keuangan"),
                            ("bpjs", "Petugas BPJS Ketenagakerjaan"),
                            ("pimpinan", "Pimpinan (hanya baca)"),
                            ("admin", "Administrator"),
                        ],
                        max_length=20,
                        verbose_name="peran baru",
                    ),
                ),
                (
                    "sebelumnya",
                    models.JSONField(blank=True, default=dict, verbose_name="sebelumnya"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("menunggu", "Menunggu konfirmasi"),
                            ("berlaku", "Berlaku"),
                            ("dibatalkan", "Dibatalkan"),
                        ],
                        default="menunggu",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="diajukan")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="diputuskan"),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.agency",
                        verbose_name="instansi baru",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="diajukan oleh",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="diputuskan oleh",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="perubahan_peran",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="pengguna",
                    ),
                ),
                (
                    "wilayah",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wilayah.wilayah",
                        verbose_name="wilayah kerja baru",
                    ),
                ),
            ],
            options={
                "verbose_name": "perubahan peran",
                "verbose_name_plural": "perubahan peran",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "menunggu")),
                        fields=("user",),
                        name="perubahan_peran_satu_menunggu",
                    )
                ],
            },
        ),
    ]
