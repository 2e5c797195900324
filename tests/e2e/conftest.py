"""Browser tests against the real app, started the way a user starts it.

A throwaway var dir (SQLite, or a fresh PostgreSQL database ``jaring_e2e`` when
DATABASE_URL names PostgreSQL), `jaring init`, `jaring demo`, then `jaring serve`,
which also runs the background worker. Chromium is Debian's (`make browser`); the
tests skip when it is missing, except in CI, where that is a failure.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
JARING = Path(sys.executable).parent / "jaring"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install Chromium with `make browser`.")
    pytest.skip(
        "Browser tests skipped: /usr/bin/chromium is not installed (run `make browser`).",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(var_dir: Path) -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    server = url.replace("postgres://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS jaring_e2e WITH (FORCE)")
        connection.execute("CREATE DATABASE jaring_e2e")
    return url.rsplit("/", 1)[0] + "/jaring_e2e"


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("e2e-var")
    (var_dir / "reference").symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["JARING_VAR_DIR"] = str(var_dir)
    database = _database_url(var_dir)
    if database:
        env["DATABASE_URL"] = database
    for command in (["init"], ["demo", "--workers", "300", "--seed", "7"]):
        done = subprocess.run(
            [str(JARING), *command], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
    port = _free_port()
    log = (var_dir / "serve.log").open("w")
    server = subprocess.Popen(
        [str(JARING), "serve", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/masuk/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError((var_dir / "serve.log").read_text()) from None
            time.sleep(0.3)
    yield url
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(request):
    """``shots(page, "step")`` saves test-artifacts/e2e/<test>-<n>-<step>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, step: str) -> None:
        page.screenshot(
            path=str(ARTIFACTS / f"{request.node.name}-{next(counter):02d}-{step}.png"),
            full_page=True,
        )

    return take


@pytest.fixture
def login(browser, app_url):
    """A logged-in page per username; every request any of them makes is recorded and
    must go to the app's own host."""
    contexts, requests = [], []

    def open_as(username: str, password: str = "demo12345"):
        context = browser.new_context(accept_downloads=True, locale="id-ID")
        context.on("request", lambda request: requests.append(request.url))
        contexts.append(context)
        page = context.new_page()
        page.goto(app_url + "/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(app_url + "/")
        return page

    yield open_as
    for context in contexts:
        context.close()
    own = urlsplit(app_url).netloc
    foreign = [
        url
        for url in requests
        if urlsplit(url).netloc != own and not url.startswith(("data:", "blob:"))
    ]
    assert requests and not foreign, foreign


@pytest.fixture(scope="session", autouse=True)
def _clean_artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
