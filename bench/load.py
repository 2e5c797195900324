"""Benchmark: the running web app under load from 50 simulated users, with Locust.

Starts ``jaring serve`` (Waitress, as in production) on 127.0.0.1 against PostgreSQL
with the generated million persons bench/web.py uses, and has Locust (headless, in this
process) drive it for a bounded time with users of every role, each signing in through
the login form and reading the pages of their day, plus API clients with a key:

* programme managers (province): home, name and NIK search, a person's page, the
  dashboard, the programme list;
* verifiers (a regency): home, search, a person's page, the match review queue, the
  complaints queue;
* finance officers: home, invoices, the dashboard;
* leaders: home, the dashboard;
* API clients: a person search by NIK, the programme list, the dashboard figures, the
  worker's status check.

Prints requests per second, p50/p95/p99 per page and the error count (0 expected), next
to the same pages requested by one user alone in the same run (the baseline), and the
server's peak memory (its ``VmHWM``). Target: no errors; a search's p95 under 300 ms.

    python bench/load.py [--users 50] [--seconds 120] [--think 1]

The million persons are loaded once into ``jaring_bench_load`` (kept; ``--reload``).
Only 127.0.0.1 is contacted. The second factor is off for the bench's server
(``JARING_OTP_REQUIRED=0``): a load test signs in, it does not type codes.
"""

# Locust patches the standard library for gevent; it must be imported first.
from gevent import monkey  # isort: skip

monkey.patch_all()
import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import quote, urlencode  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from load_setup import PASSWORD  # noqa: E402

from intake import OUT, generate, kept_database, whole_list_limits  # noqa: E402

DATABASE = "jaring_bench_load"
HOST = "127.0.0.1"
TARGET_SEARCH_MS = 300
PLAN: dict = {}  # filled before Locust starts: samples and the API key


