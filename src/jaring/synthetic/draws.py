"""Seeded random draws for whole columns at once.

The generator must make a million rows in seconds, so it never asks for one random
number per row from Python. ``Draws`` turns one block of bytes from Python's seeded
Mersenne Twister into a column of uniforms (the same bytes for the same seed on every
machine and Python version, unlike Polars' own sampling, whose sequence may change with
the library), and builds every other kind of draw from those uniforms with Polars.
"""

import array
import random
from collections.abc import Sequence

import polars as pl

_SCALE = float(2**32)


class Draws:
    """A stream of random columns; the same seed gives the same columns in the same
    order of calls."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def uniform(self, n: int) -> pl.Series:
        """``n`` floats in [0, 1)."""
        words = array.array("I")
        assert words.itemsize == 4
        words.frombytes(self._rng.randbytes(4 * n))
        return pl.Series(words, dtype=pl.Int64).cast(pl.Float64) / _SCALE

    def integers(self, n: int, low: int, high: int) -> pl.Series:
        """``n`` integers in [low, high] (both ends included)."""
        return (self.uniform(n) * (high - low + 1)).floor().cast(pl.Int64) + low

    def bernoulli(self, n: int, p: float | pl.Series) -> pl.Series:
        """``n`` booleans, each true with probability ``p`` (a number or a column)."""
        return self.uniform(n) < p

    def choice(
        self, n: int, options: Sequence, weights: Sequence[float] | None = None
    ) -> pl.Series:
        """``n`` draws from ``options`` (with replacement, optionally weighted)."""
        return self.choice_by(pl.Series([0] * n, dtype=pl.Int64), [(options, weights)])

    def choice_by(
        self, group: pl.Series, tables: Sequence[tuple[Sequence, Sequence[float] | None]]
    ) -> pl.Series:
        """One draw per row from the table its ``group`` (an index into ``tables``)
        names, each table with its own options and weights.

        Each table's cumulative distribution is laid on its own unit interval
        ``[g, g + 1)``, so a single sorted search answers every row of every group.
        """
        edges: list[float] = []
        flat: list = []
        for index, (options, weights) in enumerate(tables):
            if not options:
                raise ValueError(f"tabel pilihan {index} kosong")
            weights = list(weights) if weights is not None else [1.0] * len(options)
            if len(weights) != len(options) or sum(weights) <= 0:
                raise ValueError(f"bobot tabel pilihan {index} tidak sah")
            # Probabilities, not money: a float cumulative distribution is what is wanted.
            weight_sum, running = float(sum(weights)), 0.0
            for option, weight in zip(options, weights, strict=True):
                running += weight
                edges.append(index + min(running / weight_sum, 1.0 - 1e-12))
                flat.append(option)
            edges[-1] = index + 1.0 - 1e-12
        target = group.cast(pl.Float64) + self.uniform(len(group))
        position = pl.Series(edges, dtype=pl.Float64).search_sorted(target, side="right")
        return pl.Series(flat).gather(position.clip(0, len(flat) - 1))

    def pick(self, pool: pl.Series, offset: pl.Series, size: pl.Series) -> pl.Series:
        """Per row, a uniform draw from ``pool[offset : offset + size]``: many pools laid
        end to end in one column, each row naming its own slice."""
        index = offset + (self.uniform(len(offset)) * size).floor().cast(pl.Int64)
        return pool.gather(index)

    def permutation(self, n: int) -> pl.Series:
        """A random order of ``0 … n-1``."""
        return self.uniform(n).arg_sort()
