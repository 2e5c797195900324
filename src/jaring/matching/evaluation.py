"""Pairwise precision, recall and F1 of a clustering against the truth.

Pairwise, because that is what a wrong merge costs: every pair of records put in one
cluster that are not the same person is a false link (a twin paid for as its sibling),
every true pair left apart a missed duplicate. Counted from the contingency of
(cluster, person) without listing pairs, so a million records take a second.
"""

from dataclasses import asdict, dataclass

import polars as pl


@dataclass(frozen=True)
class PairScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def _pairs(counts: pl.Expr) -> pl.Expr:
    return (counts * (counts - 1) // 2).sum()


def pairwise_scores(clusters: pl.Series, truth: pl.Series) -> PairScores:
    """``clusters`` and ``truth``: one label per record, in the same record order."""
    frame = pl.DataFrame({"c": clusters, "t": truth})
    predicted = frame.group_by("c").len().select(_pairs(pl.col("len").cast(pl.Int64))).item()
    true = frame.group_by("t").len().select(_pairs(pl.col("len").cast(pl.Int64))).item()
    correct = frame.group_by("c", "t").len().select(_pairs(pl.col("len").cast(pl.Int64))).item()
    return PairScores(true_pairs=true, predicted_pairs=predicted, correct_pairs=correct)


def exact_nik_clusters(records: pl.DataFrame) -> pl.Series:
    """The baseline: records with the same NIK (as written, trimmed) are one person; a
    record without a NIK stands alone."""
    nik = records.get_column("nik").cast(pl.Utf8).str.strip_chars()
    return (
        pl.DataFrame({"nik": nik, "id": records.get_column("record_id").cast(pl.Utf8)})
        .select(
            pl.when(pl.col("nik").is_null() | (pl.col("nik") == ""))
            .then(pl.lit("id:") + pl.col("id"))
            .otherwise(pl.lit("nik:") + pl.col("nik"))
        )
        .to_series()
    )
