"""Backups that are proven: ``create_backup`` writes one file a server can be rebuilt
from, ``restore_backup`` rebuilds it into an empty database and then proves it.

A backup is a tar file holding:

* ``database.dump`` — on PostgreSQL a ``pg_dump`` custom-format archive (one consistent
  snapshot, taken in one transaction by pg_dump itself); or ``database.sqlite3`` — on
  SQLite a copy through SQLite's online backup API (consistent while the app writes);
* ``media/…`` — every stored original file (submissions, BPJS responses, payment files,
  claim reports as they were sent), which the rows refer to by path;
* ``manifest.json`` — what must be true after a restore: the engine, the applied
  migrations, the row count of every table, the billed/paid/received totals of every
  programme, and the SHA-256 and size of every other member.

A restore reads the manifest first and checks every member against it before anything
is written (a damaged or altered backup is refused whole, with the member named); it
refuses a database that already holds tables, and a backup of the other engine; it
never overwrites a stored file that differs. After loading, it counts every table,
checks every programme's reconciliation (``contributions.queries.reconciliation``) and
compares the totals with the manifest; any difference is reported as a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.contributions.models import Tagihan
from jaring.contributions.queries import reconciliation
from jaring.programs.models import Program
from jaring.riwayat.chain import Checked
from jaring.riwayat.verification import problem as history_problem
from jaring.riwayat.verification import summary as history_summary
from jaring.riwayat.verification import verify as verify_history

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA = "media"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in Indonesian."""


@dataclass
class Outcome:
    path: Path
    tables: int
    rows: int
    files: int
    problems: list[str] = field(default_factory=list)
    history: str = ""  # the change history's chain, verified (riwayat.verification)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return connection.vendor


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (Django's and the apps')."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def money_totals() -> dict[str, dict[str, int]]:
    """Per programme code: billed, paid and received over its invoices."""
    totals: dict[str, dict[str, int]] = {}
    for kode, jumlah, dibayar, diterima in Tagihan.objects.values_list(
        "program__kode", "jumlah", "dibayar", "diterima"
    ).order_by():
        one = totals.setdefault(kode, {"ditagih": 0, "terbayar": 0, "diterima": 0})
        one["ditagih"] += jumlah
        one["terbayar"] += dibayar
        one["diterima"] += diterima
    return totals


def migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """The connection arguments of ``pg_dump``/``pg_restore`` for the default database."""
    db = connection.settings_dict
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return arguments, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    # The command is pg_dump/pg_restore with arguments from the settings, never user text.
    done = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        raise BackupError(
            _("%(program)s gagal: %(detail)s") % {"program": command[0], "detail": detail[0]}
        )


