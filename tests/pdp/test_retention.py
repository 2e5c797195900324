"""`jaring retensi`: original files past their term are deleted with the row-level reasons
that quote them; workers never selected and not seen for years are deleted, or anonymised
where a selection outcome or a complaint refers to them; a beneficiary, a recent worker
and a worker with an open complaint are left alone; --dry-run changes nothing; a second
run finds nothing more."""

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from billing_world import approved_program
from intake_samples import MIXED_ROWS, write_csv

from jaring.intake.models import RejectedRow, RowError, Submission
from jaring.intake.services import intake_file
from jaring.pdp import retention
from jaring.pengaduan.services import file_complaint
from jaring.programs.models import Penerima, Seleksi
from jaring.registry.models import Person, SourceRecord
from jaring.registry.services import add_agency
from jaring.riwayat.models import Entri

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - dt.timedelta(days=365 * 12)


@pytest.fixture(autouse=True)
def rules(settings, tmp_path):
    settings.JARING_RETENSI = {"BERKAS_TAHUN": 5, "PEKERJA_TAHUN": 10}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(tmp_path):
    """A programme in Balikpapan: 3 selected, 1 waiting (a selection outcome refers to
    them); an old list with rejected rows; a worker only in that list; a worker with an
    open complaint; everything dated twelve years ago except one fresh listing."""
    program = approved_program(per_regency={"64.71": 4}, quota={"64.71": 3}, kode="RET")
    agency = add_agency(kode="DKP-6471", nama="DKP Balikpapan", wilayah_kode="64.71")
    old_list = intake_file(path=write_csv(tmp_path / "lama.csv", MIXED_ROWS), agency=agency)
    Submission.objects.filter(pk=old_list.submission.pk).update(created_at=LONG_AGO)
    Person.objects.update(created_at=LONG_AGO)
    SourceRecord.objects.update(created_at=LONG_AGO)
    listed = set(SourceRecord.objects.values_list("person_id", flat=True))
    complaining, *only_listed = sorted(listed)
    file_complaint(person=Person.objects.get(pk=complaining), jenis="data_salah",
                   uraian="Data saya salah", kanal="web")  # fmt: skip
    fresh = intake_file(
        path=write_csv(tmp_path / "baru.csv", [["6471016601000001", "Rina Baru", "2000-01-26",
                                               "P", "64.71.01.1001", "", "ojek", "", "", ""]]),
        agency=agency,
    )  # fmt: skip
    return {
        "program": program,
        "old_file": old_list.submission,
        "fresh_file": fresh.submission,
        "complaining": complaining,
        "only_listed": only_listed,
        "selected": set(Penerima.objects.values_list("person_id", flat=True)),
        "waiting": set(Seleksi.objects.filter(terpilih=False).values_list("person_id", flat=True)),
        "fresh": SourceRecord.objects.get(submission=fresh.submission).person_id,
    }


def test_the_plan_names_what_the_rules_reach_and_changes_nothing(world):
    persons, sources = Person.objects.count(), SourceRecord.objects.count()

    rencana = retention.plan()

    assert [b.nomor for b in rencana.berkas] == [world["old_file"].nomor]
    assert rencana.baris_alasan == RowError.objects.filter(submission=world["old_file"]).count() \
        + RejectedRow.objects.filter(submission=world["old_file"]).count() > 0  # fmt: skip
    assert set(rencana.hapus) == set(world["only_listed"])
    assert set(rencana.anonim) == world["waiting"]
    untouched = world["selected"] | {world["complaining"], world["fresh"]}
    assert not untouched & (set(rencana.hapus) | set(rencana.anonim))
    assert (Person.objects.count(), SourceRecord.objects.count()) == (persons, sources)
    assert Submission.objects.get(pk=world["old_file"].pk).file


def test_applying_deletes_anonymises_and_keeps_the_rest(world, django_capture_on_commit_callbacks):
    old = Submission.objects.get(pk=world["old_file"].pk)
    stored = old.file.name
    assert default_storage.exists(stored)

    # The stored file goes once the transaction has committed.
    with django_capture_on_commit_callbacks(execute=True):
        rencana = retention.apply(retention.plan())

    old.refresh_from_db()
    assert old.file.name == "" and not default_storage.exists(stored)
    assert (old.rows, old.accepted) == (len(MIXED_ROWS), world["old_file"].accepted)  # counts kept
    assert not RowError.objects.filter(submission=old).exists()
    assert not RejectedRow.objects.filter(submission=old).exists()
    assert Submission.objects.get(pk=world["fresh_file"].pk).file  # the fresh list keeps its file

    assert not Person.objects.filter(pk__in=world["only_listed"]).exists()
    assert not SourceRecord.objects.filter(person_id__in=world["only_listed"]).exists()
    for person in Person.objects.filter(pk__in=world["waiting"]):
        assert person.nik == f"99{person.pk:014d}" and person.nama == retention.ANONYMOUS_NAME
        assert (person.tanggal_lahir.month, person.tanggal_lahir.day) == (1, 1)
        assert person.alamat == person.no_hp == person.no_kk == ""
        entry = Entri.objects.filter(object_pk=str(person.pk)).latest("timestamp")
        assert entry.additional_data["alasan"].startswith("Retensi")
        before, after = entry.changes["nik"]
        assert "*" in before and after == person.nik  # the old NIK only masked
    for pk in world["selected"] | {world["complaining"], world["fresh"]}:
        assert not Person.objects.get(pk=pk).nik.startswith("99")
    assert set(rencana.anonim) == world["waiting"]

    again = retention.plan()
    assert (again.berkas, again.hapus, again.anonim, again.baris_alasan) == ([], [], [], 0)


def test_the_command_dry_run_lists_and_the_run_applies(world):
    out = io.StringIO()
    call_command("retensi", "--dry-run", stdout=out)
    text = out.getvalue()
    assert world["old_file"].nomor in text and "tidak ada yang diubah" in text
    assert Person.objects.filter(pk__in=world["only_listed"]).count() == len(world["only_listed"])

    out = io.StringIO()
    call_command("retensi", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["berkas"] == 1 and summary["dry_run"] is False
    assert summary["pekerja_dihapus"] == len(world["only_listed"])
    assert summary["pekerja_dianonimkan"] == len(world["waiting"])
    assert not Person.objects.filter(pk__in=world["only_listed"]).exists()
