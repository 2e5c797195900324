"""The u-probabilities stored once (matching.linkage.chance, `jaring estimate_u`) give the
clusters a model that samples u from the file itself gives, without its fixed cost;
a stored estimate made for other comparisons is not used; the command refuses what it
cannot learn from."""

import dataclasses
import json

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jaring.matching.evaluation import pairwise_scores
from jaring.matching.linkage import chance, dedupe, score
from jaring.matching.linkage.config import matching_config
from jaring.matching.linkage.features import prepare
from jaring.matching.linkage.model import build
from jaring.matching.linking import components
from jaring.synthetic.linkage import generate

SAMPLE_SEED = 4242  # used nowhere else
HELD_OUT_SEED = 9091  # used in no training or tuning (test_linkage_quality)


@pytest.fixture
def own_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_the_packaged_estimate_fits_todays_comparisons(own_var_dir):
    # Changing a comparison level without running `jaring estimate_u` again fails here.
    stored = chance.load()
    assert stored is not None
    packaged = json.loads(chance.PACKAGED.read_text())
    assert packaged["signature"] == chance.signature()
    assert set(stored) == set(json.loads(chance.PACKAGED.read_text())["u"])
    assert all(0 < u <= 1 for levels in stored.values() for u in levels)


def test_stored_u_gives_the_clusters_of_u_sampled_from_the_file(own_var_dir):
    truth = generate(6_000, seed=SAMPLE_SEED)
    records = truth.drop("_person")
    config = matching_config()
    sampled = dedupe(records, config=dataclasses.replace(config, stored_u=False, u_max_pairs=1e6))
    stored = dedupe(records, config=config)

    def clusters(result):
        return truth.select("record_id").join(result.clusters, on="record_id", how="left")

    between = pairwise_scores(clusters(stored)["cluster_id"], clusters(sampled)["cluster_id"])
    assert between.f1 >= 0.995, between.as_dict()
    for result in (stored, sampled):
        joined = truth.select("record_id", "_person").join(result.clusters, on="record_id")
        scores = pairwise_scores(joined["cluster_id"], joined["_person"])
        assert scores.precision >= 0.99 and scores.f1 >= 0.98, scores.as_dict()


def test_the_model_says_where_its_u_came_from(own_var_dir):
    features = prepare(generate(6_000, seed=SAMPLE_SEED).drop("_person"))
    config = dataclasses.replace(matching_config(), u_max_pairs=2e5)

    assert build(features, config).u_source == "tersimpan"
    assert build(features, dataclasses.replace(config, stored_u=False)).u_source == "sampel"
    untrained = dataclasses.replace(config, min_training_records=10**6)
    assert build(features, untrained).u_source == "tersimpan"
    assert build(features, dataclasses.replace(untrained, stored_u=False)).u_source == "bawaan"


def test_the_registry_links_with_the_stored_u(own_var_dir):
    """Linking golden records (one per NIK, untrained, as the registry links) with the
    stored u and the hand-set m, on held-out data: merges at least as precise as with
    the hand-set u, as many duplicates found (within 0.2%), no longer a review queue."""
    truth = generate(40_000, seed=HELD_OUT_SEED).unique("nik", keep="first", maintain_order=True)
    config = dataclasses.replace(matching_config(), min_training_records=truth.height + 1)

    def outcome(config):
        pairs, trained = score(truth.drop("_person"), config=config)
        assert not trained
        edges = pairs.filter(pl.col("linked")).select(a="record_id_l", b="record_id_r")
        clusters = truth.join(
            components(edges), left_on="record_id", right_on="id", how="left"
        ).select(pl.coalesce(pl.col("comp"), pl.col("record_id")))
        queue = pairs.filter(~pl.col("linked") & ~pl.col("ditolak_aturan")).height
        return pairwise_scores(clusters.to_series(), truth["_person"]), queue

    stored, stored_queue = outcome(config)
    hand, hand_queue = outcome(dataclasses.replace(config, stored_u=False))

    assert stored.precision >= 0.99 and stored.recall >= 0.97, stored.as_dict()
    assert stored.precision >= hand.precision, (stored.as_dict(), hand.as_dict())
    assert stored.recall >= hand.recall - 0.002, (stored.as_dict(), hand.as_dict())
    assert stored_queue <= hand_queue


def test_an_estimate_for_other_comparisons_is_not_used(own_var_dir, monkeypatch):
    target = chance.installation_path()
    chance.save({"nik": [0.5]}, target, source="lama", records=1, pairs=1)
    stored = json.loads(target.read_text())
    stored["signature"] = "perbandingan-lama"
    target.write_text(json.dumps(stored))
    monkeypatch.setattr(chance, "PACKAGED", own_var_dir / "tidak-ada.json")

    assert chance.load() is None
    features = prepare(generate(6_000, seed=SAMPLE_SEED).drop("_person"))
    config = dataclasses.replace(matching_config(), u_max_pairs=2e5)
    assert build(features, config).u_source == "sampel"


def test_the_command_stores_an_installations_own_estimate(own_var_dir, tmp_path):
    listing = tmp_path / "daftar.csv"
    generate(2_500, seed=SAMPLE_SEED).drop("_person").write_csv(listing)

    call_command("estimate_u", str(listing), "--pairs", "50000")

    written = json.loads(chance.installation_path().read_text())
    assert written["signature"] == chance.signature()
    assert (written["sumber"], written["catatan"], written["pasangan_acak"]) == (
        "daftar.csv", 2_500, 50_000,
    )  # fmt: skip
    assert chance.load() == written["u"]  # the installation's own comes before the packaged


def test_the_command_refuses_a_file_too_small_or_missing(own_var_dir, tmp_path):
    listing = tmp_path / "kecil.csv"
    generate(300, seed=SAMPLE_SEED).drop("_person").write_csv(listing)

    with pytest.raises(CommandError, match="Terlalu sedikit catatan") as small:
        call_command("estimate_u", str(listing))
    with pytest.raises(CommandError, match="tidak ditemukan") as missing:
        call_command("estimate_u", str(tmp_path / "tidak-ada.csv"))
    with pytest.raises(CommandError, match="--registry"):
        call_command("estimate_u")
    assert small.value.returncode == missing.value.returncode == 2
    assert not chance.installation_path().exists()
