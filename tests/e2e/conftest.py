"""Browser tests against the real app, started the way a user starts it.

A throwaway var dir (SQLite, or a fresh PostgreSQL database ``<name>_e2e`` beside
the database DATABASE_URL names, when it names PostgreSQL), `jaring init`, `jaring demo`, then `jaring serve`,
which also runs the background worker. Chromium is Debian's (`make browser`); the
tests skip when it is missing, except in CI (CI=true, or JARING_REQUIRE_BROWSER=1 as
`.ci/run` sets), where that is a failure.
"""

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from policy import policy_violations

ROOT = Path(__file__).resolve().parents[2]
JARING = Path(sys.executable).parent / "jaring"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
# Demo data and logins (`jaring demo` prints them; every password is demo12345).
SETUP_COMMANDS = (["init"], ["demo", "--workers", "300", "--seed", "7"])
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="session", autouse=True)
def chromium() -> Path:
    """Debian's Chromium, or a skip with the reason (a failure in CI).

    A fixture rather than a module-level skip: pytest cannot skip from a conftest it
    loads first (``pytest tests/e2e`` would crash instead of skipping)."""
    if not CHROMIUM.exists():
        required = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
        if required or os.environ.get("JARING_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "CI must run the browser tests, but /usr/bin/chromium is missing: "
                "run `make browser`.",
                pytrace=False,
            )
        pytest.skip(
            "Browser tests skipped: /usr/bin/chromium is not installed (run `make browser`)."
        )
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _e2e_database_url() -> str | None:
    """A fresh ``<name>_e2e`` on the server DATABASE_URL names, or None for SQLite.
    Named after DATABASE_URL's database, so two checkouts testing against different
    databases on one server never drop each other's; the suite's own databases
    (``test``, ``test_test``) are never touched."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return None
    import psycopg

    parts = urlsplit(url)
    e2e_database = f"{parts.path.strip('/') or 'jaring'}_e2e"
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {e2e_database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {e2e_database}")
    return urlunsplit((parts.scheme, parts.netloc, f"/{e2e_database}", parts.query, ""))


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM to the whole process group (serve and its worker), SIGKILL if it lingers."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def app_url(chromium, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("e2e-var")
    (var_dir / "reference").symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    # Production settings as a user gets them: no debug pages, plain-HTTP cookies.
    dropped = {"DATABASE_URL", "JARING_DEBUG", "JARING_SECURE", "JARING_ALLOWED_HOSTS"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["JARING_VAR_DIR"] = str(var_dir)
    database = _e2e_database_url()
    if database:
        env["DATABASE_URL"] = database
    for command in SETUP_COMMANDS:
        done = subprocess.run(
            [str(JARING), *command], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"jaring {' '.join(command)}:\n{done.stdout}{done.stderr}"
    port = _free_port()
    log_path = var_dir / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(JARING), "serve", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url + "/masuk/", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError(
                            f"jaring serve did not answer:\n{log_path.read_text()}"
                        ) from None
                    time.sleep(0.3)
            yield url
        finally:
            _stop(server)


# The authenticator secret of each user who has one: the demo's administrator, programme
# manager and finance officer share `jaring demo`'s key; a test that enrols a user again
# writes the new secret here.
TOTP_KEYS: dict[str, str] = {}
CODE_PAGE, ENROL_PAGE = "/masuk/kode/", "/akun/verifikasi-dua-langkah/"
_last_step: dict[str, int] = {}


def second_factor_code(username: str) -> str:
    """The code a phone's authenticator app shows for ``username``, as a person would
    type it. The server takes each 30-second code once and accepts the next step's code
    too, so a user signed in twice within one step gets the next code, and a third time
    waits for the clock."""
    from django_otp.oath import TOTP

    from jaring.synthetic.demo import DEMO_TOTP_KEY

    key = base64.b32decode(TOTP_KEYS.get(username, DEMO_TOTP_KEY).replace(" ", ""))
    step = max(int(time.time()) // 30, _last_step.get(username, -1) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(0.5)
    _last_step[username] = step
    counter = TOTP(key)
    counter.time = step * 30 + 1
    return f"{counter.token():06d}"


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
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
    """``login(username)`` gives a logged-in page in a fresh browser context, past the
    second factor when the user has one (the code computed as an authenticator app
    would), or on the enrolment page when the user must enrol first.

    Every request any of these pages makes is recorded: at the end each must have gone
    to the app's own host, none may have answered 5xx, and only page navigations (which
    the tests check themselves, e.g. an expected 404) may answer 4xx: a missing
    stylesheet, script or htmx fragment fails the test."""
    contexts, requests, failures, refused = [], [], [], []

    def on_response(response):
        if response.status >= 500 or (
            response.status >= 400 and not response.request.is_navigation_request()
        ):
            failures.append(f"{response.status} {response.request.method} {response.url}")

    def open_as(username: str, password: str = "demo12345"):
        context = browser.new_context(accept_downloads=True, locale="id-ID")
        context.on("request", lambda request: requests.append(request.url))
        context.on("response", on_response)
        context.on("console", lambda message: refused.extend(policy_violations([message.text])))
        contexts.append(context)
        page = context.new_page()
        page.goto(app_url + "/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: urlsplit(url).path in ("/", CODE_PAGE, ENROL_PAGE))
        if urlsplit(page.url).path == ENROL_PAGE:
            return page  # a user who must enrol first: the test carries on from here
        if urlsplit(page.url).path == CODE_PAGE:
            page.fill("#id_kode", second_factor_code(username))
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
    assert requests, "no request was recorded"
    assert not foreign, f"requests to hosts other than {own}: {foreign}"
    assert not failures, f"failed requests: {failures}"
    assert not refused, f"the Content-Security-Policy refused: {refused}"


@pytest.fixture(scope="session", autouse=True)
def _clean_artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