def _dump_database(target: Path) -> None:
    if _engine() == "postgresql":
        arguments, env = _pg_environment()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *arguments], env)
        return
    source = sqlite3.connect(str(connection.settings_dict["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def create_backup(out: Path) -> Outcome:
    """Write the backup of this server to ``out`` (see the module docstring). The file
    appears only when complete: it is written beside ``out`` and renamed."""
    out = Path(out)
    if _engine() not in DUMP:
        raise BackupError(_("Basis data %(engine)s tidak didukung.") % {"engine": _engine()})
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as work:
        dump = Path(work) / DUMP[_engine()]
        counts = table_counts()
        totals = money_totals()
        _dump_database(dump)
        files = media_files()
        root = Path(settings.MEDIA_ROOT)
        members = {dump.name: {"sha256": _sha256(dump), "bytes": dump.stat().st_size}}
        for path in files:
            name = str(PurePosixPath(MEDIA, *path.relative_to(root).parts))
            members[name] = {"sha256": _sha256(path), "bytes": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": _engine(),
            "migrations": migrations(),
            "tables": counts,
            "money": totals,
            "members": members,
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for path in files:
                tar.add(path, arcname=str(PurePosixPath(MEDIA, *path.relative_to(root).parts)))
        os.replace(partial, out)
    return Outcome(out, len(counts), sum(counts.values()), len(files))


# --- Restore ---------------------------------------------------------------------------


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
        if handle is None or member.size > 50_000_000:
            raise KeyError(MANIFEST)
        manifest = json.loads(handle.read().decode("utf-8"))
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError(_("Berkas ini bukan cadangan Jaring (manifest tidak terbaca).")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("Format cadangan ini tidak dikenal."))
    for key in ("engine", "tables", "money", "members", "migrations"):
        if key not in manifest:
            raise BackupError(_("Manifest cadangan tidak lengkap (%(key)s).") % {"key": key})
    if not _well_formed(manifest):
        raise BackupError(_("Manifest cadangan rusak: isinya tidak berbentuk seperti seharusnya."))
    return manifest


def _well_formed(manifest: dict) -> bool:
    """The manifest's parts have the shapes ``create_backup`` writes (a hand-made or
    damaged one is refused as a whole, never half-read)."""

    def counts(value) -> bool:
        return isinstance(value, dict) and all(
            isinstance(k, str) and type(v) is int and v >= 0 for k, v in value.items()
        )

    members = manifest["members"]
    return (
        manifest["engine"] in DUMP
        and counts(manifest["tables"])
        and isinstance(manifest["money"], dict)
        and all(counts(v) for v in manifest["money"].values())
        and isinstance(members, dict)
        and all(
            isinstance(m, dict) and type(m.get("bytes")) is int and isinstance(m.get("sha256"), str)
            for m in members.values()
        )
    )


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def _check_members(tar: tarfile.TarFile, manifest: dict, work: Path) -> None:
    """Extract every member into ``work`` after checking that it is listed, a plain
    file with a safe name, and matches its size and SHA-256."""
    listed = manifest["members"]
    seen = set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        expected = listed.get(member.name)
        if expected is None or not member.isfile() or not _safe_name(member.name):
            raise BackupError(
                _("Cadangan memuat berkas yang tidak tercatat: %(name)s") % {"name": member.name}
            )
        if member.size != expected["bytes"]:
            raise BackupError(
                _("Cadangan rusak atau diubah: %(name)s tidak sama dengan manifest.")
                % {"name": member.name}
            )
        tar.extract(member, work, filter="data")
        extracted = work / member.name
        if (
            extracted.stat().st_size != expected["bytes"]
            or _sha256(extracted) != expected["sha256"]
        ):
            raise BackupError(
                _("Cadangan rusak atau diubah: %(name)s tidak sama dengan manifest.")
                % {"name": member.name}
            )
        seen.add(member.name)
    missing = sorted(set(listed) - seen)
    if missing:
        raise BackupError(_("Cadangan tidak lengkap: %(name)s tidak ada.") % {"name": missing[0]})


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _load_database(dump: Path) -> None:
    if _engine() == "postgresql":
        arguments, env = _pg_environment()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", *arguments, str(dump)],
            env,
        )  # fmt: skip
        return
    connection.close()
    with dump.open("rb") as handle:
        header = handle.read(16)
    source = sqlite3.connect(str(dump))
    try:
        # A member that is not an SQLite database is refused before the target is
        # opened, so nothing is written into it. (Not ``PRAGMA quick_check``: the
        # registry's name indexes use a collation only Jaring's connection registers.)
        healthy = (
            header == b"SQLite format 3\x00"
            and source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] > 0
        )
    except sqlite3.DatabaseError:
        healthy = False
    if not healthy:
        source.close()
        raise BackupError(_("Basis data di dalam cadangan rusak; tidak ada yang dipulihkan."))
    target = sqlite3.connect(str(connection.settings_dict["NAME"]))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _stored_files(work: Path) -> list[tuple[Path, Path]]:
    """(extracted file, its place under MEDIA_ROOT) for every stored file; a file already
    in its place with other content is refused before anything is written."""
    source = work / MEDIA
    if not source.is_dir():
        return []
    root = Path(settings.MEDIA_ROOT)
    pairs = [(p, root / p.relative_to(source)) for p in sorted(source.rglob("*")) if p.is_file()]
    for path, target in pairs:
        if target.exists() and _sha256(target) != _sha256(path):
            raise BackupError(
                _("Berkas %(name)s sudah ada dengan isi lain; tidak ditimpa.")
                % {"name": str(path.relative_to(source))}
            )
    return pairs


def _place_media(pairs: list[tuple[Path, Path]]) -> int:
    for path, target in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copyfile(path, target)
    return len(pairs)


def verify(manifest: dict, history: Checked | None = None) -> list[str]:
    """What differs between the database now and the manifest: each table's rows, each
    programme's money, any programme whose invoices do not reconcile, and the first
    break in the change history's hash chain (``history``, verified when not given)."""
    problems = []
    broken = history_problem(history or verify_history())
    if broken is not None:
        problems.append(broken)
    counts = table_counts()
    for table, expected in sorted(manifest["tables"].items()):
        if counts.get(table) != expected:
            problems.append(
                _("Tabel %(table)s: %(found)s baris, seharusnya %(expected)s.")
                % {"table": table, "found": counts.get(table), "expected": expected}
            )
    if money_totals() != manifest["money"]:
        problems.append(_("Jumlah tagihan dan pembayaran per program tidak sama dengan cadangan."))
    for program in Program.objects.order_by("kode"):
        if not reconciliation(program).ok:
            problems.append(
                _("Tagihan program %(kode)s tidak rekonsiliasi.") % {"kode": program.kode}
            )
    return problems


def restore_backup(path: Path) -> Outcome:
    """Rebuild this server from the backup at ``path`` (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115  (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("Berkas ini bukan cadangan Jaring (bukan arsip tar).")) from exc
    with tar, tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        try:
            manifest = _read_manifest(tar)
            if manifest["engine"] != _engine():
                raise BackupError(
                    _(
                        "Cadangan ini dari basis data %(from)s; DATABASE_URL menunjuk %(to)s. "
                        "Pulihkan ke basis data yang sama jenisnya."
                    )
                    % {"from": manifest["engine"], "to": _engine()}
                )
            if not _database_is_empty():
                raise BackupError(
                    _(
                        "Basis data tujuan tidak kosong. Pemulihan hanya ke basis data kosong, "
                        "agar tidak ada data yang tertimpa."
                    )
                )
            _check_members(tar, manifest, work)
            stored = _stored_files(work)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(_("Cadangan rusak dan tidak dapat dibaca.")) from exc
        _load_database(work / DUMP[manifest["engine"]])
        files = _place_media(stored)
    history = verify_history()
    problems = verify(manifest, history)
    return Outcome(
        path, len(manifest["tables"]), sum(manifest["tables"].values()), files, problems,
        history_summary(history),
    )  # fmt: skip
