"""The layering docs/architecture.md promises, checked on the source: lower layers never
import upward (the dashboard is reached through ``jaring.events``), commands share one
base, and an announcement reaches its listener once, when it should."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from jaring import events, standalone
from jaring.events import Topic

SRC = Path(__file__).resolve().parents[1] / "src" / "jaring"
# Wiring that names every app by design.
WIRING = {SRC / "settings.py", SRC / "urls.py", SRC / "api" / "main.py"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def importers_of(app: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Modules outside ``app`` (and the wiring, and the ``allowed`` apps above it) that
    import it."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path in WIRING or any((SRC / name) in path.parents for name in (app, *allowed)):
            continue
        if any(
            m == f"jaring.{app}" or m.startswith(f"jaring.{app}.") for m in imported_modules(path)
        ):
            offenders.append(str(path.relative_to(SRC)))
    return offenders


def test_nothing_outside_the_dashboard_imports_it():
    # The home page (beranda) sits above the dashboard: a leader's home reads its figures.
    assert importers_of("dashboard", allowed=("beranda",)) == []


def test_nothing_imports_the_home_page():
    """The home page is the top layer: it reads every app; no app reads it."""
    assert importers_of("beranda") == []


def test_every_command_shares_the_base_that_handles_announcements():
    # Except a command that needs no database (jaring.standalone): it changes nothing to
    # announce, and runs without the apps, so it may not import the base's models.
    without_apps = {module.rsplit(".", 1)[-1] for module in standalone.COMMANDS.values()}
    plain = [
        path.stem
        for path in SRC.glob("*/management/commands/*.py")
        if "class Command(BaseCommand)" in path.read_text()
    ]
    assert sorted(plain) == sorted(without_apps)


@pytest.fixture
def heard():
    received = []

    def listener(sender, *, topics, foreground, **kwargs):
        received.append((set(topics), foreground))

    events.changed.connect(listener, dispatch_uid="test-listener")
    yield received
    events.changed.disconnect(dispatch_uid="test-listener")


@pytest.mark.django_db
def test_an_announcement_waits_for_the_commit_and_a_rollback_cancels_it(
    heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.announce(Topic.CLAIMS)
        assert heard == []  # not before the commit
    assert heard == [({Topic.CLAIMS}, False)]

    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                events.announce(Topic.PROGRAMME)
                raise RuntimeError("langkah gagal")
        except RuntimeError:
            pass
    assert heard == []


@pytest.mark.django_db
def test_in_foreground_gathers_and_delivers_once_at_the_end(heard):
    with events.in_foreground() as gathered:
        events.announce(Topic.REGISTRY)
        events.announce(Topic.CONTRIBUTIONS, Topic.REGISTRY)
        assert heard == []
    assert heard == [({Topic.REGISTRY, Topic.CONTRIBUTIONS}, True)]
    # The dashboard answered with the summaries it rebuilt, at once (a command's way).
    assert any(
        isinstance(response, dict) and "iuran" not in response for _, response in gathered.responses
    )


@pytest.mark.django_db
def test_in_foreground_delivers_what_was_announced_before_a_failure(heard):
    with pytest.raises(RuntimeError), events.in_foreground():
        events.announce(Topic.COVERAGE)
        raise RuntimeError("langkah berikutnya gagal")
    assert heard == [({Topic.COVERAGE}, True)]


def test_the_dashboard_rebuilds_what_each_topic_feeds():
    from jaring.dashboard.subscribers import PARTS_OF, parts_for

    assert set(PARTS_OF) == set(Topic), "every topic has a listener's answer"
    assert parts_for({Topic.CLAIMS, Topic.REGISTRY}) == (
        "registri",
        "alur",
        "peserta",
        "anggaran",
        "klaim",
    )


# The older spellings of "who and when" (docs/architecture.md, glossary).
OLD_WHO_AND_WHEN = {"pada", "oleh", "imported_at", "dibuat_oleh", "dicatat_oleh"}


def old_who_and_when_fields(models) -> list[str]:
    return sorted(
        f"{model._meta.label}.{field.name}"
        for model in models
        for field in model._meta.get_fields()
        if field.name in OLD_WHO_AND_WHEN
    )


def test_no_model_field_keeps_an_old_who_and_when_spelling():
    from django.apps import apps

    assert old_who_and_when_fields(apps.get_models()) == []


def test_the_old_spelling_check_can_fail():
    from django.db import models
    from django.test.utils import isolate_apps

    with isolate_apps("jaring.programs"):
        meta = type("Meta", (), {"app_label": "programs"})
        fields = {"__module__": __name__, "Meta": meta, "pada": models.DateTimeField()}
        Lama = type("Lama", (models.Model,), fields)

    assert old_who_and_when_fields([Lama]) == ["programs.Lama.pada"]


def test_records_carry_who_and_when_under_one_name():
    from jaring.contributions.models import Pembayaran, Tagihan
    from jaring.enrollment.models import BatchPendaftaran
    from jaring.jobs.models import Job
    from jaring.programs.models import Amandemen, Pengecualian, Program, RiwayatProgram
    from jaring.records import Recorded

    for model in (Program, Pengecualian, Amandemen, RiwayatProgram, BatchPendaftaran):
        assert issubclass(model, Recorded)
        assert {"created_at", "created_by"} <= {f.name for f in model._meta.fields}
    for model in (Job, Tagihan, Pembayaran):
        assert issubclass(model, Recorded)


def class_names(path: Path) -> tuple[set[str], set[str]]:
    """(dataclasses, Django models) defined in one module, read from its source."""
    dataclasses, models = set(), set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.ClassDef):
            continue
        decorators = {ast.unparse(d).split("(")[0] for d in node.decorator_list}
        if decorators & {"dataclass", "dataclasses.dataclass"}:
            dataclasses.add(node.name)
        if path.name == "models.py" or path.parent.name == "models":
            models.add(node.name)
    return dataclasses, models


def test_no_dataclass_shares_a_name_with_a_model():
    dataclasses: set[str] = set()
    models: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found = class_names(path)
        dataclasses |= found[0]
        models |= found[1]
    assert dataclasses, "the scan finds the dataclasses"
    assert dataclasses & models == set()


ISSUE_NUMBER = re.compile(r"\bissues?\s+#?\d+|\(#\d+\)", re.IGNORECASE)


def issue_numbers(text: str) -> list[str]:
    return [m.group(0) for m in ISSUE_NUMBER.finditer(text)]


def test_no_comment_or_docstring_cites_an_issue_number():
    root = SRC.parents[1]
    found = [
        f"{path.relative_to(root)}: {hit}"
        for folder in ("src", "tests", "bench")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts
        for hit in issue_numbers(path.read_text())
    ]
    example = "# Review queue (issue " + "4)"
    assert len(issue_numbers(example)) == 1
    assert found == []


def test_starting_django_loads_neither_polars_nor_splink():
    """Every process pays for what the models import: ``jaring init`` (run by each
    ``make run``) must start in a second, so the models keep the data tools out
    (``jaring.import_records`` holds the import models apart from the runner)."""
    code = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'jaring.settings'); django.setup(); "
        "print(sorted(m for m in ('polars', 'splink', 'duckdb') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


# One row of each importer's file (as tests/hostile sends them): the outline is what is
# checked here, not the rows' outcome.
NIK = "6471010505850001"
IMPORT_FILES = {
    "PJ": (
        ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Wilayah", "Pekerjaan"],
        [NIK, "Budi Santoso", "1985-05-05", "L", "64.71.01.1001", "nelayan"],
    ),
    "KP": (
        ["KPJ", "NIK", "Nama", "Tanggal Lahir", "Segmen", "Status", "Bulan Terakhir Bayar"],
        ["90000000001", NIK, "Budi Santoso", "1985-05-05", "BPU", "aktif", "2024-10"],
    ),
    "RSP": (
        ["NIK", "Nama", "KPJ", "Status", "Keterangan"],
        [NIK, "Budi Santoso", "90000000001", "diterima", ""],
    ),
    "BYR": (
        ["Nomor Tagihan", "Tanggal Bayar", "Jumlah", "Referensi"],
        ["TG-2024-000001", "2024-10-05", "16800", "SP2D-0001"],
    ),
    "KLM": (
        ["KPJ", "NIK", "Nama", "Jenis Klaim", "Tanggal Kejadian", "Tanggal Bayar", "Jumlah"],
        ["90000000001", NIK, "Budi Santoso", "JKM", "2024-10-01", "2024-10-05", "42000000"],
    ),
}


def file_import_prefixes() -> set[str]:
    """The ``prefix`` of every ``FileImport`` defined in the source."""
    prefixes = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "FileImport":
                prefix = next(k.value for k in node.keywords if k.arg == "prefix")
                assert isinstance(prefix, ast.Constant), path
                prefixes.add(prefix.value)
    return prefixes


def test_the_five_importers_each_describe_their_file_for_the_runner():
    assert file_import_prefixes() == set(IMPORT_FILES)


def test_only_the_runner_stores_import_files_and_row_problems():
    """The outline's pieces are not copied: storing the file, numbering and the row
    problems are the runner's alone."""
    pieces = {"store_errors", "stored_file", "save_file"}
    users = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "imports.py":
            continue
        tree = ast.parse(path.read_text(), str(path))
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        if names & pieces:
            users.append(str(path.relative_to(SRC)))
    assert users == []


