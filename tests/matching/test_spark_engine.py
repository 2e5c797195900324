"""The same model on Splink's Spark backend (matching.linkage.engine), in local mode: on
a fixed sample large enough to train (EM runs on Spark too), its clusters are DuckDB's
(pairwise F1 between them ≥ 0.999), registry scoring gives the same pairs, and the
command line reaches Spark with `--engine spark`. Where Spark cannot run, the message
says what to install."""

import dataclasses
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from jaring.matching.evaluation import pairwise_scores
from jaring.matching.linkage import dedupe, engine, score
from jaring.matching.linkage.config import matching_config
from jaring.synthetic.linkage import generate

pytest.importorskip("pyspark", reason="make install-spark (make test installs it)")

SAMPLE_SEED = 5150  # used nowhere else
JARING = Path(sys.executable).parent / "jaring"


@pytest.fixture(scope="module")
def sample():
    return generate(6_000, seed=SAMPLE_SEED)


@pytest.fixture(scope="module")
def both(sample):
    config = matching_config()
    records = sample.drop("_person")
    on_duckdb = dedupe(records, config=config)
    on_spark = dedupe(records, config=dataclasses.replace(config, engine="spark"))
    return on_duckdb, on_spark


def test_spark_gives_duckdbs_clusters(sample, both):
    on_duckdb, on_spark = both
    assert on_duckdb.trained and on_spark.trained
    ids = sample.select("record_id", "_person")
    duck = ids.join(on_duckdb.clusters, on="record_id", how="left")
    spark = ids.join(on_spark.clusters, on="record_id", how="left")
    assert spark["cluster_id"].null_count() == 0
    between = pairwise_scores(spark["cluster_id"], duck["cluster_id"])
    assert between.f1 >= 0.999, between.as_dict()
    truth = pairwise_scores(spark["cluster_id"], spark["_person"])
    assert truth.precision >= 0.99 and truth.f1 >= 0.98, truth.as_dict()


def test_spark_scores_the_pairs_duckdb_scores(both):
    on_duckdb, on_spark = both

    def pairs(result):
        frame = result.pairs.select("record_id_l", "record_id_r", "gamma_nama", "linked")
        # Either side may come first: the pair, not its order, is what is compared.
        return frame.with_columns(
            a=pl.min_horizontal("record_id_l", "record_id_r"),
            b=pl.max_horizontal("record_id_l", "record_id_r"),
        ).select("a", "b", "gamma_nama", "linked")

    duck, spark = pairs(on_duckdb), pairs(on_spark)
    joined = duck.join(spark, on=["a", "b"], how="full", coalesce=True, suffix="_spark")
    both_sides = joined.drop_nulls(["gamma_nama", "gamma_nama_spark"])
    # Every pair above the review threshold on one engine is there on the other, but
    # for a few near the threshold (EM converges to slightly different m).
    assert both_sides.height >= 0.99 * max(duck.height, spark.height)
    # The name-word levels, written once per SQL dialect, agree pair by pair.
    assert (both_sides["gamma_nama"] == both_sides["gamma_nama_spark"]).mean() >= 0.999


def test_registry_scoring_runs_on_spark(sample):
    records = sample.drop("_person").head(800)
    config = dataclasses.replace(matching_config(), engine="spark")
    pairs, trained = score(records, config=config)
    expected, _ = score(records, config=matching_config())
    assert not trained  # below the training size: the built-in parameters, on both
    assert pairs.height == expected.height > 0


def test_the_command_line_reaches_spark(tmp_path):
    path = tmp_path / "kecil.csv"
    path.write_text(
        "record_id,nik,nama,tanggal_lahir,jenis_kelamin,kode_wilayah\n"
        "a,6471054101850001,Siti Aminah,1985-01-01,P,64.71.05.1001\n"
        "b,6471054101850001,SITI AMINAH binti Ali,01-01-1985,P,64.71.05.1001\n"
        "c,6472010202900002,Budi Santoso,02/02/1990,L,64.72.01.1001\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = subprocess.run(
        [str(JARING), "dedupe", str(path), "--out", str(out), "--engine", "spark"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    clusters = dict(pl.read_csv(out, infer_schema=False).iter_rows())
    assert clusters["a"] == clusters["b"] != clusters["c"]


def test_without_pyspark_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(engine.EngineUnavailable, match="make install-spark"):
        engine.database(dataclasses.replace(matching_config(), engine="spark"))


def test_an_unknown_engine_is_refused():
    with pytest.raises(engine.EngineUnavailable, match="duckdb, spark"):
        engine.database(dataclasses.replace(matching_config(), engine="oracle"))
