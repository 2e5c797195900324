"""The data bench/load.py drives, made in a process of its own (without Locust's gevent
patches): the million generated persons in ``jaring_bench_load`` (loaded once), one
user per role, a read-only API key and samples to ask about, printed as JSON on the last
line.

    python bench/load_setup.py CSV   (with DATABASE_URL and JARING_VAR_DIR set)
"""

import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import _misspell

PASSWORD = "bench-load-Sandi-2024"
ACCOUNTS = [  # (username, role, region)
    ("bench.pengelola", "pengelola", "64"),
    ("bench.verifikator", "verifikator", "64.71"),
    ("bench.keuangan", "keuangan", "64"),
    ("bench.pimpinan", "pimpinan", "64"),
]


def setup(csv_path: Path) -> None:
    """In a child with DATABASE_URL set: the million persons (once), one user per role,
    an API key, and samples; printed as JSON on the last line."""
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jaring.accounts.models import ApiToken, User
    from jaring.accounts.tokens import create_token
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
    for username, role, wilayah in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.role, user.wilayah_id, user.is_active = role, wilayah, True
        user.set_password(PASSWORD)
        user.save()
    api_user = User.objects.get(username="bench.pengelola")
    ApiToken.objects.filter(user=api_user, nama="bench").delete()
    _, key = create_token(api_user, "bench", days=1, read_only=True)
    rng = random.Random(13)
    golden = Person.objects.golden()
    province = list(golden.order_by("?").values_list("id", "nik", "nama", "tanggal_lahir")[:400])
    regency = list(
        golden.filter(prefix_range("64.71", "wilayah"))
        .order_by("?")
        .values_list("id", "nik", "nama", "tanggal_lahir")[:200]
    )

    def sample(rows):
        # Half whole names as a clerk misspells them, half one common word of a name.
        names = [_misspell(nama, rng) for _, _, nama, _ in rows[::2]]
        names += [rng.choice(nama.split()) for _, _, nama, _ in rows[1::2]]
        return {
            "nik": [nik for _, nik, _, _ in rows],
            "name": names,
            "id": [pk for pk, _, _, _ in rows],
            "born": [born.isoformat() for _, _, _, born in rows],
        }

    print(f"registry: {golden.count():,} golden persons", file=sys.stderr)
    print(json.dumps({"key": key, "64": sample(province), "64.71": sample(regency)}))


if __name__ == "__main__":
    setup(Path(sys.argv[1]))
