"""BPU contribution rates of domain.md: JKK 1% of declared income, JKM Rp 6,800,
declared-income floor Rp 1,000,000 (minimum Rp 16,800 per worker-month); JHT 2% is
voluntary. Later regulations add rows with their own effective date."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    Tarif = apps.get_model("programs", "Tarif")
    Tarif.objects.update_or_create(
        berlaku_mulai=dt.date(2015, 7, 1),
        defaults={
            "jkk_persen": Decimal("1.000"),
            "jkm_rupiah": 6800,
            "jht_persen": Decimal("2.000"),
            "penghasilan_minimum": 1_000_000,
            "dasar_hukum": "PP 44/2015 jo. PP 82/2019 (peserta bukan penerima upah)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
