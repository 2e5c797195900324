"""Payments wait for a second person's confirmation; the ones recorded before counted
at once, so they are confirmed as of when they were recorded."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def confirm_earlier(apps, schema_editor):
    Pembayaran = apps.get_model("contributions", "Pembayaran")
    Pembayaran.objects.filter(confirmed_at__isnull=True).update(confirmed_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_relief_and_credit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="pembayaran",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dikonfirmasi"),
        ),
        migrations.AddField(
            model_name="pembayaran",
            name="confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dikonfirmasi oleh",
            ),
        ),
        migrations.AddField(
            model_name="pembayaran",
            name="impor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pembayaran",
                to="contributions.imporpembayaran",
                verbose_name="berkas pembayaran",
            ),
        ),
        migrations.RunPython(confirm_earlier, migrations.RunPython.noop),
    ]
