"""Amendments wait for a second manager: the ones made before took effect at once, so
they are marked in force (``berlaku``), decided by whoever made them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_decided(apps, schema_editor):
    Amandemen = apps.get_model("programs", "Amandemen")
    Amandemen.objects.filter(decided_at__isnull=True).update(
        decided_by=models.F("created_by"), decided_at=models.F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0009_penyesuaian_tarif_pp50_2025"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="amandemen",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="diputuskan"),
        ),
        migrations.AddField(
            model_name="amandemen",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="diputuskan oleh",
            ),
        ),
        migrations.AddField(
            model_name="amandemen",
            name="status",
            field=models.CharField(
                choices=[
                    ("menunggu", "Menunggu persetujuan"),
                    ("berlaku", "Disetujui"),
                    ("dibatalkan", "Dibatalkan"),
                ],
                default="berlaku",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="amandemen",
            name="status",
            field=models.CharField(
                choices=[
                    ("menunggu", "Menunggu persetujuan"),
                    ("berlaku", "Disetujui"),
                    ("dibatalkan", "Dibatalkan"),
                ],
                default="menunggu",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(mark_decided, migrations.RunPython.noop),
        migrations.AddField(
            model_name="amandemen",
            name="usulan",
            field=models.JSONField(blank=True, default=dict, verbose_name="usulan perubahan"),
        ),
        migrations.AlterField(
            model_name="riwayatprogram",
            name="aksi",
            field=models.CharField(
                choices=[
                    ("dibuat", "Program dibuat"),
                    ("diubah", "Aturan program diubah"),
                    ("seleksi", "Seleksi dijalankan"),
                    ("dicoret", "Pekerja dicoret"),
                    ("dipulihkan", "Coretan dibatalkan"),
                    ("diverifikasi", "Daftar kabupaten/kota diverifikasi"),
                    ("verifikasi_gugur", "Verifikasi gugur karena daftar berubah"),
                    ("disetujui", "Daftar penerima disetujui"),
                    ("sk", "SK ditetapkan"),
                    ("amandemen", "Amandemen"),
                    ("amandemen_diajukan", "Amandemen diajukan"),
                    ("amandemen_batal", "Amandemen dibatalkan"),
                    ("daftar_tunggu", "Pekerja dimasukkan ke daftar tunggu"),
                    ("ditutup", "Program ditutup"),
                ],
                max_length=20,
                verbose_name="aksi",
            ),
        ),
    ]
