"""Fetching the Kemendagri package: pinned integrity, idempotent cache, clear errors."""

import io
import re
import shutil
import subprocess
import tarfile

import pytest

from jaring.wilayah import sources
from jaring.wilayah.sources import ReferenceDataError


@pytest.fixture(scope="module")
def real_tarball():
    path = sources.tarball_path()
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `jaring wilayah fetch` first")
    return path


@pytest.fixture
def cache(settings, tmp_path):
    settings.REFERENCE_CACHE_DIR = tmp_path / "reference"
    return settings.REFERENCE_CACHE_DIR


@pytest.fixture
def no_npm(monkeypatch):
    """Fail loudly if a test reaches npm (the network) when it should not."""

    def forbidden(destination):
        raise AssertionError("npm must not be called")

    monkeypatch.setattr(sources, "_npm_pack", forbidden)


def fake_tarball(path, villages="code,district_code,name\n64.71.01.1001,64.71.01,Manggar\n"):
    """A tarball shaped like the package, but not the pinned one."""
    files = {
        "package/data/provinces.csv": "code,name\n64,Kalimantan Timur\n",
        "package/data/regencies.csv": "code,province_code,name\n64.71,64,Kota Balikpapan\n",
        "package/data/districts.csv": "code,regency_code,name\n64.71.01,64.71,Balikpapan Timur\n",
        "package/data/villages.csv": villages,
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_the_cached_tarball_is_the_pinned_one(real_tarball):
    assert sources.integrity_of(real_tarball) == sources.INTEGRITY
    sources.verify(real_tarball)


def test_a_fake_tarball_is_rejected_and_not_cached(cache, tmp_path, no_npm):
    fake = fake_tarball(tmp_path / sources.TARBALL_NAME)
    with pytest.raises(ReferenceDataError, match="SHA-512 tidak cocok"):
        sources.fetch(fake)
    assert not (cache / sources.TARBALL_NAME).exists()
    with pytest.raises(ReferenceDataError):
        sources.read_regions(fake)


def test_a_tampered_copy_of_the_real_tarball_is_rejected(cache, tmp_path, real_tarball, no_npm):
    tampered = tmp_path / sources.TARBALL_NAME
    data = bytearray(real_tarball.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    with pytest.raises(
        ReferenceDataError, match=re.escape("bukan paket idn-area-data 4.0.1 yang sah")
    ):
        sources.fetch(tampered)
    assert not (cache / sources.TARBALL_NAME).exists()


def test_a_tampered_cache_is_refetched_and_a_bad_download_rejected(cache, tmp_path, monkeypatch):
    cache.mkdir(parents=True)
    fake_tarball(cache / sources.TARBALL_NAME)
    assert not sources.is_cached()

    def npm_returns_fake(destination):
        return fake_tarball(destination / sources.TARBALL_NAME)

    monkeypatch.setattr(sources, "_npm_pack", npm_returns_fake)
    with pytest.raises(ReferenceDataError, match="tidak cocok"):
        sources.fetch()
    # The bad cached copy stays unverified; nothing "valid-looking" was installed.
    assert not sources.is_cached()
    assert [p.name for p in cache.iterdir()] == [sources.TARBALL_NAME]


def test_fetch_from_a_hand_copied_file_then_idempotent(cache, tmp_path, real_tarball, no_npm):
    copied = tmp_path / "salinan.tgz"
    shutil.copyfile(real_tarball, copied)
    first = sources.fetch(copied)
    assert first.fetched
    assert first.path == cache / sources.TARBALL_NAME
    assert sources.integrity_of(first.path) == sources.INTEGRITY
    second = sources.fetch()  # would fail through no_npm if it tried to download
    assert not second.fetched
    assert sources.fetch(copied).fetched is False


def test_fetch_through_npm_installs_the_verified_file(cache, real_tarball, monkeypatch):
    def npm_copies(destination):
        return shutil.copyfile(real_tarball, destination / sources.TARBALL_NAME)

    monkeypatch.setattr(sources, "_npm_pack", npm_copies)
    result = sources.fetch()
    assert result.fetched
    assert sources.is_cached()
    assert [p.name for p in cache.iterdir()] == [sources.TARBALL_NAME]


def test_missing_npm_explains_the_hand_copy_route(cache, monkeypatch):
    monkeypatch.setattr(sources.shutil, "which", lambda name: None)
    with pytest.raises(ReferenceDataError) as caught:
        sources.fetch()
    message = str(caught.value)
    assert "npm tidak ditemukan" in message
    assert "jaring wilayah fetch --from" in message


def test_failed_npm_run_explains_the_hand_copy_route(cache, monkeypatch):
    monkeypatch.setattr(sources.shutil, "which", lambda name: "/usr/bin/npm")

    def failing_run(command, **kwargs):
        assert command[1:3] == ["pack", "idn-area-data@4.0.1"]
        return subprocess.CompletedProcess(command, 1, "", "npm error code E404\n")

    monkeypatch.setattr(sources.subprocess, "run", failing_run)
    with pytest.raises(ReferenceDataError) as caught:
        sources.fetch()
    message = str(caught.value)
    assert "Gagal mengunduh paket idn-area-data 4.0.1" in message
    assert "E404" in message
    assert "--from" in message


def test_reader_yields_code_parent_name(tmp_path):
    path = fake_tarball(
        tmp_path / "fake.tgz",
        villages='code,district_code,name\n64.71.01.1001,64.71.01,"Soka""an, I"\n',
    )
    with tarfile.open(path, "r:gz") as archive:
        assert list(sources.read_table(archive, "provinces")) == [("64", None, "Kalimantan Timur")]
        assert list(sources.read_table(archive, "villages")) == [
            ("64.71.01.1001", "64.71.01", 'Soka"an, I')
        ]
