"""Where the Kemendagri region codes come from, and how we make sure they are the right ones.

The codes for all of Indonesia (province → village) ship in the npm package
``idn-area-data`` (data: ODbL, code: MIT). We do not copy the data into the repository:
``jaring wilayah fetch`` asks npm for one pinned version, checks the tarball against a
pinned SHA-512 (the same ``dist.integrity`` value npm publishes), and caches it under
``settings.REFERENCE_CACHE_DIR``. The CSV files are then read straight from the ``.tgz``.

Closed government networks often cannot reach any package registry, so an administrator
can copy the tarball by hand and pass it with ``jaring wilayah fetch --from FILE.tgz``; it
passes the same integrity check.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PACKAGE = "idn-area-data"
VERSION = "4.0.1"
TARBALL_NAME = f"{PACKAGE}-{VERSION}.tgz"
# npm's dist.integrity for idn-area-data@4.0.1; a different file is never loaded.
INTEGRITY = (
    "sha512-"
    "PhNSIl5T7swVwwWxJOFMtCaeHAF9TUu0HLDf+36EIWZro9j7au83AFIJiBQGL+iRsBDA2OlpJ5fjiqxNYndzOQ=="
)
NPM_TIMEOUT_SECONDS = 300

# File inside the tarball → the columns we need (the code, its parent's code, the name).
TABLES = {
    "provinces": ("code", None, "name"),
    "regencies": ("code", "province_code", "name"),
    "districts": ("code", "regency_code", "name"),
    "villages": ("code", "district_code", "name"),
}


class ReferenceDataError(Exception):
    """Reference data is missing, unreadable or not the pinned version.

    The message is written for the administrator (Indonesian) and says what to do, so the
    command line can show it as is.
    """


@dataclass(frozen=True)
class FetchResult:
    path: Path
    fetched: bool  # False when a verified copy was already cached


def cache_dir() -> Path:
    return Path(settings.REFERENCE_CACHE_DIR)


def tarball_path() -> Path:
    """Where the verified tarball lives once fetched."""
    return cache_dir() / TARBALL_NAME


def integrity_of(path: Path) -> str:
    """The npm-style ``sha512-<base64>`` integrity string of a file."""
    digest = hashlib.sha512()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def verify(path: Path) -> None:
    """Raise unless ``path`` is exactly the pinned tarball."""
    if not path.is_file():
        raise ReferenceDataError(f"Berkas {path} tidak ditemukan.")
    actual = integrity_of(path)
    if actual != INTEGRITY:
        raise ReferenceDataError(
            f"Berkas {path} bukan paket {PACKAGE} {VERSION} yang sah: sidik SHA-512 tidak "
            f"cocok (diharapkan {INTEGRITY}, didapat {actual}). Berkas mungkin rusak, "
            "terpotong saat diunduh, atau versi lain. Unduh ulang paket tersebut."
        )


def is_cached() -> bool:
    path = tarball_path()
    if not path.is_file():
        return False
    try:
        verify(path)
    except ReferenceDataError:
        return False
    return True


def fetch(source: Path | str | None = None) -> FetchResult:
    """Make sure the verified tarball is in the cache; do nothing if it already is.

    With ``source`` the tarball is taken from that file (copied by hand onto a closed
    network) instead of npm. Either way it is verified before it replaces anything, and
    written atomically so a half-copied file is never mistaken for the real one.
    """
    target = tarball_path()
    if source is not None:
        # Checked even when the cache is fine: a bad hand copy should not pass silently.
        source = Path(source)
        verify(source)
    if is_cached():
        return FetchResult(target, fetched=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    if source is not None:
        _install(source, target, move=False)
        return FetchResult(target, fetched=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".npm-pack-") as tmp:
        packed = _npm_pack(Path(tmp))
        verify(packed)
        _install(packed, target, move=True)
    return FetchResult(target, fetched=True)


def _install(source: Path, target: Path, *, move: bool) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        if move:
            shutil.move(source, partial)
        else:
            shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _hand_copy_hint() -> str:
    return (
        f"Jika server tidak dapat mengakses registri paket (mis. jaringan pemerintah "
        f"tertutup), salin berkas {TARBALL_NAME} secara manual lalu jalankan: "
        f"jaring wilayah fetch --from /lokasi/{TARBALL_NAME}"
    )


def _npm_pack(destination: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise ReferenceDataError(
            f"Program npm tidak ditemukan, sehingga paket {PACKAGE} {VERSION} tidak dapat "
            f"diunduh. Pasang Node.js/npm, atau: {_hand_copy_hint()}"
        )
    command = [
        npm,
        "pack",
        f"{PACKAGE}@{VERSION}",
        "--pack-destination",
        str(destination),
        "--ignore-scripts",
        "--silent",
    ]
    try:
        # Fixed argument list, no shell; npm is the resolved executable.
        completed = subprocess.run(  # noqa: S603
            command,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReferenceDataError(
            f"Gagal menjalankan npm untuk mengunduh {PACKAGE} {VERSION}: {exc}. {_hand_copy_hint()}"
        ) from exc
    packed = destination / TARBALL_NAME
    if completed.returncode != 0 or not packed.is_file():
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"kode keluar {completed.returncode}"
        raise ReferenceDataError(
            f"Gagal mengunduh paket {PACKAGE} {VERSION} dengan npm ({reason}). {_hand_copy_hint()}"
        )
    return packed


def require_tarball() -> Path:
    """The cached tarball, fetching it first if it is not there yet."""
    return fetch().path


def read_table(archive: tarfile.TarFile, table: str) -> Iterator[tuple[str, str | None, str]]:
    """Yield ``(code, parent_code, name)`` from one CSV inside the tarball."""
    code_col, parent_col, name_col = TABLES[table]
    member = f"package/data/{table}.csv"
    try:
        raw = archive.extractfile(member)
    except KeyError:
        raw = None
    if raw is None:
        raise ReferenceDataError(f"Berkas {member} tidak ada di dalam paket {PACKAGE}.")
    with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        reader = csv.DictReader(text)
        wanted = {code_col, name_col} | ({parent_col} if parent_col else set())
        missing = wanted - set(reader.fieldnames or [])
        if missing:
            raise ReferenceDataError(
                f"Berkas {member} tidak memiliki kolom {', '.join(sorted(missing))}."
            )
        for row in reader:
            parent = row[parent_col].strip() if parent_col else None
            yield row[code_col].strip(), parent, row[name_col].strip()


def read_regions(path: Path | None = None) -> dict[str, list[tuple[str, str | None, str]]]:
    """All four levels, keyed by table name, from the (verified) tarball."""
    if path is None:
        path = require_tarball()  # verified on the way
    else:
        path = Path(path)
        verify(path)
    try:
        with tarfile.open(path, "r:gz") as archive:
            return {table: list(read_table(archive, table)) for table in TABLES}
    except (tarfile.TarError, OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ReferenceDataError(f"Paket {path} tidak dapat dibaca: {exc}") from exc
