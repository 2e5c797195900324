"""Linking the registry: files come in through the real intake, the real linkage model
scores them, and the registry's invariants hold after every merge, decision and undo
(no source record deleted or moved, the regency tally equal to a recount, re-running
harmless)."""

import io
import json
import logging
import re
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import write_csv

from jaring.accounts.models import Role, User
from jaring.intake.services import intake_file
from jaring.intake.tasks import process_submission_task
from jaring.matching.candidates import blocking_keys
from jaring.matching.linkage import comparisons as cmp
from jaring.matching.models import (
    CandidatePair,
    LinkKind,
    LinkRun,
    Merge,
    PairStatus,
    SurvivorReason,
)
from jaring.matching.services import (
    DecisionRefused,
    decide_pair,
    link_registry,
    link_submission,
    undo_merge,
)
from jaring.registry.models import Person, RegencyTally, SourceRecord
from jaring.registry.queries import PersonFilter, person_detail, persons_for, search, sources_of
from jaring.registry.services import add_agency, recount_regencies

pytestmark = pytest.mark.django_db

RIZKI = ["6471011203880001", "Muhammad Rizki Saleh", "1988-03-12", "L", "64.71.01.1001",
         "Jl. Mulawarman RT 03", "nelayan", "", "081234567801", ""]  # fmt: skip
# His twin: same birth date, village, address and phone, the next serial, another name.
FAJAR = ["6471011203880002", "Muhammad Fajar Saleh", "1988-03-12", "L", "64.71.01.1001",
         "Jl. Mulawarman RT 03", "nelayan", "", "081234567801", ""]  # fmt: skip
SITI = ["6471054507900002", "Siti Aminah", "1990-07-05", "P", "64.71.05.1002",
        "Jl. Ahmad Yani RT 07", "pedagang_pasar", "", "081355550002", ""]  # fmt: skip
YUSUF = ["6472012508750001", "Yusuf Maulana", "1975-08-25", "L", "64.72.01.1001",
         "Jl. Pahlawan", "ojek", "", "", ""]  # fmt: skip

# Dinsos lists Rizki again with a mistyped serial and "MUHAMAD": sure, merged.
RIZKI_AGAIN = ["6471011203880007", "MUHAMAD RIZKI SALEH", "1988-03-12", "L", "64.71.01.1001",
               "Jl. Mulawarman RT 03", "nelayan", "", "081234567801", ""]  # fmt: skip
# …and Siti after a move within the district, two serial digits wrong, a typing slip:
# probably her, for a verifier to decide.
SITI_MOVED = ["6471054507900013", "Siti Aminnah", "1990-07-05", "P", "64.71.05.1006",
              "Gg. Mawar RT 2", "pedagang_pasar", "", "081399990000", ""]  # fmt: skip
NEWCOMER = ["6471020101700001", "Slamet Riyadi", "1970-01-01", "L", "64.71.02.1001",
            "", "ojek", "", "", ""]  # fmt: skip


@pytest.fixture
def agencies():
    return {
        "dkp": add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71"),
        "dinsos": add_agency(
            kode="DINSOS-6471", nama="Dinas Sosial Balikpapan", wilayah_kode="64.71"
        ),
        "disdag": add_agency(
            kode="DISDAG-6471", nama="Dinas Perdagangan Balikpapan", wilayah_kode="64.71"
        ),
    }


@pytest.fixture
def registry(agencies, tmp_path):
    """The fisheries office's list is in; linking it found only the twins."""
    first = intake_file(
        path=write_csv(tmp_path / "dkp.csv", [RIZKI, FAJAR, SITI, YUSUF]), agency=agencies["dkp"]
    )
    link_submission(first.submission)
    return first.submission


@pytest.fixture
def dinsos_file(agencies, registry, tmp_path):
    return intake_file(
        path=write_csv(tmp_path / "dinsos.csv", [RIZKI_AGAIN, SITI_MOVED, NEWCOMER]),
        agency=agencies["dinsos"],
    ).submission


@pytest.fixture
def verifier():
    return User.objects.create_user("verif", role=Role.VERIFIER, wilayah_id="64.71")


def person(nik: str) -> Person:
    return Person.objects.get(nik=nik)


def pair_of(nik_1: str, nik_2: str) -> CandidatePair:
    ids = sorted([person(nik_1).pk, person(nik_2).pk])
    return CandidatePair.objects.get(person_a_id=ids[0], person_b_id=ids[1])


