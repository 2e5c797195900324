"""Where the linkage SQL runs: DuckDB inside this process, or Spark.

A province's lists and its registry fit one server's DuckDB (a million records in under
a minute, ``bench/matching.py``). A national registry — tens of millions of listings
from every province — does not, and such an office already runs Spark. Splink writes
the same model (comparisons, blocking rules, stored u, EM, clustering) as SQL for
either backend, so the engine is a choice of where, not a second implementation:
``jaring dedupe --engine spark [--spark-master URL]``, or ``JARING_MATCHING["ENGINE"]
= "spark"`` for registry linking after an intake. The few conditions whose SQL
differs are written for both in ``comparisons`` (``DialectLevel``); a test holds the
Spark engine's clusters to DuckDB's on a fixed sample.

PySpark is an optional install (``make install-spark``: about 480 MB, and Java 17),
so it is imported only here, only when asked for, and its absence is a plain
Indonesian message rather than an ImportError.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import polars as pl
from django.utils.translation import gettext as _
from splink import DuckDBAPI

from jaring.matching.linkage.config import MatchingConfig

ENGINES = ("duckdb", "spark")
# Partitions of each shuffle in local mode: Spark's default (200) is for a cluster;
# on one machine it spends more time scheduling empty tasks than comparing.
LOCAL_PARTITIONS = 8


class EngineUnavailable(Exception):
    """The engine asked for cannot run here; the message says what to install."""


def database(config: MatchingConfig):
    """A fresh Splink database API for ``config.engine``."""
    if config.engine == "duckdb":
        # Bounded memory: DuckDB spills to a temporary folder beyond the limit, so a
        # million records stay under the bar on a small server.
        connection = duckdb.connect()
        connection.execute(f"SET memory_limit = '{config.duckdb_memory_limit}'")
        connection.execute(f"SET temp_directory = '{tempfile.gettempdir()}/jaring-duckdb'")
        return DuckDBAPI(connection)
    if config.engine == "spark":
        return _spark_api(config)
    raise EngineUnavailable(
        _("Mesin pencocokan %(engine)s tidak dikenal; pilih salah satu: %(engines)s.")
        % {"engine": config.engine, "engines": ", ".join(ENGINES)}
    )


def frame(table, columns: list[str] | None = None) -> pl.DataFrame:
    """A Splink result table (either backend), or the ``columns`` of it, as a Polars
    frame in this process."""
    if columns is None:
        return pl.from_arrow(table.as_pyarrow_table())  # type: ignore[return-value]
    if hasattr(table.db_api, "spark"):
        return pl.from_arrow(table.as_spark_dataframe().select(*columns).toArrow())  # type: ignore[return-value]
    return table.as_duckdbpyrelation().select(*columns).pl()


def _spark_api(config: MatchingConfig):
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import SparkAPI, similarity_jar_location
    except ImportError as exc:
        raise EngineUnavailable(
            _(
                "Mesin Spark belum terpasang di sini. Pasang dengan `make install-spark` "
                "(PySpark 4 dan Java 17), lalu ulangi."
            )
        ) from exc
    # A URL on a cluster (hdfs://…), so joined as text, not as a local Path.
    work = (config.spark_checkpoint_dir or str(_local_folder())).rstrip("/")
    builder = (
        SparkSession.builder.appName("jaring-linkage")
        .master(config.spark_master)
        # Jaro–Winkler and Damerau–Levenshtein as Spark SQL functions (Splink's JAR).
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", config.spark_driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # Stage bars redrawn on the terminal say nothing to the person running dedupe.
        .config("spark.ui.showConsoleProgress", "false")
    )
    local = config.spark_master.startswith("local")
    if local:
        # Spark inside this process: its log at errors only (an installation's own
        # SPARK_CONF_DIR wins), on the loopback address, with few partitions.
        os.environ.setdefault("SPARK_CONF_DIR", str(Path(__file__).with_name("data") / "spark"))
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", str(LOCAL_PARTITIONS))
        )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # Java missing or too old, master unreachable: said plainly
        raise EngineUnavailable(
            _("Spark tidak dapat dijalankan (perlu Java 17 dan master %(master)s): %(error)s")
            % {"master": config.spark_master, "error": str(exc).splitlines()[0]}
        ) from exc
    spark.sparkContext.setLogLevel("ERROR")
    # Splink writes its intermediate tables as Parquet under the checkpoint folder;
    # Spark gives each call a fresh subfolder, which ``release`` removes after the run.
    spark.sparkContext.setCheckpointDir(f"{work}/checkpoints")
    # A session of its own per run (one JVM, one SparkContext): Splink's temporary
    # views ("records", "__splink__…") of one run never meet another's.
    return SparkAPI(
        spark_session=spark.newSession(),
        num_partitions_on_repartition=LOCAL_PARTITIONS if local else None,
    )


def release(db_api) -> None:
    """After a run: remove the Parquet files Splink wrote for it on Spark in local mode
    (a worker that links after every intake would otherwise fill its disk); a cluster's
    checkpoint folder is the cluster's to clean. Nothing for DuckDB, whose in-memory
    database goes with its connection."""
    spark = getattr(db_api, "spark", None)
    if spark is None:
        return
    folder = spark.sparkContext._jsc.sc().getCheckpointDir()
    if folder.isDefined() and folder.get().startswith("file:"):
        shutil.rmtree(folder.get().removeprefix("file:"), ignore_errors=True)


_folder: Path | None = None


def _local_folder() -> Path:
    """One temporary folder per process for Splink's intermediate tables, removed when
    the process ends."""
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="jaring-spark-"))
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    return _folder
