"""Fault tests with real processes: a worker killed in the middle of an upload or a
billing run, a worker whose database connection is cut, `jaring serve` whose worker
is killed. Nothing is mocked: `jaring worker` and `jaring serve` run as subprocesses on
a database of their own (a SQLite file, or a fresh PostgreSQL database ``<name>_faults``
beside the one DATABASE_URL names), and the steps the web takes run as
``fault_world.py`` processes. A copy of that database made before anything ran is the
clean run every count is compared with.
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
JARING = Path(sys.executable).parent / "jaring"
WORLD = Path(__file__).with_name("fault_world.py")
sys.path.insert(0, str(ROOT / "tests" / "intake"))
from intake_samples import MIXED_ROWS, write_csv  # noqa: E402

LEASE_SECONDS = 2  # the lease the processes run with (production: 120 s)
UPLOAD_ROWS = 40_000
PARTICIPANTS = 30_000
MONTH = "2027-01"
SUBMISSION = "jaring.intake.tasks.process_submission_task"


def _pg_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://", "pgsql://")) else None


class FaultDb:
    """One database the subprocesses share, read directly by the test."""

    def __init__(self, var_dir: Path, url: str | None):
        self.var_dir, self.url = var_dir, url
        self.processes: list[subprocess.Popen] = []

    @property
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JARING_DEBUG")}
        env.update(
            JARING_VAR_DIR=str(self.var_dir),
            JARING_JOB_LEASE=str(LEASE_SECONDS),
            DJANGO_SETTINGS_MODULE="jaring.settings",
        )
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.strip("/")

    def rows(self, query: str) -> list[tuple]:
        if self.url:
            import psycopg

            with psycopg.connect(_libpq(self.url), autocommit=True) as connection:
                return connection.execute(query).fetchall()
        with sqlite3.connect(self.var_dir / "jaring.sqlite3", timeout=30) as connection:
            return connection.execute(query).fetchall()

    def one(self, query: str):
        rows = self.rows(query)
        return rows[0] if rows else None

    def step(self, *args: str) -> dict:
        done = subprocess.run(
            [sys.executable, str(WORLD), *args], env=self.env, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self, *command: str, log: str = "worker.log") -> subprocess.Popen:
        with (self.var_dir / log).open("a") as out:
            process = subprocess.Popen(
                [str(JARING), *command], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def copy(self, suffix: str) -> "FaultDb":
        """The database as it is now, under another name (no process may be using it)."""
        var_dir = self.var_dir.parent / f"{self.var_dir.name}-{suffix}"
        var_dir.mkdir()
        (var_dir / "reference").symlink_to(ROOT / "var" / "reference", target_is_directory=True)
        if not self.url:
            shutil.copy(self.var_dir / "jaring.sqlite3", var_dir / "jaring.sqlite3")
            return FaultDb(var_dir, None)
        copy_url = _renamed(self.url, f"{self.name}_{suffix}")
        with _maintenance(self.url) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {_renamed_name(copy_url)} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {_renamed_name(copy_url)} TEMPLATE {self.name}")
        return FaultDb(var_dir, copy_url)

    def counts(self) -> dict:
        """Every row an upload or a billing run writes, and what the submission says."""
        tables = [
            "registry_person", "registry_sourcerecord", "intake_rejectedrow", "intake_rowerror",
            "contributions_tagihan", "contributions_iuran",
        ]  # fmt: skip
        counts = {table: self.one(f"SELECT COUNT(*) FROM {table}")[0] for table in tables}
        counts["submission"] = self.rows(
            "SELECT status, rows, accepted, rejected, duplicates FROM intake_submission"
        )
        counts["billed"] = self.one("SELECT SUM(jumlah) FROM contributions_iuran")[0]
        return counts


def _libpq(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


def _renamed(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def _renamed_name(url: str) -> str:
    return urlsplit(url).path.strip("/")


def _maintenance(url: str):
    import psycopg

    return psycopg.connect(_libpq(_renamed(url, "postgres")), autocommit=True)


def wait_for(condition, what: str, timeout: float = 120, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def fresh_database(tmp_path_factory, name: str) -> FaultDb:
    """An empty database of its own for real processes: a SQLite file in a new folder,
    or, when the tests run on PostgreSQL, ``<database>_<name>`` created anew."""
    var_dir = tmp_path_factory.mktemp(name)
    (var_dir / "reference").symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    url = None
    if base := _pg_url():
        url = _renamed(base, f"{_renamed_name(base) or 'jaring'}_{name}")
        with _maintenance(url) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {_renamed_name(url)} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {_renamed_name(url)}")
    return FaultDb(var_dir, url)


@pytest.fixture(scope="module")
def fault_db(tmp_path_factory):
    db = fresh_database(tmp_path_factory, "faults")
    done = subprocess.run([str(JARING), "init"], env=db.env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    db.program = db.step("billing-world", str(PARTICIPANTS))["program"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    from jaring.synthetic.bulk import write_intake_csv

    db.upload_file = write_intake_csv(db.var_dir / "daftar.csv", rows=UPLOAD_ROWS, seed=3)
    db.clean = db.copy("clean")
    yield db
    db.stop_all()
    db.clean.stop_all()
    if db.url:
        with _maintenance(db.url) as connection:
            for name in (_renamed_name(db.url), db.clean.name):
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def clean_counts(fault_db):
    """The same upload and billing run, by one worker nobody disturbs."""
    clean = fault_db.clean
    submission = clean.step("upload", str(fault_db.upload_file))["submission"]
    job = clean.step("bill", str(fault_db.program), MONTH)["job"]
    worker = clean.start("worker")
    wait_for(
        lambda: (
            clean.one(f"SELECT status FROM jobs_job WHERE id = {job}")[0] == "selesai"
            and clean.one(f"SELECT status FROM intake_submission WHERE id = {submission}")[0]
            == "selesai"
        ),
        "the clean run",
    )
    # What the upload and the billing announced reaches the dashboard while the worker
    # runs: a rebuild is queued and this same worker runs it (were the worker gathering
    # announcements like a one-off command, they would wait for it to stop).
    wait_for(
        lambda: (
            clean.one(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path "
                "LIKE '%refresh_summaries_task' AND status = 'SUCCESSFUL'"
            )[0]
            > 0
        ),
        "the dashboard rebuild the worker's upload announced",
        timeout=60,
    )
    kill(worker)
    counts = clean.counts()
    assert counts["registry_person"] > PARTICIPANTS and counts["contributions_iuran"] > 0
    return counts


def test_an_upload_whose_worker_is_killed_is_finished_by_the_next_worker(fault_db, clean_counts):
    db = fault_db
    submission = db.step("upload", str(db.upload_file))["submission"]
    state = f"SELECT status, progress FROM intake_submission WHERE id = {submission}"
    first = db.start("worker")
    wait_for(lambda: db.one(state)[1] >= 50, "the upload to reach the loading step")
    kill(first)
    assert db.one(state)[0] == "diproses", "the kill came too late to be mid-upload"
    assert db.one("SELECT COUNT(*) FROM registry_sourcerecord")[0] == 0

    db.start("worker")
    status, _ = wait_for(
        lambda: (row := db.one(state))[0] in ("selesai", "gagal") and row, "the upload to end"
    )

    assert status == "selesai"
    assert db.one(f"SELECT attempts FROM intake_submission WHERE id = {submission}") == (2,)
    after = db.counts()
    for table in ("registry_person", "registry_sourcerecord", "intake_rejectedrow",
                  "intake_rowerror"):  # fmt: skip
        assert after[table] == clean_counts[table], table
    assert after["submission"] == clean_counts["submission"]
    # The dead worker's task is recorded as failed, not left running forever.
    wait_for(
        lambda: (
            db.one(
                f"SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                f"WHERE task_path = '{SUBMISSION}' AND status = 'RUNNING'"
            )[0]
            == 0
        ),
        "no upload task left running",
    )
    assert db.one(
        f"SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
        f"WHERE task_path = '{SUBMISSION}' AND status = 'FAILED'"
    ) == (1,)


def _billing_in_transaction(db: FaultDb, job: int) -> bool:
    """The worker is inside the billing transaction: on PostgreSQL its progress (sent
    by the lease thread) has reached the invoice lines; on SQLite it holds the lock."""
    status, progress = db.one(f"SELECT status, progress FROM jobs_job WHERE id = {job}")
    if status != "berjalan":
        return False
    if db.url:
        return progress >= 10
    try:
        connection = sqlite3.connect(db.var_dir / "jaring.sqlite3", timeout=0)
        connection.execute("BEGIN IMMEDIATE")
        connection.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def test_billing_whose_worker_is_killed_is_not_blocked_and_bills_once(fault_db, clean_counts):
    db = fault_db
    db.stop_all()
    job = db.step("bill", str(db.program), MONTH)["job"]
    state = f"SELECT status FROM jobs_job WHERE id = {job}"
    first = db.start("worker")
    wait_for(lambda: _billing_in_transaction(db, job), "billing to be writing", every=0.01)
    kill(first)
    assert db.one(state)[0] == "berjalan", "the kill came too late to be mid-billing"
    assert db.one("SELECT COUNT(*) FROM contributions_iuran")[0] == 0

    # Billing asked again from the web once the dead worker's lease ran out: the job is
    # handed back queued again, not stuck "berjalan".
    time.sleep(LEASE_SECONDS + 0.5)
    again = db.step("bill", str(db.program), MONTH)
    assert again == {"job": job, "already_running": True}
    assert db.one(state) == ("antri",)

    db.start("worker")
    wait_for(lambda: db.one(state)[0] in ("selesai", "gagal"), "billing to end")

    assert db.one(f"SELECT status, attempts FROM jobs_job WHERE id = {job}") == ("selesai", 2)
    after = db.counts()
    for key in ("contributions_tagihan", "contributions_iuran", "billed"):
        assert after[key] == clean_counts[key], key


@pytest.mark.skipif(not _pg_url(), reason="a database connection to cut needs PostgreSQL")
def test_a_worker_whose_connection_is_cut_reconnects_and_keeps_working(fault_db, tmp_path):
    db = fault_db
    db.stop_all()
    worker = db.start("worker", log="reconnect.log")
    others = (
        "SELECT COUNT(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    wait_for(lambda: db.one(others)[0] >= 1, "the worker to connect")
    time.sleep(1)
    # The database refuses connections for a while and ends the open ones, as a
    # restarting server does: the worker's next query fails, and so does reconnecting.
    with _maintenance(db.url) as connection:
        connection.execute(f"ALTER DATABASE {db.name} ALLOW_CONNECTIONS false")
        cut = connection.execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db.name}'"
        ).fetchall()
        assert cut and all(ok for (ok,) in cut)
        time.sleep(3)
        assert worker.poll() is None, "the worker exited when its database went away"
        connection.execute(f"ALTER DATABASE {db.name} ALLOW_CONNECTIONS true")

    submission = db.step("upload", str(write_csv(tmp_path / "kecil.csv", MIXED_ROWS)))
    status = f"SELECT status FROM intake_submission WHERE id = {submission['submission']}"
    wait_for(lambda: db.one(status)[0] == "selesai", "the upload after the cut", timeout=60)
    assert worker.poll() is None
    assert "Koneksi basis data terputus" in (db.var_dir / "reconnect.log").read_text()


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def test_serve_starts_its_worker_again_when_it_dies(fault_db):
    db = fault_db
    db.stop_all()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = db.start("serve", "--port", str(port), log="serve.log")
    first = wait_for(lambda: _children(server.pid), "serve to start its worker", timeout=60)
    (worker,) = first
    time.sleep(1)
    os.kill(worker, signal.SIGKILL)

    second = wait_for(
        lambda: (now := _children(server.pid)) and now != first and now, "a new worker"
    )

    assert server.poll() is None and worker not in second
    log = (db.var_dir / "serve.log").read_text()
    assert log.count("Pekerja latar belakang berhenti") == 1, log