def snapshot() -> dict:
    """Everything a merge may touch and an undo must restore."""
    return {
        "persons": sorted(Person.objects.values_list("pk", "nik", "nama", "merged_into_id")),
        "sources": sorted(SourceRecord.objects.values_list("pk", "person_id", "nik", "nama")),
        "tally": dict(RegencyTally.objects.values_list("kode_kabupaten", "jumlah")),
    }


def assert_tally_is_a_recount():
    kept = dict(RegencyTally.objects.filter(jumlah__gt=0).values_list("kode_kabupaten", "jumlah"))
    assert recount_regencies() == kept


def test_twins_sharing_address_and_phone_wait_for_a_verifier(registry):
    twins = pair_of(RIZKI[0], FAJAR[0])

    assert twins.status == PairStatus.WAITING
    assert twins.family_guard
    assert twins.match_probability > 0.99  # everything but the given name agrees
    assert twins.evidence["nama"]["level"] == "kata_bertentangan"
    assert twins.evidence["no_hp"] == {"level": "sama", "weight": pytest.approx(16.0, abs=1),
                                       "agreed": True}  # fmt: skip
    assert not Merge.objects.exists()
    assert Person.objects.golden().count() == 4


def test_intake_links_new_persons_merges_the_sure_pair_and_queues_the_doubtful(dinsos_file):
    before = snapshot()

    run = link_submission(dinsos_file)

    assert run.jenis == LinkKind.INTAKE and run.submission == dinsos_file
    rizki, again = person(RIZKI[0]), person(RIZKI_AGAIN[0])
    again.refresh_from_db()
    assert again.merged_into == rizki  # the earlier record survives
    merge = Merge.objects.get()
    assert (merge.survivor, merge.merged, merge.automatic) == (rizki, again, True)
    assert merge.reason == SurvivorReason.EARLIER and merge.run == run
    assert merge.pair == pair_of(RIZKI[0], RIZKI_AGAIN[0])
    assert merge.pair.status == PairStatus.SAME and merge.pair.decided_by is None
    # Siti's move: a waiting pair, no family rule involved.
    moved = pair_of(SITI[0], SITI_MOVED[0])
    assert moved.status == PairStatus.WAITING and not moved.family_guard
    assert 0.5 <= moved.match_probability < 0.95
    # The mistyped serial also looks like the twin's: a name conflict, so review.
    assert pair_of(FAJAR[0], RIZKI_AGAIN[0]).family_guard
    assert run.merged == 1
    # Nothing deleted or moved: same persons, same source records on the same persons.
    after = snapshot()
    assert after["persons"] == [
        (pk, nik, nama, rizki.pk if pk == again.pk else merged)
        for pk, nik, nama, merged in before["persons"]
    ]
    assert after["sources"] == before["sources"]
    assert after["tally"]["64.71"] == before["tally"]["64.71"] - 1
    assert_tally_is_a_recount()


def test_registry_reads_see_the_survivor_with_the_merged_records(dinsos_file):
    link_submission(dinsos_file)
    admin = User.objects.create_superuser("root", "root@example.org", None)
    rizki, again = person(RIZKI[0]), person(RIZKI_AGAIN[0])

    assert again not in persons_for(admin) and rizki in persons_for(admin)
    # Searching the mistyped NIK finds the golden record it was merged into.
    assert list(search(admin, PersonFilter(q=RIZKI_AGAIN[0]))) == [rizki]
    assert list(search(admin, PersonFilter(agency="DINSOS-6471", q="rizki"))) == [rizki]
    assert person_detail(admin, again.pk) == again  # the page redirects to rizki
    assert {s.nik for s in sources_of(rizki)} == {RIZKI[0], RIZKI_AGAIN[0]}


def test_an_operator_still_sees_the_person_it_listed_after_a_merge(dinsos_file, agencies):
    link_submission(dinsos_file)
    operator = User.objects.create_user(
        "op", role=Role.OPERATOR, wilayah_id="64.71", agency=agencies["dinsos"]
    )

    visible = set(persons_for(operator).values_list("nik", flat=True))

    # Dinsos listed Rizki under the mistyped NIK; it sees him as his golden record.
    assert visible == {RIZKI[0], SITI_MOVED[0], NEWCOMER[0]}


