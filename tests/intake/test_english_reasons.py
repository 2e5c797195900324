"""A reader who chose English reads every row reason in English, built from the same
stored Indonesian reason; an Indonesian reader reads it as stored."""

import polars as pl
from django.utils import translation
from intake_samples import MIXED_ROWS, write_csv

from jaring import reasons
from jaring.core import dates
from jaring.imports import error_dicts
from jaring.intake.services import intake_file
from jaring.sheets import ROW

IMPOSSIBLE = ["6471012303880021", "Yusuf Maulana", "31-02-1988", "L", "64.71.01.1001", "",
              "nelayan", "", "", ""]  # fmt: skip


def test_intake_reasons_are_english_for_an_english_reader(agency, tmp_path):
    path = write_csv(tmp_path / "daftar.csv", [*MIXED_ROWS, IMPOSSIBLE])
    result = intake_file(path=path, agency=agency)
    stored = {e.row_number: e.message for e in result.submission.errors.all()}
    impossible_row = len(MIXED_ROWS) + 2
    assert stored[impossible_row] == (
        "Tanggal 31-02-1988 tidak ada dalam kalender; periksa tanggal dan bulannya."
    )
    with translation.override("en"):
        english = {
            e.row_number: e.message for e in reasons.translate_rows(result.submission.errors.all())
        }
    assert english[impossible_row] == (
        "The date 31-02-1988 does not exist in the calendar; check the day and the month."
    )
    assert english[5].startswith("The NIK has only 15 digits (647101050585001)")
    assert english[17] == "The name is required."
    # Every reason intake gave has an English reading: none is left as stored.
    assert all(english[row] != stored[row] for row in stored)
    with translation.override("id"):
        indonesian = {
            e.row_number: e.message for e in reasons.translate_rows(result.submission.errors.all())
        }
    assert indonesian == stored


def test_the_most_specific_template_wins_and_unknown_text_stays():
    with translation.override("en"):
        assert reasons.translate("Tanggal lahir 01-01-2090 berada di masa depan.") == (
            "The birth date 01-01-2090 is in the future."
        )
        assert reasons.translate("Tanggal 01-01-2090 berada di masa depan.") == (
            "The date 01-01-2090 is in the future."
        )
        assert reasons.translate("Kalimat lama yang tidak dikenal.") == (
            "Kalimat lama yang tidak dikenal."
        )


def test_answers_translate_each_distinct_reason_once():
    errors = pl.DataFrame(
        {ROW: [2, 3, 4], "field": ["nama"] * 3, "message": ["Nama wajib diisi."] * 3}
    )
    reasons._translated.cache_clear()
    with translation.override("en"):
        answered = error_dicts(errors)
    assert [e["message"] for e in answered] == ["The name is required."] * 3
    assert reasons._translated.cache_info().misses == 1


def test_an_impossible_date_is_told_apart_from_an_unreadable_one():
    frame = pl.DataFrame({"t": ["31-02-1990", "1990-02-30", "kemarin", "12/13/1990"]})
    messages = frame.select(dates.error(pl.col("t"), today=dates.EARLIEST.replace(year=2026)))
    assert messages.to_series().to_list() == [
        "Tanggal 31-02-1990 tidak ada dalam kalender; periksa tanggal dan bulannya.",
        "Tanggal 1990-02-30 tidak ada dalam kalender; periksa tanggal dan bulannya.",
        dates.MSG_FORMAT.format("kemarin"),
        "Tanggal 12/13/1990 tidak ada dalam kalender; periksa tanggal dan bulannya.",
    ]
