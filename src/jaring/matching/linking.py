"""Recording one linkage run in the registry, set-based: scored pairs in, candidate
pairs and automatic merges out.

The model's pairs (``linkage.score``) go to a staging table in one bulk operation; SQL
then tells which of them the registry already knows (a pair decided or waiting is never
proposed again) and which touch a person merged while the model ran. Of the new pairs,
those the model links (at or above the merge threshold, family guard not raised) are
grouped into connected components in Polars; a component is merged automatically only
when nothing inside it says "different people": no pair of its members raised the
family guard, and no pair of its members is waiting for or was refused by a verifier.
Otherwise all its pairs wait for review. In each merged component the survivor is
chosen by ``merging.survivor_facts`` and every other member is merged into it with the
best pair that ties it to the component as the evidence.
"""

from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.db.models.expressions import RawSQL

from jaring.bulk import bulk_insert
from jaring.matching import merging
from jaring.matching.linkage.comparisons import LEVEL_LABELS
from jaring.matching.linkage.features import address_key
from jaring.matching.models import CandidatePair, LinkRun, Merge, PairStatus, SurvivorReason
from jaring.registry.models import Person

STAGE = "jaring_link_pairs"
MEMBERS = "jaring_link_members"
PAIR = CandidatePair._meta.db_table
PERSON = Person._meta.db_table


@dataclass
class Recorded:
    new_pairs: int
    merged: int
    queued: int


def evidence(pairs: pl.DataFrame) -> pl.Expr:
    """One JSON object per pair: for each compared field the level reached, its weight
    in bits, and whether that is the field's strongest level."""
    fields = []
    for name, labels in LEVEL_LABELS.items():
        gamma = pl.col(f"gamma_{name}")
        top = len(labels) - 1
        level = (
            pl.when(gamma < 0)
            .then(pl.lit("kosong"))
            .otherwise(gamma.replace_strict({top - i: label for i, label in enumerate(labels)}))
        )
        fields.append(
            pl.struct(
                level=level,
                weight=pl.col(f"mw_{name}").round(2),
                agreed=gamma == top,
            ).alias(name)
        )
    return pl.struct(fields).struct.json_encode()