def test_verifier_decides_same_and_different(dinsos_file, verifier):
    link_submission(dinsos_file)
    before = snapshot()
    moved, twins = pair_of(SITI[0], SITI_MOVED[0]), pair_of(RIZKI[0], FAJAR[0])

    decide_pair(pair=moved, user=verifier, same=True)
    decide_pair(pair=twins, user=verifier, same=False)

    moved.refresh_from_db()
    twins.refresh_from_db()
    assert (moved.status, moved.decided_by) == (PairStatus.SAME, verifier)
    assert (twins.status, twins.decided_by) == (PairStatus.DIFFERENT, verifier)
    merge = Merge.objects.get(pair=moved)
    assert (merge.automatic, merge.merged_by) == (False, verifier)
    assert {merge.survivor.nik, merge.merged.nik} == {SITI[0], SITI_MOVED[0]}
    assert person(FAJAR[0]).merged_into is None
    assert snapshot()["sources"] == before["sources"]
    assert_tally_is_a_recount()
    with pytest.raises(DecisionRefused):
        decide_pair(pair=twins, user=verifier, same=True)


def test_a_pair_decided_different_is_never_proposed_again(registry, verifier):
    twins = pair_of(RIZKI[0], FAJAR[0])
    decide_pair(pair=twins, user=verifier, same=False)
    pairs = CandidatePair.objects.count()

    run = link_registry()

    assert (run.new_pairs, run.merged) == (0, 0)
    assert CandidatePair.objects.count() == pairs
    twins.refresh_from_db()
    assert twins.status == PairStatus.DIFFERENT


def test_undo_restores_everything_exactly(dinsos_file, verifier):
    link_submission(dinsos_file)
    merge = Merge.objects.get()
    before_merge = snapshot()
    before_merge["persons"] = [
        (pk, nik, nama, None if pk == merge.merged_id else into)
        for pk, nik, nama, into in before_merge["persons"]
    ]
    before_merge["tally"]["64.71"] += 1

    undo_merge(merge=merge, user=verifier)

    assert snapshot() == before_merge
    merge.refresh_from_db()
    assert merge.undone_by == verifier and merge.undone_at is not None
    merge.pair.refresh_from_db()
    assert merge.pair.status == PairStatus.WAITING and merge.pair.decided_at is None
    assert_tally_is_a_recount()
    with pytest.raises(DecisionRefused):
        undo_merge(merge=merge, user=verifier)
    # The pair is back in the queue, and linking again does not merge it behind the
    # verifier's back.
    assert link_registry().merged == 0
    assert person(RIZKI_AGAIN[0]).merged_into is None


def test_relinking_is_harmless(dinsos_file):
    link_submission(dinsos_file)
    state, pairs = snapshot(), sorted(CandidatePair.objects.values_list("pk", "status"))

    again = link_submission(dinsos_file)
    whole = link_registry()

    assert (again.new_pairs, again.merged, whole.new_pairs, whole.merged) == (0, 0, 0, 0)
    assert snapshot() == state
    assert sorted(CandidatePair.objects.values_list("pk", "status")) == pairs


def test_the_record_more_offices_vouch_for_survives(registry, agencies, tmp_path):
    # Dinsos and the trade office both list Rizki under the mistyped NIK.
    for key in ("dinsos", "disdag"):
        intake_file(path=write_csv(tmp_path / f"{key}.csv", [RIZKI_AGAIN]), agency=agencies[key])

    link_registry()

    rizki, again = person(RIZKI[0]), person(RIZKI_AGAIN[0])
    assert rizki.merged_into == again
    merge = Merge.objects.get()
    assert (merge.survivor, merge.reason) == (again, SurvivorReason.SOURCES)


