"""Occupation categories of domain.md, with the spellings clerks commonly use."""

from django.db import migrations

PEKERJAAN = [
    ("nelayan", "Nelayan", "nelayan tangkap|nelayan tradisional|buruh nelayan"),
    ("pedagang_pasar", "Pedagang Pasar", "pedagang|pedagang pasar tradisional"),
    ("pedagang_kaki_lima", "Pedagang Kaki Lima", "pkl|pedagang keliling"),
    ("ojek", "Tukang Ojek", "ojek|ojol|ojek online|ojek pangkalan|pengemudi ojek"),
    ("sopir_angkutan", "Sopir Angkutan", "sopir|supir|supir angkutan|sopir angkot|pengemudi"),
    ("prt", "Pekerja Rumah Tangga", "prt|asisten rumah tangga|art"),
    ("buruh_harian_lepas", "Buruh Harian Lepas", "bhl|buruh harian|buruh sawit|buruh kebun"),
    ("petani", "Petani", "petani padi|buruh tani"),
    ("pekebun", "Pekebun", "pekebun sawit|pekebun karet"),
    ("peternak", "Peternak", ""),
    ("pengrajin", "Pengrajin", "perajin|pengrajin anyaman"),
    ("pelaku_umkm", "Pelaku UMKM", "umkm|usaha mikro|pelaku usaha mikro"),
    ("honorer_non_asn", "Honorer Non-ASN", "honorer|tenaga honorer|non asn|non-asn"),
    (
        "pekerja_keagamaan",
        "Pekerja Keagamaan",
        "marbot|guru ngaji|imam masjid|penjaga rumah ibadah",
    ),
    ("pekerja_lainnya", "Pekerja Lainnya", "lainnya|lain-lain"),
]


def seed(apps, schema_editor):
    Pekerjaan = apps.get_model("registry", "Pekerjaan")
    for urutan, (kode, label, alias) in enumerate(PEKERJAAN, start=1):
        Pekerjaan.objects.update_or_create(
            kode=kode, defaults={"label": label, "alias": alias, "urutan": urutan}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