@pytest.mark.django_db
def test_every_importer_runs_the_two_steps_of_the_one_outline(tmp_path, monkeypatch):
    """Each importer's entry point goes through ``imports.receive`` and then
    ``imports.check_and_write`` with its own ``FileImport``, and its record is numbered
    by the runner."""
    sys.path.insert(0, str(SRC.parents[1] / "tests" / "contributions"))
    from billing_world import approved_program

    from jaring import imports
    from jaring.claims.services import import_claims
    from jaring.contributions.payment_import import import_payments
    from jaring.enrollment.responses import import_response
    from jaring.intake.services import intake_file
    from jaring.matching.membership import import_membership
    from jaring.registry.models import Agency

    steps: list[tuple[str, str]] = []

    def spy(step):
        def recorded(kind, *args, **kwargs):
            steps.append((kind.prefix, step.__name__))
            return step(kind, *args, **kwargs)

        return recorded

    monkeypatch.setattr(imports, "receive", spy(imports.receive))
    monkeypatch.setattr(imports, "check_and_write", spy(imports.check_and_write))
    agency = Agency.objects.create(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_id="64.71")
    program = approved_program()

    def path(prefix: str) -> Path:
        header, row = IMPORT_FILES[prefix]
        written = tmp_path / f"{prefix}.csv"
        written.write_text(",".join(header) + "\n" + ",".join(row) + "\n")
        return written

    records = [
        intake_file(path=path("PJ"), agency=agency).submission,
        import_membership(path=path("KP")).membership_import,
        import_response(user=None, program=program, path=path("RSP")).record,
        import_payments(user=None, path=path("BYR")).record,
        import_claims(user=None, path=path("KLM")).record,
    ]

    assert steps == [
        (prefix, step) for prefix in IMPORT_FILES for step in ("receive", "check_and_write")
    ]
    for prefix, record in zip(IMPORT_FILES, records, strict=True):
        record.refresh_from_db()
        assert re.fullmatch(rf"{prefix}-\d{{4}}-\d{{6}}", record.nomor), record.nomor
        assert record.rows == 1 and record.file
