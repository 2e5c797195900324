"""Property tests of the NIK rule against an independent oracle built from its parts."""

import calendar
import datetime as dt

import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from jaring.core import nik

PROVINCES = {"64", "35"}
REGENCIES = {"64.71", "64.02", "35.78"}
DISTRICTS = {"64.71.01", "64.71.05", "64.02.10", "35.78.01"}
CODES = {"provinces": PROVINCES, "regencies": REGENCIES, "districts": DISTRICTS}


def build(district: str, birth: dt.date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return (
        f"{district.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    )


def validate_many(values: list[str | None], from_number: list[bool] | None = None) -> list:
    frame = pl.DataFrame(
        {"v": values, "n": from_number or [False] * len(values)},
        schema={"v": pl.Utf8, "n": pl.Boolean},
    )
    return (
        frame.select(nik.error(nik.normalise(pl.col("v")), **CODES, from_number=pl.col("n")))
        .to_series()
        .to_list()
    )


valid_parts = st.tuples(
    st.sampled_from(sorted(DISTRICTS)),
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 12, 31)),
    st.booleans(),
    st.integers(min_value=1, max_value=9999),
)


@given(st.lists(valid_parts, min_size=1, max_size=30))
def test_every_well_formed_nik_is_accepted(batch):
    assert validate_many([build(*parts) for parts in batch]) == [None] * len(batch)


@given(valid_parts)
def test_nik_encodes_birth_date_and_sex(parts):
    _, birth, female, _ = parts
    frame = pl.DataFrame({"v": [build(*parts)], "d": [birth]})
    row = frame.select(
        nik.matches_birth_date(pl.col("v"), pl.col("d")).alias("same_date"),
        nik.sex(pl.col("v")).alias("sex"),
    ).row(0, named=True)
    assert row == {"same_date": True, "sex": "P" if female else "L"}


@given(valid_parts, st.integers(min_value=1, max_value=3000))
def test_another_birth_date_does_not_match(parts, shift):
    birth = parts[1]
    other = birth + dt.timedelta(days=shift)
    frame = pl.DataFrame({"v": [build(*parts)], "d": [other]})
    same = frame.select(nik.matches_birth_date(pl.col("v"), pl.col("d"))).item()
    # DDMMYY repeats only every 100 years, and the shift is under 9 years.
    assert same is False


@given(valid_parts)
def test_serial_0000_is_refused(parts):
    district, birth, female, _ = parts
    [message] = validate_many([build(district, birth, female, 0)[:12] + "0000"])
    assert message == nik.MSG_URUT


@given(valid_parts, st.integers(min_value=0, max_value=15))
def test_dropping_or_adding_a_digit_is_refused(parts, position):
    value = build(*parts)
    shorter = value[:position] + value[position + 1 :]
    longer = value + "7"
    short_message, long_message = validate_many([shorter, longer])
    assert "15 digit" in short_message
    assert "16 digit" in long_message


@given(valid_parts)
def test_excel_damage_is_named_as_such(parts):
    value = build(*parts)
    scientific = f"{int(value):.5E}".replace("E+", "E+")
    truncated = value[:15] + "0"
    messages = validate_many([scientific, truncated, value + ".0"], [False, True, False])
    assert all("Excel" in m for m in messages), messages


@given(valid_parts, st.sampled_from(["99", "00", "65"]))
def test_unknown_province_is_refused(parts, province):
    value = province + build(*parts)[2:]
    [message] = validate_many([value])
    assert message == nik.MSG_PROVINSI.format(province)


@given(
    st.sampled_from(sorted(DISTRICTS)),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
)
@example("64.71.01", 29, 2, 0)  # 29-02-2000 is a real date
@example("64.71.01", 29, 2, 1)  # 29-02-1901 / 2001 is not
@example("64.71.01", 71, 1, 90)  # 31 + 40: a woman born on the 31st
@example("64.71.01", 40, 1, 90)  # day 0 for a woman
def test_birth_date_digits_are_checked_against_the_calendar(district, day_raw, month, yy):
    value = f"{district.replace('.', '')}{day_raw:02d}{month:02d}{yy:02d}0001"
    day = day_raw - 40 if day_raw > 40 else day_raw
    oracle = False
    if 1 <= month <= 12 and (1 <= day_raw <= 31 or 41 <= day_raw <= 71):
        oracle = any(day <= calendar.monthrange(century + yy, month)[1] for century in (1900, 2000))
    [message] = validate_many([value])
    assert (message is None) == oracle, (value, message)


@given(st.text(max_size=20))
def test_arbitrary_text_never_crashes_and_digits_only_pass(text):
    [message] = validate_many([text])
    if message is None:
        cleaned = text.strip().lstrip("'").replace(" ", "").replace("-", "")
        assert cleaned.isdigit() and len(cleaned) == 16