def test_merging_a_survivor_moves_its_merged_persons_and_undo_puts_them_back(
    dinsos_file, agencies, verifier, tmp_path
):
    link_submission(dinsos_file)  # RIZKI_AGAIN is merged into RIZKI
    # Yusuf is listed by all three offices: three sources against Rizki's group's two.
    for key in ("dinsos", "disdag"):
        intake_file(path=write_csv(tmp_path / f"y-{key}.csv", [YUSUF]), agency=agencies[key])
    rizki, again, yusuf = person(RIZKI[0]), person(RIZKI_AGAIN[0]), person(YUSUF[0])
    # A pair the model would not propose, to exercise the chain: decided "same".
    pair = CandidatePair.objects.create(
        person_a_id=min(rizki.pk, yusuf.pk), person_b_id=max(rizki.pk, yusuf.pk),
        match_probability=0.7, match_weight=1.2, created_at=rizki.created_at,
    )  # fmt: skip

    decide_pair(pair=pair, user=verifier, same=True)

    rizki.refresh_from_db()
    again.refresh_from_db()
    assert rizki.merged_into == yusuf and again.merged_into == yusuf  # flattened
    assert {s.nik for s in sources_of(yusuf)} == {YUSUF[0], RIZKI[0], RIZKI_AGAIN[0]}
    assert Merge.objects.get(pair=pair).reason == SurvivorReason.SOURCES
    assert_tally_is_a_recount()

    undo_merge(merge=Merge.objects.get(pair=pair), user=verifier)

    rizki.refresh_from_db()
    again.refresh_from_db()
    assert rizki.merged_into is None and again.merged_into == rizki
    assert_tally_is_a_recount()


def test_linking_after_an_intake_in_the_worker(agencies, registry, tmp_path):
    from jaring.intake.services import create_submission

    submission = create_submission(
        path=write_csv(tmp_path / "dinsos.csv", [RIZKI_AGAIN, NEWCOMER]),
        agency=agencies["dinsos"],
    )

    outcome = process_submission_task.call(submission.pk)

    assert outcome["accepted"] == 2
    assert outcome["pencocokan"] == {"merged": 1, "queued": 1}
    assert person(RIZKI_AGAIN[0]).merged_into == person(RIZKI[0])


def test_linking_after_an_upload_is_its_own_stage_of_the_progress_bar(
    agencies, registry, tmp_path, monkeypatch
):
    """The upload's page goes on after the rows are saved: "Mencocokkan dengan
    registri" with the linking steps' percentages, then done at 100 %."""
    from django.test import Client
    from django.urls import reverse

    from jaring.intake.models import Submission, SubmissionStage
    from jaring.intake.services import create_submission
    from jaring.jobs.leases import Heartbeat

    submission = create_submission(
        path=write_csv(tmp_path / "dinsos.csv", [RIZKI_AGAIN, NEWCOMER]),
        agency=agencies["dinsos"],
    )
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", None))
    page = reverse("intake:detail", args=[submission.nomor])
    seen: list[tuple[str, int]] = []
    pages: list[str] = []

    def report(self, **fields):
        # The lease writes through its own connection inside a transaction; the test's
        # transaction is invisible to it, so write here and look at the page at once.
        self.rows.update(**fields)
        row = Submission.objects.get(pk=submission.pk)
        seen.append((row.tahap, row.progress))
        if row.tahap == SubmissionStage.LINKING:
            pages.append(client.get(page, HTTP_HX_REQUEST="true").content.decode())

    monkeypatch.setattr(Heartbeat, "report", report)

    outcome = process_submission_task.call(submission.pk)

    assert outcome["pencocokan"] == {"merged": 1, "queued": 1}
    stages = [stage for stage, _ in seen]
    assert stages[:2] == [SubmissionStage.CHECKING, SubmissionStage.SAVING]
    linking = [percent for stage, percent in seen if stage == SubmissionStage.LINKING]
    assert len(linking) >= 4 and linking == sorted(linking) and 0 < linking[0] < linking[-1]
    assert "Mencocokkan dengan registri" in pages[-1] and 'data-status="mencocokkan"' in pages[-1]
    assert f"{linking[-1]}%" in pages[-1] and 'hx-trigger="every 1s"' in pages[-1]
    assert 'data-count="accepted">2<' in pages[-1]  # the saved rows' counts already show
    done = Submission.objects.get(pk=submission.pk)
    assert (done.tahap, done.progress) == (SubmissionStage.DONE, 100)
    final = client.get(page, HTTP_HX_REQUEST="true").content.decode()
    assert "Mencocokkan" not in final and "hx-trigger" not in final and "100%" in final
    assert 'data-status="selesai"' in final


