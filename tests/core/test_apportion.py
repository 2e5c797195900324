"""Largest-remainder apportionment: exact totals, caps respected, order-independent."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jaring.core.apportion import largest_remainder

KEYS = [f"64.{n:02d}" for n in (1, 2, 3, 7, 8, 9, 11, 71, 72, 74)]
weights = st.dictionaries(st.sampled_from(KEYS), st.integers(0, 10**6), min_size=1)


def test_province_quota_over_ten_regencies_by_labour_force():
    labour = dict(zip(KEYS, [160, 410, 140, 90, 240, 95, 15, 400, 480, 100], strict=True))
    parts = largest_remainder(100_000, labour)
    assert sum(parts.values()) == 100_000
    # Weights sum to 2,130. Whole parts sum to 99,995; the 5 spare places go to the
    # largest remainders: 64.74 (.836), 64.02 (.826), 64.03 (.770), 64.01 (.737),
    # 64.08 (.606).
    assert parts["64.72"] == 22_535  # 22,535.211: no spare place
    assert parts["64.74"] == 4_695  # 4,694.836 + 1
    assert parts["64.08"] == 11_268  # 11,267.606 + 1
    assert parts["64.71"] == 18_779  # 18,779.343: no spare place
    assert parts["64.11"] == 704


@given(st.integers(0, 10**7), weights)
def test_parts_add_up_and_stay_within_one_of_the_exact_share(total, w):
    parts = largest_remainder(total, w)
    assert sum(parts.values()) == total
    weight_sum = sum(w.values())
    for key, part in parts.items():
        exact = Fraction(total * w[key], weight_sum) if weight_sum else Fraction(total, len(w))
        assert abs(part - exact) < 1


@given(st.integers(0, 10**6), weights, st.data())
def test_caps_are_never_exceeded_and_the_rest_is_used(total, w, data):
    caps = {k: data.draw(st.integers(0, 10**5), label=k) for k in w}
    parts = largest_remainder(total, w, caps)
    assert all(parts[k] <= caps[k] for k in w)
    assert sum(parts.values()) == min(total, sum(caps.values()))


@given(st.integers(0, 10**6), weights)
def test_result_does_not_depend_on_key_order(total, w):
    reordered = dict(reversed(list(w.items())))
    assert largest_remainder(total, w) == largest_remainder(total, reordered)


def test_negative_input_is_refused():
    with pytest.raises(ValueError):
        largest_remainder(-1, {"a": 1})
