"""A database the app cannot reach gives the app's own "busy, try again" answer (503,
Retry-After; JSON on the API), and the app recovers without a restart.

A real `jaring serve` on a database of its own; the database is really made unreachable:
on PostgreSQL it stops accepting connections (``ALLOW_CONNECTIONS false``, which binds
superusers too, and the server's open connections are ended), on SQLite the database
file is replaced by a folder, so opening it fails.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "jobs"))
from test_worker_faults import (
    JARING,
    FaultDb,
    _maintenance,
    _renamed_name,
    fresh_database,
    wait_for,
)

pytestmark = pytest.mark.slow
BOGUS_SESSION = "sessionid=bukan-sesi-yang-ada"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = fresh_database(tmp_path_factory, "busy")
    done = subprocess.run(
        [str(JARING), "migrate", "--verbosity", "0"], env=db.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db.start("serve", "--no-worker", "--port", str(port), "--threads", "4", log="serve.log")
    db.base = f"http://127.0.0.1:{port}"
    wait_for(lambda: get(db.base + "/masuk/")[0] == 200, "the server", timeout=60, every=0.3)
    yield db
    db.stop_all()
    if db.url:
        with _maintenance(db.url) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {_renamed_name(db.url)} WITH (FORCE)")


def get(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()
    except OSError:
        return 0, {}, ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cut_off(db: FaultDb) -> None:
    if db.url:
        with _maintenance(db.url) as connection:
            connection.execute(f"ALTER DATABASE {db.name} ALLOW_CONNECTIONS false")
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{db.name}'"
            )
    else:
        path = db.var_dir / "jaring.sqlite3"
        path.rename(path.with_name("jaring.sqlite3.away"))
        path.mkdir()


def restore(db: FaultDb) -> None:
    if db.url:
        with _maintenance(db.url) as connection:
            connection.execute(f"ALTER DATABASE {db.name} ALLOW_CONNECTIONS true")
    else:
        path = db.var_dir / "jaring.sqlite3"
        path.rmdir()
        path.with_name("jaring.sqlite3.away").rename(path)


def test_an_unreachable_database_answers_busy_and_the_app_recovers(server):
    home = server.base + "/"
    assert get(home, Cookie=BOGUS_SESSION)[0] == 302  # reads the session: to the login

    cut_off(server)
    try:
        status, headers, page = get(home, Cookie=BOGUS_SESSION)
        assert status == 503
        assert headers["Retry-After"].isdigit()
        assert "Sedang sibuk, coba lagi sebentar" in page
        assert "Server Error" not in page

        status, _, page = get(home, Cookie=f"{BOGUS_SESSION}; django_language=en")
        assert status == 503 and "Busy right now" in page

        status, headers, body = get(
            server.base + "/api/v1/wilayah/64", Authorization="Bearer kunci-tidak-ada"
        )
        assert status == 503 and headers["Content-Type"] == "application/json"
        assert "Retry-After" in headers
        assert "Sedang sibuk" in body
    finally:
        restore(server)

    time.sleep(0.5)
    assert get(home, Cookie=BOGUS_SESSION)[0] == 302
    assert get(server.base + "/api/v1/wilayah/64", Authorization="Bearer x")[0] == 401
    assert os.path.isfile(server.var_dir / "jaring.sqlite3") or server.url
