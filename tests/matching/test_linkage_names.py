"""Name normalisation for matching: one form per person, whatever the clerk wrote."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from jaring.matching.linkage.names import normalise, normalise_one


def test_titles_and_degrees_are_removed():
    assert normalise_one("H. Muhammad Noor, S.Pd") == normalise_one("Muhammad Nur")
    assert normalise_one("Drs. Ir. Khairul Anwar S.E.") == "anwar hairul"
    assert normalise_one("Hj. Siti Aminah, A.Md") == "aminah siti"


def test_spellings_of_muhammad_are_one_word():
    forms = ["Muhammad Rizki", "MUHAMAD RIZKI", "Moh. Rizki", "Mhd Rizki", "M. Rizki",
             "Mochammad Rizki", "Rizki Muhammad"]  # fmt: skip
    assert len({normalise_one(f) for f in forms}) == 1


def test_old_spellings_are_modernised():
    assert normalise_one("Soekarno") == normalise_one("Sukarno")
    assert normalise_one("Djoko Tjahjono") == normalise_one("Joko Cahjono")
    assert normalise_one("Chairul") == normalise_one("Khairul") == normalise_one("Hairul")
    assert normalise_one("Noorhayati") == normalise_one("Nurhayati")
    assert normalise_one("Sitti Hawang") == normalise_one("Siti Hawang")


def test_word_order_does_not_matter():
    assert normalise_one("Saleh Ahmad") == normalise_one("Ahmad Saleh")


def test_blank_names_are_null():
    assert normalise_one("") is None
    assert normalise_one(None) is None
    assert normalise_one("H.") is None


@given(st.text(alphabet="abcdeghijkmnorstuyABCDHMNOS .,'-", max_size=40))
def test_normalisation_is_idempotent(name):
    once = normalise_one(name)
    assert normalise_one(once) == once


@given(st.lists(st.sampled_from(["Ahmad", "Siti", "Noor", "Rizki", "Djoko", "H.", "Saleh"]),
                min_size=1, max_size=4))  # fmt: skip
def test_any_word_order_gives_the_same_name(words):
    frame = pl.DataFrame({"a": [" ".join(words)], "b": [" ".join(reversed(words))]})
    out = frame.select(normalise(pl.col("a")).alias("a"), normalise(pl.col("b")).alias("b"))
    assert out.item(0, "a") == out.item(0, "b")
