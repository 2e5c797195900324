"""Benchmark: the registry pages under load, through the real server, at a million persons.

Starts ``jaring serve`` (Waitress, as in production) on 127.0.0.1 against PostgreSQL with
the generated million persons bench/web.py uses, logs in 15 province users and one
regency user through the login form, and has them all search the registry by name and by
NIK, open person pages and the dashboard at once. Prints p50/p95 of each page under that load next
to the same pages requested by a single user in the same run, and the number of errors.
Target: a province user's search p95 < 300 ms with 15 users at once.

    python bench/load.py [--users 15] [--think 1] [--seconds 60] [--requests 400]

Each user waits ``--think`` seconds on average (uniformly half to one and a half times
that) between a page and the next, as a clerk reading the page does; ``--think 0`` has
every user fire its next request the moment the last one returns, which measures the
server's throughput (latency is then about users ÷ requests per second) rather than
what a clerk waits for.

Bounded: every user stops after ``--seconds`` or ``--requests`` requests, whichever
comes first; only 127.0.0.1 is ever contacted. Plain threads and ``http.client`` (one
keep-alive connection per user), so no load-testing dependency is needed. The million
persons are loaded once into ``jaring_bench_load`` (kept between runs; ``--reload``).
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from intake import OUT, generate, kept_database, whole_list_limits  # noqa: E402
from web import _misspell  # noqa: E402

DATABASE = "jaring_bench_load"
HOST = "127.0.0.1"
PASSWORD = "bench-load-Sandi-2024"
TARGET_SEARCH_MS = 300
PAGES = ["search by name", "search by NIK", "person page", "dashboard"]


def setup(csv_path: Path, users: int, samples: int) -> None:
    """Runs in a child with DATABASE_URL set: the million persons (once), the bench users
    and the samples each page is asked about, printed as JSON on the last line."""
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jaring.accounts.models import Role, User
    from jaring.intake.services import intake_file
    from jaring.registry.models import Person, RegencyTally
    from jaring.registry.services import add_agency, recount_regencies
    from jaring.wilayah.queries import prefix_range
    from jaring.wilayah.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    agency = add_agency(kode="BENCH-6471", nama="Bench", wilayah_kode="64.71")
    if Person.objects.count() < 1_000:
        started = time.perf_counter()
        intake_file(path=csv_path, agency=agency)
        seconds = time.perf_counter() - started
        print(f"loaded {Person.objects.count():,} persons in {seconds:.0f}s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if not RegencyTally.objects.exists():
        recount_regencies()
    # Province users: programme managers and verifiers of the whole province (both see
    # full identities, so a NIK search is an ordinary search for them).
    accounts = []
    for i in range(users):
        role = Role.MANAGER if i % 2 == 0 else Role.VERIFIER
        accounts.append((f"bench.provinsi{i + 1:02}", role, "64"))
    accounts.append(("bench.kota6471", Role.VERIFIER, "64.71"))
    for username, role, wilayah in accounts:
        user, _ = User.objects.get_or_create(username=username)
        user.role, user.wilayah_id, user.is_active = role, wilayah, True
        user.set_password(PASSWORD)
        user.save()
    rng = random.Random(13)
    golden = Person.objects.golden()
    province = list(golden.order_by("?").values_list("id", "nik", "nama")[: samples * 2])
    regency = list(
        golden.filter(prefix_range("64.71", "wilayah"))
        .order_by("?")
        .values_list("id", "nik", "nama")[:samples]
    )

    def sample(rows):
        # Half whole names as a clerk misspells them, half one word of a name (Siti,
        # Muhammad, Wibowo): the short, common searches are the expensive ones.
        names = [_misspell(nama, rng) for _, _, nama in rows[::2]]
        names += [rng.choice(nama.split()) for _, _, nama in rows[1::2]]
        return {
            "nik": [nik for _, nik, _ in rows],
            "name": names,
            "id": [pk for pk, _, _ in rows],
        }

    print(f"registry: {golden.count():,} golden persons", file=sys.stderr)
    print(
        json.dumps(
            {
                "province": [u for u, _, w in accounts if w == "64"],
                "regency": [u for u, _, w in accounts if w != "64"],
                "samples": {"64": sample(province), "64.71": sample(regency)},
            }
        )
    )


class Browser:
    """One logged-in user: a keep-alive connection and the session cookie."""

    def __init__(self, port: int, username: str):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        body = self.get("/masuk/")[1]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        form = urlencode(
            {"csrfmiddlewaretoken": token.decode(), "username": username, "password": PASSWORD}
        )
        status, _ = self.request("POST", "/masuk/", form)
        if status != 302:
            raise SystemExit(f"login of {username} failed: HTTP {status}")

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}/masuk/"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                # The server may close an idle keep-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)


def page_path(kind: str, samples: dict, rng: random.Random) -> str:
    if kind == "search by name":
        return "/pekerja/?" + urlencode({"q": rng.choice(samples["name"])})
    if kind == "search by NIK":
        return f"/pekerja/?q={quote(rng.choice(samples['nik']))}"
    if kind == "person page":
        return f"/pekerja/{rng.choice(samples['id'])}/"
    return "/dasbor/"


def timed(browser: Browser, path: str) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        status, _ = browser.get(path)
        ok = status == 200
    except (http.client.HTTPException, OSError):
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def percentiles(values: list[float]) -> tuple[float, float]:
    if not values:
        return float("nan"), float("nan")
    if len(values) == 1:
        return values[0], values[0]
    cuts = statistics.quantiles(values, n=20)
    return statistics.median(values), cuts[18]


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
        # Speed is measured here, not the per-user limit on NIK searches (60 per ten
        # minutes, which a user firing back-to-back reaches and is then answered 429).
        JARING_NIK_SEARCH_LIMIT="1000000",
    )
    prepared = subprocess.run(
        [sys.executable, __file__, "--setup", str(csv_path), "--users", str(args.users)],
        env=env, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    plan = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = free_port()
    serve = [str(Path(sys.executable).parent / "jaring"), "serve", "--no-worker"]
    serve += ["--host", HOST, "--port", str(port)]
    if args.threads:
        serve += ["--threads", str(args.threads)]
    # Waitress reports its queue depth on stderr under load: kept in a file, not shown.
    log = (var_dir / "serve.log").open("w")
    server = subprocess.Popen(serve, env=env, stdout=log, stderr=log)
    try:
        wait_for_server(port, server)
        measure(port, plan, args)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def measure(port: int, plan: dict, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    province = plan["samples"]["64"]
    # Single user, same server, same run: the baseline each figure under load is set beside.
    alone = Browser(port, plan["province"][0])
    for kind in PAGES:  # warm the server's connection and caches once
        timed(alone, page_path(kind, province, rng))
    single: dict[str, list[float]] = {kind: [] for kind in PAGES}
    single_errors = 0
    for _ in range(args.single):
        for kind in PAGES:
            ms, ok = timed(alone, page_path(kind, province, rng))
            single[kind].append(ms)
            single_errors += not ok

    users = [(u, "64") for u in plan["province"]] + [(u, "64.71") for u in plan["regency"]]
    browsers = [Browser(port, username) for username, _ in users]
    results: list[tuple[str, str, float, bool]] = []  # (scope, page, ms, ok)
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def user_loop(index: int) -> None:
        browser, scope = browsers[index], users[index][1]
        samples = plan["samples"][scope]
        own_rng = random.Random(args.seed * 100 + index)
        mine = []
        for n in range(args.requests):
            if time.monotonic() >= deadline:
                break
            if n and args.think:
                time.sleep(own_rng.uniform(0.5, 1.5) * args.think)
            kind = PAGES[(n + index) % len(PAGES)]
            ms, ok = timed(browser, page_path(kind, samples, own_rng))
            mine.append((scope, kind, ms, ok))
        with lock:
            results.extend(mine)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        list(pool.map(user_loop, range(len(browsers))))
    elapsed = time.perf_counter() - started

    print(
        f"{len(plan['province'])} province users + {len(plan['regency'])} regency user, "
        f"think time {args.think:g} s, {len(results):,} requests in {elapsed:.0f}s "
        f"({len(results) / elapsed:.1f}/s); single user: {args.single} of each page"
    )
    header = f"{'page':<28}{'alone p50':>11}{'p95':>9}{'load p50':>11}{'p95':>9}{'n':>6}{'err':>5}"
    print(header)
    for scope, label in (("64", "province"), ("64.71", "regency")):
        for kind in PAGES:
            ms = [r[2] for r in results if r[0] == scope and r[1] == kind]
            errors = sum(1 for r in results if r[0] == scope and r[1] == kind and not r[3])
            a50, a95 = percentiles(single[kind]) if scope == "64" else (float("nan"),) * 2
            l50, l95 = percentiles(ms)
            alone_text = f"{a50:>8.0f} ms{a95:>6.0f} ms" if scope == "64" else f"{'':>17}"
            print(
                f"{label + ' ' + kind:<28}{alone_text}"
                f"{l50:>8.0f} ms{l95:>6.0f} ms{len(ms):>6}{errors:>5}"
            )
    searches = [r[2] for r in results if r[0] == "64" and r[1].startswith("search")]
    errors = sum(1 for r in results if not r[3]) + single_errors
    p95_search = percentiles(searches)[1]
    verdict = "OK" if p95_search < TARGET_SEARCH_MS else "ABOVE TARGET"
    print(
        f"province search under load p95 {p95_search:.0f} ms (target < {TARGET_SEARCH_MS} ms): "
        f"{verdict}; errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_120_000)  # ≈ a million persons
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--users", type=int, default=15, help="province users at once")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between pages")
    parser.add_argument("--seconds", type=float, default=60, help="time bound of the load")
    parser.add_argument("--requests", type=int, default=400, help="requests per user, at most")
    parser.add_argument("--single", type=int, default=20, help="single-user samples per page")
    parser.add_argument("--threads", type=int, help="server threads (jaring serve's default)")
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(args.setup, args.users, samples=200)
        return
    run(args)


if __name__ == "__main__":
    main()
