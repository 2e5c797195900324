"""Every importer against the hostile corpus: each file ends processed (exit 0) or
refused with a reason (exit 2) — never an abort, a traceback, a failure logged as a
system error, or more than 1 GB of memory — and a refused file writes nothing.

The importers are run as their commands are (``call_command``: a ``CommandError`` is
what the command line prints without a traceback, anything else is a traceback) and the
API upload as the worker runs it. ``tests/cli`` runs the worst files through the real
``jaring`` process too.
"""

from __future__ import annotations

import io
import logging
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from jaring.accounts.tokens import create_token
from jaring.intake.models import Submission, SubmissionStatus
from jaring.intake.tasks import process_submission_task
from jaring.registry.models import Agency, Person, SourceRecord

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
sys.path.insert(0, str(Path(__file__).parent))
from billing_world import admin, approved_program
from corpus import LIMITS, Hostile, corpus, write

pytestmark = pytest.mark.django_db

GB = 1 << 30
NIK = "6471010505850001"
IMPORTERS = {
    "intake": (
        ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Wilayah", "Pekerjaan", "Alamat"],
        [NIK, "Budi Santoso", "1985-05-05", "L", "64.71.01.1001", "nelayan", "Jl. Manggar"],
    ),
    "membership": (
        ["KPJ", "NIK", "Nama", "Tanggal Lahir", "Segmen", "Status", "Bulan Terakhir Bayar"],
        ["90000000001", NIK, "Budi Santoso", "1985-05-05", "BPU", "aktif", "2024-10"],
    ),
    "responses": (
        ["NIK", "Nama", "KPJ", "Status", "Keterangan"],
        [NIK, "Budi Santoso", "90000000001", "diterima", ""],
    ),
    "payments": (
        ["Nomor Tagihan", "Tanggal Bayar", "Jumlah", "Referensi"],
        ["TG-2024-000001", "2024-10-05", "16800", "SP2D-0001"],
    ),
    "claims": (
        ["KPJ", "NIK", "Nama", "Jenis Klaim", "Tanggal Kejadian", "Tanggal Bayar", "Jumlah"],
        ["90000000001", NIK, "Budi Santoso", "JKM", "2024-10-01", "2024-10-05", "42000000"],
    ),
    "dtks": (["NIK", "Nama", "Desil"], [NIK, "Budi Santoso", "1"]),
    "coverage": (["kode_wilayah", "bulan", "segmen", "peserta"], ["64.71", "2024-10", "BPU", "9"]),
    "labour": (["kode_bps", "tahun", "angkatan_kerja", "bekerja"], ["6471", "2023", "900", "800"]),
    "api": None,  # the intake file, sent to /api/v1/pengajuan and processed by the worker
    # the KPJ list of workers continuing on their own (lanjut mandiri), read by the page
    "continuation": (["KPJ", "Nama"], ["90000000001", "Budi Santoso"]),
}


class PeakMemory:
    """The process's resident memory, sampled while an import runs: its peak above
    where it started (Polars and calamine allocate outside Python's own accounting)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    @staticmethod
    def resident() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * 4096

    def __enter__(self):
        self.start = self.resident()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.resident() - self.start)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.resident() - self.start)


@pytest.fixture
def world(db):
    agency = Agency.objects.create(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_id="64.71")
    program = approved_program()
    return {"agency": agency, "program": program}


def run(importer: str, path: Path, world, original_name: str) -> tuple[int, str]:
    """Exit code and what was printed, as the command line would end."""
    out, err = io.StringIO(), io.StringIO()
    commands = {
        "intake": ["intake", str(path), "--agency", "DKP-6471", "--json"],
        "membership": ["membership", "import", str(path), "--json"],
        "responses": ["enrolment", "import", str(path), "--programme", world["program"].kode],
        "payments": ["payments", "import", str(path), "--json"],
        "claims": ["claims", "import", str(path), "--json"],
        "dtks": ["dtks", "import", str(path), "--json"],
        "coverage": ["coverage", "import", str(path)],
        "labour": ["wilayah", "angkatan-kerja", str(path)],
    }
    if importer == "api":
        return _through_api(path, original_name)
    if importer == "continuation":
        return _continuation(path, world, original_name)
    try:
        call_command(*commands[importer], stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue() + err.getvalue()


def _continuation(path: Path, world, original_name: str) -> tuple[int, str]:
    """The file a manager uploads on the lanjut mandiri page, for a programme whose one
    enrolled participant holds the KPJ the well-formed files name."""
    from billing_world import enrol_all

    from jaring.contributions.continuation import ContinuationError, accept_file
    from jaring.enrollment.models import Peserta
    from jaring.sheets import UnusableFile

    program = world["program"]
    with tempfile.TemporaryDirectory() as folder:
        enrol_all(program, Path(folder))
    first = Peserta.objects.filter(program=program).order_by("nomor_urut").first()
    Peserta.objects.filter(pk=first.pk).update(kpj="90000000001")
    try:
        accept_file(user=admin(), program=program, path=path, original_name=original_name)
    except (ContinuationError, UnusableFile) as exc:
        return 2, str(exc)
    return 0, ""


def _through_api(path: Path, original_name: str) -> tuple[int, str]:
    _, key = create_token(admin(), "uji")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    upload = io.BytesIO(path.read_bytes())
    upload.name = original_name
    response = client.post("/api/v1/pengajuan", {"berkas": upload, "instansi": "DKP-6471"})
    if response.status_code == 400:
        return 2, response.json()["detail"]
    assert response.status_code == 202, response.content
    submission = Submission.objects.get(nomor=response.json()["nomor"])
    process_submission_task.call(submission.pk)
    submission.refresh_from_db()
    if submission.status == SubmissionStatus.FAILED:
        return 2, submission.failure
    assert submission.status == SubmissionStatus.DONE
    return 0, ""


def cases():
    for importer, shape in IMPORTERS.items():
        header, row = shape or IMPORTERS["intake"]
        for hostile in corpus(header, row):
            yield pytest.param(importer, hostile, id=f"{importer}-{hostile.name[:24]}")


@pytest.mark.parametrize(("importer", "hostile"), list(cases()))
def test_every_importer_processes_or_refuses_every_hostile_file(
    world, importer, hostile: Hostile, tmp_path, settings, caplog
):
    settings.JARING_SHEET_LIMITS = LIMITS
    path = write(tmp_path, hostile)
    persons, sources = Person.objects.count(), SourceRecord.objects.count()

    started = time.monotonic()
    with caplog.at_level(logging.ERROR), PeakMemory() as memory:
        code, said = run(importer, path, world, hostile.name)

    assert code in hostile.expect, said
    assert hostile.says in said
    assert "Traceback" not in said and "kesalahan sistem" not in said, said
    assert not [r for r in caplog.records if r.exc_info], "a failure was logged as a crash"
    assert memory.peak < GB, f"{memory.peak / GB:.2f} GB"
    assert time.monotonic() - started < 60
    if code == 2:
        assert said.strip(), "a refusal says why"
        assert (Person.objects.count(), SourceRecord.objects.count()) == (persons, sources)