class Clerk(HttpUser):
    """A signed-in user of one role; subclasses list the pages of their day."""

    abstract = True
    username = ""
    scope = "64"
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        page = self.client.get("/masuk/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/masuk/",
            data={"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
            headers={"Referer": f"{self.host}/masuk/"},
            name="login",
            allow_redirects=False,
        )
        self.samples = PLAN[self.scope]

    def pick(self, kind: str):
        return random.choice(self.samples[kind])


class Manager(Clerk):
    weight = 4
    username = "bench.pengelola"

    @task(3)
    def search_name(self):
        self.client.get("/pekerja/?" + urlencode({"q": self.pick("name")}), name="search by name")

    @task(3)
    def search_nik(self):
        self.client.get(f"/pekerja/?q={quote(self.pick('nik'))}", name="search by NIK")

    @task(2)
    def person(self):
        self.client.get(f"/pekerja/{self.pick('id')}/", name="person page")

    @task
    def home(self):
        self.client.get("/", name="home")

    @task
    def dashboard(self):
        self.client.get("/dasbor/", name="dashboard")

    @task
    def programmes(self):
        self.client.get("/program/", name="programme list")


class Verifier(Clerk):
    weight = 3
    username = "bench.verifikator"
    scope = "64.71"

    @task(3)
    def search_name(self):
        self.client.get("/pekerja/?" + urlencode({"q": self.pick("name")}), name="search by name")

    @task(2)
    def person(self):
        self.client.get(f"/pekerja/{self.pick('id')}/", name="person page")

    @task
    def home(self):
        self.client.get("/", name="home")

    @task
    def review_queue(self):
        self.client.get("/pencocokan/tinjau/", name="match review queue")

    @task
    def complaints(self):
        self.client.get("/pengaduan/", name="complaints queue")


class Finance(Clerk):
    weight = 1
    username = "bench.keuangan"

    @task
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def invoices(self):
        self.client.get("/iuran/", name="invoices")

    @task
    def dashboard(self):
        self.client.get("/dasbor/", name="dashboard")


class Leader(Clerk):
    weight = 1
    username = "bench.pimpinan"

    @task
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def dashboard(self):
        self.client.get("/dasbor/", name="dashboard")


class ApiClient(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {PLAN['key']}"}
        self.samples = PLAN["64"]

    @task(2)
    def person_by_nik(self):
        nik = random.choice(self.samples["nik"])
        self.client.get(f"/api/v1/pekerja?q={nik}", headers=self.headers, name="API person search")

    @task
    def programmes(self):
        self.client.get("/api/v1/program", headers=self.headers, name="API programmes")

    @task
    def coverage(self):
        self.client.get("/api/v1/dasbor/cakupan", headers=self.headers, name="API dashboard")

    @task
    def status_check(self):
        i = random.randrange(len(self.samples["nik"]))
        self.client.post(
            "/api/v1/cek",
            json={"nik": self.samples["nik"][i], "tanggal_lahir": self.samples["born"][i]},
            name="API status check",
        )


USERS = [Manager, Verifier, Finance, Leader, ApiClient]


def wait_for_server(port: int, process: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"jaring serve exited with {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"jaring serve did not answer on {HOST}:{port} within {limit:.0f}s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def peak_memory_mb(pid: int) -> float:
    """The server's high-water resident memory (Linux ``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def alone(base: str) -> dict[str, float]:
    """The baseline: each page asked by one signed-in user with nobody else on the
    server, p50 in ms (20 requests a page)."""
    import requests

    session = requests.Session()
    page = session.get(f"{base}/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{base}/masuk/",
        data={"csrfmiddlewaretoken": token, "username": "bench.pengelola", "password": PASSWORD},
        headers={"Referer": f"{base}/masuk/"},
    )
    samples = PLAN["64"]
    pages = {
        "search by name": lambda i: "/pekerja/?" + urlencode({"q": samples["name"][i]}),
        "search by NIK": lambda i: f"/pekerja/?q={quote(samples['nik'][i])}",
        "person page": lambda i: f"/pekerja/{samples['id'][i]}/",
        "home": lambda i: "/",
        "dashboard": lambda i: "/dasbor/",
    }
    result = {}
    for name, path in pages.items():
        times = []
        for i in range(21):
            started = time.perf_counter()
            session.get(base + path(i))
            if i:  # the first warms the server's caches
                times.append((time.perf_counter() - started) * 1000)
        result[name] = statistics.median(times)
    return result


def run(args: argparse.Namespace) -> None:
    csv_path = generate(args.rows, args.seed)
    var_dir = OUT / "var-load"
    var_dir.mkdir(parents=True, exist_ok=True)
    reference = var_dir / "reference"
    if not reference.exists():
        reference.symlink_to(ROOT / "var" / "reference", target_is_directory=True)
    env = dict(
        os.environ,
        DATABASE_URL=kept_database(DATABASE, reload=args.reload),
        JARING_VAR_DIR=str(var_dir),
        JARING_SHEET_LIMITS=whole_list_limits(args.rows),
        JARING_ALLOWED_HOSTS=HOST,
        JARING_OTP_REQUIRED="0",
        # Speed is measured here, not the per-user and per-address limits (NIK searches,
        # status checks), which 50 users from one address reach within seconds.
        JARING_NIK_SEARCH_LIMIT="100000000",
        JARING_CEK_LIMIT="100000000",
    )
    # In its own process, without gevent's patches: Django, psycopg and the million rows.
    prepared = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_setup.py"), str(csv_path)],
        env=env, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    PLAN.update(json.loads(prepared.stdout.strip().splitlines()[-1]))
    port = free_port()
    serve = [str(Path(sys.executable).parent / "jaring"), "serve", "--no-worker"]
    serve += ["--host", HOST, "--port", str(port)]
    log = (var_dir / "serve.log").open("w")
    server = subprocess.Popen(serve, env=env, stdout=log, stderr=log)
    base = f"http://{HOST}:{port}"
    try:
        wait_for_server(port, server)
        baseline = alone(base)
        environment = Environment(user_classes=USERS, host=base)
        runner = environment.create_local_runner()
        started = time.perf_counter()
        runner.start(args.users, spawn_rate=args.users / 10)
        gevent.sleep(args.seconds)
        runner.quit()
        elapsed = time.perf_counter() - started
        report(environment.stats, baseline, elapsed, peak_memory_mb(server.pid), args)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def report(stats, baseline: dict, elapsed: float, peak_mb: float, args) -> None:
    total = stats.total
    print(
        f"{args.users} users (managers, verifiers, finance, leaders, API clients) for "
        f"{elapsed:.0f} s: {total.num_requests:,} requests, {total.total_rps:.1f}/s, "
        f"{total.num_failures} errors; server peak memory {peak_mb:,.0f} MB"
    )
    print(f"{'page':<24}{'n':>7}{'err':>5}{'p50':>8}{'p95':>8}{'p99':>8}{'alone p50':>11}")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        alone_ms = baseline.get(entry.name)
        alone_text = f"{alone_ms:>8.0f} ms" if alone_ms is not None else ""
        print(
            f"{entry.name:<24}{entry.num_requests:>7}{entry.num_failures:>5}"
            f"{entry.get_response_time_percentile(0.5):>6.0f}ms"
            f"{entry.get_response_time_percentile(0.95):>6.0f}ms"
            f"{entry.get_response_time_percentile(0.99):>6.0f}ms{alone_text}"
        )
    searches = [
        e.get_response_time_percentile(0.95)
        for e in stats.entries.values()
        if e.name.startswith("search")
    ]
    worst = max(searches) if searches else float("nan")
    ok = total.num_failures == 0 and worst < TARGET_SEARCH_MS
    print(
        f"search p95 under load {worst:.0f} ms (target < {TARGET_SEARCH_MS} ms), "
        f"errors {total.num_failures} (target 0): {'OK' if ok else 'NOT MET'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_120_000)  # ≈ a million persons
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120, help="time bound of the load")
    parser.add_argument("--reload", action="store_true")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
