"""The default registration layout: collective BPU registration (pendaftaran kolektif
peserta bukan penerima upah), the columns a BPJS branch asks of a regional government
that registers its workers in bulk. A branch that wants other headers or order gets its
own ``TataLetak`` row in the admin."""

from django.db import migrations

KOLOM = [
    {"judul": "NIK", "sumber": "nik"},
    {"judul": "Nama Lengkap", "sumber": "nama"},
    {"judul": "Tanggal Lahir", "sumber": "tanggal_lahir"},
    {"judul": "Jenis Kelamin", "sumber": "jenis_kelamin"},
    {"judul": "Alamat", "sumber": "alamat"},
    {"judul": "No HP", "sumber": "no_hp"},
    {"judul": "Pekerjaan", "sumber": "pekerjaan"},
    {"judul": "Penghasilan", "sumber": "penghasilan"},
    {"judul": "Program", "sumber": "program"},
    {"judul": "Bulan Pertama", "sumber": "bulan_pertama"},
]


def add_default(apps, schema_editor):
    TataLetak = apps.get_model("enrollment", "TataLetak")
    TataLetak.objects.update_or_create(
        kode="bpu-kolektif",
        defaults={
            "nama": "Pendaftaran kolektif BPU (bawaan)",
            "cabang": "",
            "kolom": KOLOM,
            "format_tanggal": "%d/%m/%Y",
            "format_bulan": "%m/%Y",
            "bawaan": True,
        },
    )


def remove_default(apps, schema_editor):
    apps.get_model("enrollment", "TataLetak").objects.filter(kode="bpu-kolektif").delete()


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0001_initial")]
    operations = [migrations.RunPython(add_default, remove_default)]
