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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import prepared_registry
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
    from jaring.accounts.models import ApiToken, User
    from jaring.accounts.tokens import create_token
    from jaring.registry.models import Person
    from jaring.wilayah.queries import prefix_range

    prepared_registry(csv_path)
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
