"""``jaring backup`` and ``jaring restore`` as an operator runs them, in subprocesses on
the database engine the suite runs on (PostgreSQL when ``DATABASE_URL`` names one, else
SQLite files): the demo backed up and restored into an empty database gives the same
rows in every table and the same stored files, and every kind of bad backup or target is
refused with nothing written."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

JARING = Path(sys.executable).parent / "jaring"
REFERENCE = Path(__file__).resolve().parents[2] / "var" / "reference"
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
pytestmark = pytest.mark.slow


class Server:
    """One Jaring installation: its var folder and its database."""

    def __init__(self, root: Path, name: str):
        self.var = root / name
        self.var.mkdir()
        (self.var / "reference").symlink_to(REFERENCE, target_is_directory=True)
        if ON_POSTGRES:
            self.database = f"{urlsplit(SERVER_URL).path.lstrip('/')}_bk_{name}"
            with _maintenance() as c:
                c.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
                c.execute(f"CREATE DATABASE {self.database}")
            parts = urlsplit(SERVER_URL)
            self.url = urlunsplit((parts.scheme, parts.netloc, f"/{self.database}", "", ""))
        else:
            self.url = f"sqlite:///{self.var / 'db.sqlite3'}"

    def jaring(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "JARING_VAR_DIR": str(self.var), "DATABASE_URL": self.url}
        return subprocess.run(
            [str(JARING), *args], env=env, capture_output=True, text=True, timeout=600, check=False
        )

    def counts(self) -> dict[str, int]:
        if ON_POSTGRES:
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as c:
                tables = [r[0] for r in c.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )]  # fmt: skip
                return {t: c.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        path = self.var / "db.sqlite3"
        if not path.exists():
            return {}
        with sqlite3.connect(path) as c:
            tables = [r[0] for r in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )]  # fmt: skip
            return {t: c.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}

    def stored_files(self) -> dict[str, str]:
        media = self.var / "media"
        return {
            str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(media.rglob("*"))
            if p.is_file()
        }


def _maintenance():
    import psycopg

    parts = urlsplit(SERVER_URL)
    url = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    return psycopg.connect(url, autocommit=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo on a server of its own, and its backup."""
    root = tmp_path_factory.mktemp("backup")
    source = Server(root, "src")
    for step in (("init",), ("demo",)):
        done = source.jaring(*step)
        assert done.returncode == 0, done.stderr
    backup = root / "jaring.tar"
    done = source.jaring("backup", "--out", str(backup))
    assert done.returncode == 0, done.stderr
    assert backup.is_file()
    return source, backup, root


def rewritten(backup: Path, out: Path, change) -> Path:
    """A copy of ``backup`` whose members ``change(name, data)`` may alter (return the
    new bytes) — the manifest included — or add to (return a dict of extra members)."""
    extra: dict[str, bytes] = {}
    with tarfile.open(backup) as tar, tarfile.open(out, "w") as copy:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            result = change(member.name, data)
            if isinstance(result, dict):
                extra.update(result)
                result = data
            info = tarfile.TarInfo(member.name)
            info.size = len(result)
            copy.addfile(info, io.BytesIO(result))
        for name, data in extra.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return out


def test_the_demo_restored_into_an_empty_database_is_the_same(demo, tmp_path):
    source, backup, _ = demo
    target = Server(tmp_path, "dst")

    done = target.jaring("restore", str(backup))

    assert done.returncode == 0, done.stderr
    assert "dipulihkan dan diperiksa" in done.stdout
    # The change history came along and its hash chain still holds.
    assert "Rantai riwayat utuh" in done.stdout
    assert target.jaring("audit", "verify").returncode == 0
    before, after = source.counts(), target.counts()
    assert before["contributions_iuran"] > 0 and before["registry_person"] > 1000
    assert before["riwayat_entri"] == before["riwayat_rantai"] > 100
    assert after == before
    assert target.stored_files() == source.stored_files()
    assert len(target.stored_files()) > 10
    # The restored server works: its own checks and a command reading the data.
    assert target.jaring("check").returncode == 0
    programme = next(
        line.split()[0] for line in target.jaring("program", "list").stdout.splitlines()
        if line.startswith("KALTIM-")
    )  # fmt: skip
    report = target.jaring("billing", "reconcile", "--programme", programme, "--json")
    assert report.returncode == 0, report.stderr
    figures = json.loads(report.stdout)
    assert figures["cocok"] is True and figures["ditagih"] > 0


