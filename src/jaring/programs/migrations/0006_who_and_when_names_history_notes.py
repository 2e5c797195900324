"""The who/when fields take the glossary's names (``created_at``, ``created_by``,
``updated_at`` for a row an import refreshes); columns are renamed, data kept. A
history entry also keeps its note's key and figures (``rincian``), so a page can say it
in its reader's language."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_priority_weight_range"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("program", "dibuat_oleh", "created_by"),
        migrations.RenameField("pengecualian", "oleh", "created_by"),
        migrations.RenameField("pengecualian", "pada", "created_at"),
        migrations.RenameField("verifikasiwilayah", "oleh", "created_by"),
        migrations.RenameField("verifikasiwilayah", "pada", "created_at"),
        migrations.RenameField("amandemen", "oleh", "created_by"),
        migrations.RenameField("amandemen", "pada", "created_at"),
        migrations.RenameField("riwayatprogram", "oleh", "created_by"),
        migrations.RenameField("riwayatprogram", "pada", "created_at"),
        migrations.RenameField("dtks", "imported_at", "created_at"),
        migrations.AlterModelOptions(
            name="riwayatprogram",
            options={
                "ordering": ["program_id", "-created_at", "-id"],
                "verbose_name": "riwayat program",
                "verbose_name_plural": "riwayat program",
            },
        ),
        migrations.AlterField(
            model_name="amandemen",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="dibuat"),
        ),
        migrations.AlterField(
            model_name="amandemen",
            name="created_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dibuat oleh",
            ),
        ),
        migrations.AlterField(
            model_name="pengecualian",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="dicoret pada"),
        ),
        migrations.AlterField(
            model_name="pengecualian",
            name="created_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dicoret oleh",
            ),
        ),
        migrations.AlterField(
            model_name="riwayatprogram",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="dibuat"),
        ),
        migrations.AlterField(
            model_name="riwayatprogram",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dibuat oleh",
            ),
        ),
        migrations.AlterField(
            model_name="verifikasiwilayah",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="diverifikasi pada"),
        ),
        migrations.AlterField(
            model_name="verifikasiwilayah",
            name="created_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="diverifikasi oleh",
            ),
        ),
        migrations.AddField(
            model_name="riwayatprogram",
            name="rincian",
            field=models.JSONField(blank=True, default=dict, verbose_name="rincian"),
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
                    ("ditutup", "Program ditutup"),
                ],
                max_length=20,
                verbose_name="aksi",
            ),
        ),
    ]