def _intake_command(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("intake", str(path), agency="DINSOS-6471", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("row", "merged", "queued"), [(RIZKI_AGAIN, 1, 1), (SITI_MOVED, 0, 1)], ids=["ketik", "pindah"]
)
def test_a_file_of_one_new_person_is_linked_against_the_registry(
    registry, tmp_path, caplog, row, merged, queued
):
    """One new worker, the most common upload: his mistyped NIK merges into the
    registry person (the twin's pair waits), her move waits for a verifier."""
    out, err = _intake_command(write_csv(tmp_path / "satu.csv", [row]))

    run = LinkRun.objects.get(jenis=LinkKind.INTAKE, submission__agency__kode="DINSOS-6471")
    assert (run.merged, run.queued) == (merged, queued)
    assert f"Pencocokan: {merged} digabung otomatis, {queued} menunggu" in out
    assert "gagal" not in err and not [r for r in caplog.records if r.levelno >= logging.ERROR]
    if merged:
        assert person(RIZKI_AGAIN[0]).merged_into == person(RIZKI[0])
    else:
        assert pair_of(SITI[0], SITI_MOVED[0]).status == PairStatus.WAITING
    assert_tally_is_a_recount()


def test_a_file_of_one_new_person_with_no_candidate_links_to_nothing(registry, tmp_path, caplog):
    """Nobody in the registry shares a blocking key with him: one person compared,
    nothing scored, nothing recorded, and the command says so without a traceback."""
    out, err = _intake_command(write_csv(tmp_path / "satu.csv", [NEWCOMER]))

    run = LinkRun.objects.get(jenis=LinkKind.INTAKE, submission__agency__kode="DINSOS-6471")
    assert (run.persons, run.scored_pairs, run.new_pairs) == (1, 0, 0)
    assert "Pencocokan: 0 digabung otomatis, 0 menunggu" in out
    assert "gagal" not in err and not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert CandidatePair.objects.count() == 1  # the twins', from the registry's own run


@pytest.mark.parametrize("rows", [[], [NEWCOMER], [NEWCOMER, YUSUF]], ids=["0", "1", "2"])
def test_linking_a_file_into_an_empty_registry(agencies, tmp_path, rows):
    """0, 1 or 2 new persons and no one else: a run over them records nothing (the two
    share no blocking key); a file whose rows all were known adds no person."""
    if not rows:  # she is known: the next file's row adds no person
        intake_file(path=write_csv(tmp_path / "a.csv", [SITI]), agency=agencies["dkp"])
    result = intake_file(
        path=write_csv(tmp_path / "b.csv", rows or [SITI]), agency=agencies["dinsos"]
    )
    submission = result.submission

    run = link_submission(submission)

    assert run.persons == len(rows) and (run.new_pairs, run.merged, run.queued) == (0, 0, 0)
    assert not CandidatePair.objects.exists()


@pytest.mark.parametrize("rows", [[], [NEWCOMER]], ids=["0", "1"])
def test_linking_a_registry_of_fewer_than_two_persons(agencies, tmp_path, rows):
    if rows:
        intake_file(path=write_csv(tmp_path / "a.csv", rows), agency=agencies["dkp"])

    run = link_registry()

    assert (run.persons, run.scored_pairs, run.new_pairs) == (len(rows), 0, 0)


def test_link_command_json(dinsos_file, capsys):
    call_command("link", json=True)

    result = json.loads(capsys.readouterr().out)
    assert result["merged"] == 1
    assert result["persons"] == 7 and result["trained"] is False
    assert set(result) == {"persons", "scored_pairs", "set_aside", "new_pairs", "merged", "queued",
                           "trained", "seconds"}  # fmt: skip


def test_blocking_keys_are_the_models_blocking_rules():
    rules = {
        tuple(sorted(re.findall(r'l\."(\w+)"', rule.get_blocking_rule("duckdb").blocking_rule_sql)))
        for rule in cmp.blocking_rules()
    }
    # Exact NIK is the one rule the registry leaves out: one person per NIK.
    assert {tuple(sorted(key)) for key in blocking_keys()} == rules - {("nik",)}


def test_every_comparison_has_its_level_labels():
    for name, make in cmp.COMPARISONS.items():
        levels = [lvl for lvl in make().create_comparison_levels() if not cmp._is_null(lvl)]
        assert len(cmp.LEVEL_LABELS[name]) == len(levels), name


def test_a_survivor_is_covered_through_the_nik_bpjs_knows(dinsos_file, tmp_path):
    import datetime as dt

    from jaring.dashboard.models import RegistrySummary
    from jaring.dashboard.services import refresh_summaries
    from jaring.matching.membership import import_membership
    from jaring.matching.queries import actively_covered_person_ids, evidence_for

    link_submission(dinsos_file)  # RIZKI_AGAIN → RIZKI
    paid = dt.date.today().strftime("%Y-%m")
    header = ["No KPJ", "NIK", "Nama Peserta", "Tgl Lahir", "Segmen", "Status",
              "Bulan Terakhir Bayar"]  # fmt: skip
    row = ["21000000001", RIZKI_AGAIN[0], "Muhamad Rizki", "12-03-1988", "PU", "AKTIF", paid]
    import_membership(path=write_csv(tmp_path / "bpjs.csv", [row], header=header))
    refresh_summaries(("registri",))

    covered = set(Person.objects.filter(id__in=actively_covered_person_ids()))
    assert covered == {person(RIZKI[0])}
    assert [e.membership.kpj for e in evidence_for(person(RIZKI[0]))] == ["21000000001"]
    summary = RegistrySummary.objects.filter(kode_kabupaten="64.71")
    assert (
        sum(s.jumlah for s in summary)
        == Person.objects.golden().filter(wilayah__kode__startswith="64.71").count()
    )
    assert sum(s.terlindungi for s in summary) == 1


def test_after_an_intake_linking_finds_what_a_whole_registry_run_would(agencies, tmp_path):
    """The candidate selection by blocking keys loses no pair: for the persons a file
    creates, the incremental run stores exactly the pairs the model finds when it sees
    the whole registry."""
    import polars as pl

    from jaring.matching import candidates
    from jaring.matching.linkage import score
    from jaring.synthetic.bulk import INTAKE_COLUMNS, generate
    from jaring.synthetic.repeats import near_duplicates

    frame = generate(600, seed=11)
    extra = near_duplicates(
        frame, seed=11, counts={"ketik": 6, "pindah": 4, "kembar": 4}, prefer=("64.71",)
    )
    frame.filter(pl.col("_invalid").is_null()).select(INTAKE_COLUMNS).write_csv(tmp_path / "a.csv")
    extra.select(INTAKE_COLUMNS).write_csv(tmp_path / "b.csv")
    intake_file(path=tmp_path / "a.csv", agency=agencies["dkp"])
    link_registry()
    second = intake_file(path=tmp_path / "b.csv", agency=agencies["dinsos"]).submission
    new = set(Person.objects.filter(first_submission=second).values_list("pk", flat=True))
    whole, _ = score(candidates.registry_records())
    expected = {
        tuple(sorted((int(a), int(b))))
        for a, b in whole.select("record_id_l", "record_id_r").iter_rows()
        if int(a) in new or int(b) in new
    }

    run = link_submission(second)

    found = set(CandidatePair.objects.filter(run=run).values_list("person_a", "person_b"))
    assert found == expected
    assert len(found) >= 14  # every near-duplicate was found
    assert run.merged >= 6 and run.queued >= 8
    assert_tally_is_a_recount()


def test_strangers_whose_niks_are_neighbours_are_not_proposed(agencies, tmp_path):
    """Two unrelated men born on the same day in one district get serials 0001 and
    0002: the model scores them high, the family rule holds them apart, and since they
    share no phone or address they are not worth a verifier's time."""
    rizki_elsewhere = [*RIZKI]
    stranger = ["6471011203880002", "Bambang Sutrisno", "1988-03-12", "L", "64.71.01.1003",
                "Gg. Mawar RT 11", "ojek", "", "081298765432", ""]  # fmt: skip
    intake_file(
        path=write_csv(tmp_path / "a.csv", [rizki_elsewhere, stranger]), agency=agencies["dkp"]
    )

    run = link_registry()

    assert (run.scored_pairs, run.set_aside, run.new_pairs) == (1, 1, 0)
    assert not CandidatePair.objects.exists()


def test_registry_training_can_be_switched_on(dinsos_file, settings):
    """With REGISTRY_TRAINING the model trains as ``linkage.model.build`` decides; the
    registry has no exact-NIK pairs, so only the birth-date/district pass runs."""
    settings.JARING_MATCHING = {**settings.JARING_MATCHING, "REGISTRY_TRAINING": True,
                                "MIN_TRAINING_RECORDS": 5, "U_MAX_PAIRS": 1000}  # fmt: skip

    run = link_registry()

    assert run.trained and run.persons == 7