def worth_reviewing(pairs: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """The scored pairs the registry records at all.

    Every pair the family guard allows, and the guarded pairs whose records also share
    a phone number or the same address (after the model's address normalisation):
    twins, spouses, a parent and a child under one roof, which a verifier should tell
    apart from a real duplicate. A guarded pair that shares nothing else is two people
    the NIK system itself put side by side: serials are counted per district, birth
    date and sex, so two unrelated people born on the same day in one district get
    NIKs one digit apart, and the model (which adds the NIK's and the birth date's
    evidence as if they were independent) scores them high. At 100,000 registry
    persons there were 4,606 such pairs, all with names that share no word: proposing
    them would bury the queue (bench/linking.py). A similar address is not enough
    ("Jl. Poros RT 03" and "Jl. Poros RT 08" are "very similar" to Jaro–Winkler).
    """
    if pairs.is_empty():
        return pairs
    addresses = records.select(
        "record_id", alamat=address_key(pl.col("alamat").cast(pl.Utf8))
    ).filter(pl.col("alamat").is_not_null())
    joined = pairs.join(
        addresses.rename({"record_id": "record_id_l", "alamat": "_alamat_l"}),
        on="record_id_l",
        how="left",
    ).join(
        addresses.rename({"record_id": "record_id_r", "alamat": "_alamat_r"}),
        on="record_id_r",
        how="left",
    )
    phone = pl.col("gamma_no_hp") >= 1  # same number, or one digit apart
    address = pl.col("_alamat_l") == pl.col("_alamat_r")
    keep = ~pl.col("ditolak_aturan") | phone | address.fill_null(False)
    return joined.filter(keep).drop("_alamat_l", "_alamat_r")


def _staged(pairs: pl.DataFrame) -> pl.DataFrame:
    ids = [pl.col("record_id_l").cast(pl.Int64), pl.col("record_id_r").cast(pl.Int64)]
    return pairs.select(
        a=pl.min_horizontal(ids),
        b=pl.max_horizontal(ids),
        p=pl.col("match_probability"),
        w=pl.col("match_weight"),
        evidence=evidence(pairs),
        guard=pl.col("ditolak_aturan"),
        linked=pl.col("linked"),
    ).unique(["a", "b"], keep="first")


def _temp_table(name: str, columns: list[tuple[str, str]], frame: pl.DataFrame) -> None:
    definition = ", ".join(f"{c} {kind}" for c, kind in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({definition})")
    bulk_insert(name, [c for c, _ in columns], frame)


def _drop(*names: str) -> None:
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _pairs_of(query: str) -> pl.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(query)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema={"a": pl.Int64, "b": pl.Int64}, orient="row")


def components(edges: pl.DataFrame) -> pl.DataFrame:
    """``id, comp`` for every person in ``edges`` (``a, b``): connected components by
    label propagation (each person takes its neighbours' smallest label until nothing
    changes; components here are a handful of persons, so it converges in a few rounds)."""
    both = pl.concat([edges.select(x="a", y="b"), edges.select(x="b", y="a")])
    labels = both.select(id="x").unique().with_columns(comp=pl.col("id")).sort("id")
    while True:
        proposed = (
            both.join(labels, left_on="y", right_on="id")
            .group_by("x")
            .agg(pl.col("comp").min().alias("nb"))
        )
        updated = (
            labels.join(proposed, left_on="id", right_on="x", how="left")
            .select("id", comp=pl.min_horizontal("comp", "nb"))
            .sort("id")
        )
        if updated.equals(labels):
            return labels
        labels = updated


def _within(pairs: pl.DataFrame, comps: pl.DataFrame) -> pl.Series:
    """Components that hold both ends of some pair in ``pairs``."""
    return (
        pairs.join(comps.rename({"id": "a", "comp": "ca"}), on="a")
        .join(comps.rename({"id": "b", "comp": "cb"}), on="b")
        .filter(pl.col("ca") == pl.col("cb"))
        .get_column("ca")
        .unique()
    )


def record(run: LinkRun, pairs: pl.DataFrame, *, now) -> Recorded:
    """Store ``run``'s scored pairs and make its automatic merges. Runs inside the
    caller's transaction, under ``merging.lock()``.

    ``pairs`` may be empty, and then may lack every column: a run over fewer than two
    persons (one new person with no candidate, an empty registry) scores nothing."""
    if pairs.is_empty():
        return Recorded(new_pairs=0, merged=0, queued=0)
    staged = _staged(pairs)
    columns = [("a", "bigint"), ("b", "bigint"), ("guard", "boolean")]
    _temp_table(STAGE, columns, staged.select("a", "b", "guard"))
    try:
        known = _pairs_of(
            f"SELECT s.a, s.b FROM {STAGE} s JOIN {PAIR} c"
            " ON c.person_a_id = s.a AND c.person_b_id = s.b"
        )
        stale = _pairs_of(
            f"SELECT s.a, s.b FROM {STAGE} s JOIN {PERSON} pa ON pa.id = s.a"
            f" JOIN {PERSON} pb ON pb.id = s.b"
            " WHERE pa.merged_into_id IS NOT NULL OR pb.merged_into_id IS NOT NULL"
        )
        persons_in = f"(SELECT a FROM {STAGE} UNION SELECT b FROM {STAGE})"
        # Pairs a verifier holds (waiting, or refused) among the persons of this run.
        held = _pairs_of(
            f"SELECT c.person_a_id, c.person_b_id FROM {PAIR} c"
            f" WHERE c.status <> '{PairStatus.SAME}'"
            f" AND c.person_a_id IN {persons_in} AND c.person_b_id IN {persons_in}"
        )
    finally:
        _drop(STAGE)

    new = staged.join(known, on=["a", "b"], how="anti").join(stale, on=["a", "b"], how="anti")
    auto = new.filter(pl.col("linked"))
    comps = components(auto.select("a", "b"))
    refused = pl.concat(
        [_within(staged.filter(pl.col("guard")).select("a", "b"), comps), _within(held, comps)]
    ).unique()
    comps = comps.filter(~pl.col("comp").is_in(refused.implode()))
    merges = _merges(auto, comps)

    chosen = merges.select("a", "b", status=pl.lit(PairStatus.SAME.value))
    rows = new.join(chosen, on=["a", "b"], how="left").with_columns(
        pl.col("status").fill_null(PairStatus.WAITING.value)
    )
    stamp = str(connection.ops.adapt_datetimefield_value(now))
    decided = pl.when(pl.col("status") == PairStatus.SAME.value).then(pl.lit(stamp))
    bulk_insert(
        PAIR,
        ["person_a_id", "person_b_id", "match_probability", "match_weight", "evidence",
         "family_guard", "status", "run_id", "decided_at", "created_at"],
        rows.select(
            "a", "b", "p", "w", "evidence", "guard", "status",
            run=pl.lit(run.pk, pl.Int64), decided=decided, created=pl.lit(stamp),
        ),
    )  # fmt: skip
    if not merges.is_empty():
        pair_ids = pl.DataFrame(
            list(CandidatePair.objects.filter(run=run).values_list("id", "person_a", "person_b")),
            schema={"pair": pl.Int64, "a": pl.Int64, "b": pl.Int64},
            orient="row",
        )
        merges = merges.join(pair_ids, on=["a", "b"])
        bulk_insert(
            Merge._meta.db_table,
            ["survivor_id", "merged_id", "pair_id", "run_id", "automatic", "reason",
             "merged_at"],
            merges.select(
                "survivor", "merged", "pair", run=pl.lit(run.pk, pl.Int64),
                automatic=pl.lit(True), reason="reason",
                merged_at=pl.lit(stamp),
            ),
        )  # fmt: skip
        merging.merge_many(run.pk)
    # Waiting pairs whose persons are now one golden record stay out of the queue.
    same_group = new.join(comps.rename({"id": "a", "comp": "ca"}), on="a").join(
        comps.rename({"id": "b", "comp": "cb"}), on="b"
    )
    same_group = same_group.filter(pl.col("ca") == pl.col("cb")).height
    return Recorded(new_pairs=new.height, merged=merges.height, queued=new.height - same_group)


def _merges(auto: pl.DataFrame, comps: pl.DataFrame) -> pl.DataFrame:
    """``survivor, merged, a, b, reason`` for every member of the merged components
    but their survivors; ``a, b`` is the pair recorded as the evidence."""
    empty = pl.DataFrame(
        schema={"survivor": pl.Int64, "merged": pl.Int64, "a": pl.Int64, "b": pl.Int64,
                "reason": pl.Utf8}
    )  # fmt: skip
    if comps.is_empty():
        return empty
    _temp_table(MEMBERS, [("id", "bigint")], comps.select("id"))
    try:
        facts = merging.survivor_facts(
            Person.objects.filter(id__in=RawSQL(f"SELECT id FROM {MEMBERS}", []))  # noqa: S611
        )
    finally:
        _drop(MEMBERS)
    ranked = comps.join(facts, on="id").sort(
        ["comp", "sources", "created_at", "id"], descending=[False, True, False, False]
    )
    survivors = ranked.group_by("comp", maintain_order=True).first()
    members = ranked.join(
        survivors.select("comp", survivor="id", s_sources="sources", s_created="created_at"),
        on="comp",
    ).filter(pl.col("id") != pl.col("survivor"))
    if members.is_empty():
        return empty
    ends = pl.concat(
        [auto.select("a", "b", "p", member="a", other="b"),
         auto.select("a", "b", "p", member="b", other="a")]
    )  # fmt: skip
    evidence_pair = (
        members.join(ends, left_on="id", right_on="member")
        .join(comps.rename({"id": "other", "comp": "other_comp"}), on="other")
        .filter(pl.col("other_comp") == pl.col("comp"))
        .sort([pl.col("other") == pl.col("survivor"), "p"], descending=[True, True])
        .group_by("id", maintain_order=True)
        .first()
    )
    return evidence_pair.select(
        "survivor",
        merged="id",
        a="a",
        b="b",
        reason=pl.when(pl.col("s_sources") != pl.col("sources"))
        .then(pl.lit(SurvivorReason.SOURCES.value))
        .when(pl.col("s_created") != pl.col("created_at"))
        .then(pl.lit(SurvivorReason.EARLIER.value))
        .otherwise(pl.lit(SurvivorReason.LOWER_ID.value)),
    )
