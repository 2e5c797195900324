"""Linking the registry: one service per workflow step, for the worker, the command
line and the review pages alike.

* ``link_submission`` — after an intake: the persons a file created (its rows without an
  exact-NIK match) against the registry (``candidates``);
* ``link_registry`` — on demand: every golden record against every other;
* ``decide_pair`` — a verifier's "same person" / "different";
* ``undo_merge`` — a merge taken back, exactly.

The model runs outside any transaction (it reads a frame and works in DuckDB); what it
found is written in one transaction under ``merging.lock()`` (``linking.record``), so a
run either records all its pairs and merges or nothing. Re-running adds nothing: known
pairs are never proposed again, merged persons are no longer golden. Every merge and
undo is a ``Merge`` row naming who (or which run) did it and when; no source record is
ever deleted or moved.

A long run reports its steps through an optional ``progress(percent, message)``
callback (the intake worker shows them as the upload's linking stage); matching knows
nothing of who listens.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import replace

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.events import Topic, announce
from jaring.intake.models import Submission
from jaring.matching import candidates, linking, merging
from jaring.matching.linkage import score
from jaring.matching.linkage.config import matching_config
from jaring.matching.models import CandidatePair, LinkKind, LinkRun, Merge, PairStatus
from jaring.registry.models import Person

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


def _silent(percent: int, message: str) -> None:
    """No one listens to the run's progress."""


def link_submission(
    submission: Submission, *, user=None, progress: Progress | None = None
) -> LinkRun:
    """Link the golden persons ``submission`` created against the registry."""
    report = progress or _silent
    started = timezone.now()
    report(5, _("Membaca pekerja baru dan calon pasangannya"))
    records, new_ids = candidates.intake_records(submission.pk)
    return _link(
        LinkKind.INTAKE, records, new_ids, submission=submission, user=user, report=report,
        started=started,
    )  # fmt: skip


def link_registry(*, user=None, progress: Progress | None = None) -> LinkRun:
    """Link every golden record against every other."""
    report = progress or _silent
    started = timezone.now()
    report(5, _("Membaca registri"))
    return _link(
        LinkKind.REGISTRY, candidates.registry_records(), None, user=user, report=report,
        started=started,
    )  # fmt: skip


def _link(
    kind,
    records: pl.DataFrame,
    new_ids: pl.Series | None,
    *,
    submission=None,
    user=None,
    report: Progress = _silent,
    started=None,
):
    started = started or timezone.now()
    clock = time.monotonic()
    report(20, _("Menilai kemiripan %(n)s pekerja") % {"n": records.height})
    if records.height >= 2 and (new_ids is None or len(new_ids)):
        config = matching_config()
        if not config.registry_training:
            config = replace(config, min_training_records=records.height + 1)
        pairs, trained = score(records, config=config)
    else:
        pairs, trained = pl.DataFrame(), False
    if new_ids is not None and not pairs.is_empty():
        # Only pairs with a new person: registry-to-registry pairs are `jaring link`'s.
        new = new_ids.implode()
        pairs = pairs.filter(pl.col("record_id_l").is_in(new) | pl.col("record_id_r").is_in(new))
    scored = pairs.height
    report(75, _("Memilih pasangan yang perlu ditinjau"))
    pairs = linking.worth_reviewing(pairs, records)
    report(85, _("Mencatat pasangan dan penggabungan"))
    with transaction.atomic():
        merging.lock()
        run = LinkRun.objects.create(
            jenis=kind,
            submission=submission,
            started_by=user,
            persons=records.height,
            scored_pairs=scored,
            set_aside=scored - pairs.height,
            trained=trained,
            started_at=started,
        )
        recorded = linking.record(run, pairs, now=timezone.now())
        run.new_pairs, run.merged, run.queued = (
            recorded.new_pairs,
            recorded.merged,
            recorded.queued,
        )
        run.seconds = time.monotonic() - clock
        run.finished_at = timezone.now()
        run.save()
        if run.merged:
            announce(Topic.REGISTRY)  # golden counts and the merge stage
    logger.info(
        "Pencocokan %s: %d pekerja, %d pasangan baru, %d digabung, %d ditinjau (%.1f detik)",
        kind, run.persons, run.new_pairs, run.merged, run.queued, run.seconds,
    )  # fmt: skip
    report(100, _("Pencocokan selesai"))
    return run


class DecisionRefused(ValidationError):
    """A decision that no longer applies (decided meanwhile, merge already undone…)."""


@transaction.atomic
def decide_pair(*, pair: CandidatePair, user, same: bool) -> CandidatePair:
    """Record a verifier's decision on a waiting pair. "Same" merges the two golden
    records the pair's persons belong to (survivor by ``merging``'s rule); "different"
    keeps them apart for good: the pair is never proposed again."""
    merging.lock()
    pair = CandidatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.WAITING:
        raise DecisionRefused(_("Pasangan ini sudah diputuskan sebelumnya."))
    golden = dict(
        Person.objects.filter(pk__in=[pair.person_a_id, pair.person_b_id]).values_list(
            "pk", "merged_into_id"
        )
    )
    root_a = golden[pair.person_a_id] or pair.person_a_id
    root_b = golden[pair.person_b_id] or pair.person_b_id
    now = timezone.now()
    if same and root_a != root_b:
        facts = merging.survivor_facts(Person.objects.filter(pk__in=[root_a, root_b]))
        survivor, other = facts.row(0, named=True), facts.row(1, named=True)
        Merge.objects.create(
            survivor_id=survivor["id"],
            merged_id=other["id"],
            pair=pair,
            automatic=False,
            reason=merging.reason(survivor, other),
            merged_by=user,
            merged_at=now,
        )
        merging.merge_one(
            survivor_id=survivor["id"], merged_id=other["id"], kabupaten=other["kabupaten"]
        )
    elif not same and root_a == root_b:
        raise DecisionRefused(
            _(
                "Kedua data ini sudah digabung menjadi satu pekerja; batalkan penggabungannya "
                "dahulu bila mereka orang yang berbeda."
            )
        )
    pair.status = PairStatus.SAME if same else PairStatus.DIFFERENT
    pair.decided_by, pair.decided_at = user, now
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    if same:
        announce(Topic.REGISTRY)
    return pair


@transaction.atomic
def undo_merge(*, merge: Merge, user) -> Merge:
    """Take a merge back: the merged person (and whatever had been merged into it) is a
    golden record again, the tally counts it again, and its pair waits for review."""
    merging.lock()
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise DecisionRefused(_("Penggabungan ini sudah dibatalkan sebelumnya."))
    merge.undone_at, merge.undone_by = timezone.now(), user
    merge.save(update_fields=["undone_at", "undone_by"])
    merging.unmerge(merge)
    if merge.pair_id is not None:
        CandidatePair.objects.filter(pk=merge.pair_id).update(
            status=PairStatus.WAITING, decided_by=None, decided_at=None
        )
    announce(Topic.REGISTRY)
    return merge
