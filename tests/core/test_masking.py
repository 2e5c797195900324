"""The column versions of the masking rules give what the single-value rules give."""

import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from jaring.core.masking import mask_date, mask_date_expr, mask_nik, mask_nik_expr


@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789", max_size=18))))
def test_nik_column_is_masked_like_each_value(niks):
    frame = pl.DataFrame({"nik": niks}, schema={"nik": pl.Utf8})

    masked = frame.select(mask_nik_expr(pl.col("nik"))).to_series().to_list()

    assert masked == [mask_nik(n) for n in niks]


@given(st.lists(st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1)))))
def test_date_column_is_masked_like_each_value(dates):
    frame = pl.DataFrame({"d": dates}, schema={"d": pl.Date})

    masked = frame.select(mask_date_expr(pl.col("d"))).to_series().to_list()

    assert masked == [mask_date(d) for d in dates]


def test_masked_nik_keeps_region_and_serial_only():
    frame = pl.DataFrame({"nik": ["6471010505850001"]})

    assert frame.select(mask_nik_expr(pl.col("nik"))).item() == "6471********0001"