def test_a_database_that_is_not_empty_is_refused(demo):
    source, backup, _ = demo
    before = source.counts()

    done = source.jaring("restore", str(backup))

    assert done.returncode == 2
    assert "tidak kosong" in done.stderr
    assert "Traceback" not in done.stderr
    assert source.counts() == before


@pytest.mark.parametrize(
    ("name", "change", "said"),
    [
        ("altered", lambda n, d: d[:-1] + bytes([d[-1] ^ 1]) if n.startswith("database") else d,
         "tidak sama dengan manifest"),
        ("unlisted", lambda n, d: {"media/extra.csv": b"x"} if n == "manifest.json" else d,
         "tidak tercatat"),
        ("escaping", lambda n, d: {"../../escaped.txt": b"x"} if n == "manifest.json" else d,
         "tidak tercatat"),
        ("missing", lambda n, d: json.dumps(
            {**json.loads(d), "members": {**json.loads(d)["members"], "media/gone.csv":
                                          {"sha256": "0" * 64, "bytes": 1}}}).encode()
         if n == "manifest.json" else d, "tidak lengkap"),
    ],
)  # fmt: skip
def test_a_damaged_backup_is_refused_and_nothing_is_written(demo, tmp_path, name, change, said):
    _, backup, _ = demo
    bad = rewritten(backup, tmp_path / f"{name}.tar", change)
    target = Server(tmp_path, "dst")

    done = target.jaring("restore", str(bad))

    assert done.returncode == 2, done.stdout + done.stderr
    assert said in done.stderr
    assert "Traceback" not in done.stderr
    assert target.counts() == {}
    assert not (target.var / "media").exists() or not any((target.var / "media").rglob("*"))
    assert not (tmp_path.parent / "escaped.txt").exists()


def _remade(data: bytes, change) -> bytes:
    manifest = json.loads(data)
    change(manifest)
    return json.dumps(manifest).encode()


def _set_member(manifest, name, content):
    manifest["members"][name] = {
        "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("counts-as-text", lambda m: m["tables"].update(registry_person="banyak")),
        ("member-not-a-record", lambda m: m["members"].update({"media/x": 5})),
        ("engine-unknown", lambda m: m.update(engine="oracle")),
        ("money-not-figures", lambda m: m.update(money={"P": {"ditagih": None}})),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_refused(demo, tmp_path, name, change):
    _, backup, _ = demo
    bad = rewritten(
        backup, tmp_path / f"{name}.tar",
        lambda n, d: _remade(d, change) if n == "manifest.json" else d,
    )  # fmt: skip
    target = Server(tmp_path, "dst")

    done = target.jaring("restore", str(bad))

    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert target.counts() == {}


def test_a_database_member_that_is_not_a_database_is_refused(demo, tmp_path):
    """The manifest can be made to agree with any member: the member itself is checked
    (SQLite's own check; pg_restore in one transaction on PostgreSQL)."""
    _, backup, _ = demo
    junk = b"bukan basis data " * 500
    member = "database.dump" if ON_POSTGRES else "database.sqlite3"

    def swap(name, data):
        if name == member:
            return junk
        if name == "manifest.json":
            return _remade(data, lambda m: _set_member(m, member, junk))
        return data

    target = Server(tmp_path, "dst")
    done = target.jaring("restore", str(rewritten(backup, tmp_path / "junk.tar", swap)))

    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert ON_POSTGRES or "rusak" in done.stderr
    assert target.counts() == {}


def test_what_is_not_a_backup_is_refused(tmp_path):
    target = Server(tmp_path, "dst")
    for content in (b"", b"nik,nama\n1,Budi\n", bytes(range(256)) * 40):
        path = tmp_path / "x.tar"
        path.write_bytes(content)
        done = target.jaring("restore", str(path))
        assert done.returncode == 2, done.stderr
        assert "bukan cadangan Jaring" in done.stderr
        assert "Traceback" not in done.stderr
    assert target.counts() == {}


def test_a_restore_that_does_not_match_its_manifest_says_so(demo, tmp_path):
    _, backup, _ = demo

    def inflate(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["registry_person"] += 1
        return json.dumps(manifest).encode()

    target = Server(tmp_path, "dst")
    done = target.jaring("restore", str(rewritten(backup, tmp_path / "m.tar", inflate)))

    assert done.returncode == 1, done.stdout + done.stderr
    assert "registry_person" in done.stderr
