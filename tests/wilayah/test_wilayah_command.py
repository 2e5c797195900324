"""``jaring wilayah …``: thin subcommands, Indonesian summaries, exit code 2 on bad input."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jaring.wilayah.models import AngkatanKerja

JARING = Path(sys.executable).parent / "jaring"


@pytest.mark.django_db
def test_load_prints_counts(capsys):
    call_command("wilayah", "load")
    out = capsys.readouterr().out
    assert "38 provinsi" in out
    assert "83.762 desa/kelurahan" in out
    assert "(0 baru, 0 diperbarui)" in out


@pytest.mark.django_db
def test_angkatan_kerja_summary_and_bad_input(tmp_path, capsys):
    good = tmp_path / "ak.csv"
    good.write_text("Kode BPS;Tahun;Angkatan Kerja\n6472;2023;470000\n", encoding="utf-8")
    call_command("wilayah", "angkatan-kerja", str(good), "--sumber", "BPS")
    out = capsys.readouterr().out
    assert "1 baris (1 baru, 0 diperbarui, 0 tidak berubah)" in out
    assert AngkatanKerja.objects.get().sumber == "BPS"

    bad = tmp_path / "salah.csv"
    bad.write_text("kode_bps,tahun,angkatan_kerja\n6472,2023,-1\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("wilayah", "angkatan-kerja", str(bad))
    assert caught.value.returncode == 2
    assert "Baris 2: angkatan kerja tidak boleh negatif" in str(caught.value)


def test_fetch_from_a_bad_file_is_exit_code_2(tmp_path, settings):
    settings.REFERENCE_CACHE_DIR = tmp_path / "reference"
    bad = tmp_path / "bukan.tgz"
    bad.write_bytes(b"bukan tarball")
    with pytest.raises(CommandError) as caught:
        call_command("wilayah", "fetch", "--from", str(bad))
    assert caught.value.returncode == 2
    assert not (tmp_path / "reference" / "idn-area-data-4.0.1.tgz").exists()


def run_jaring(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["JARING_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [str(JARING), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_console_script_exit_codes(tmp_path):
    bad = tmp_path / "kolom.csv"
    bad.write_text("kode,tahun\n6403,2023\n", encoding="utf-8")
    result = run_jaring(tmp_path, "wilayah", "angkatan-kerja", str(bad))
    assert result.returncode == 2
    assert "Kolom wajib tidak ditemukan" in result.stderr

    missing_action = run_jaring(tmp_path, "wilayah")
    assert missing_action.returncode == 2


def test_fetch_from_a_bad_file_fails_even_when_the_cache_is_fine(tmp_path):
    bad = tmp_path / "bukan.tgz"
    bad.write_bytes(b"bukan tarball")
    with pytest.raises(CommandError, match="SHA-512 tidak cocok") as caught:
        call_command("wilayah", "fetch", "--from", str(bad))
    assert caught.value.returncode == 2
