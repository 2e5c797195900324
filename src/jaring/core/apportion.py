"""Dividing a whole number among claimants: quotas among regions, rupiah among funders.

Largest-remainder (Hamilton) apportionment: each claimant gets the whole part of its
exact share, and the units left over go one by one to the largest fractional
remainders, ties broken by the claimant's key so the result never depends on dict
order. With caps (a region cannot use more places than it has eligible workers), what a
capped claimant cannot take is apportioned again among the others.
"""

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _


def largest_remainder(
    total: int, weights: Mapping[str, int | Decimal], caps: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Apportion ``total`` by ``weights``; never more than ``caps[key]`` to a key. The
    parts add up to ``total`` unless the caps add up to less (then to their sum)."""
    if total < 0 or any(w < 0 for w in weights.values()):
        raise ValueError(_("Jumlah dan bobot tidak boleh negatif."))
    parts = dict.fromkeys(weights, 0)
    open_keys = sorted(k for k in weights if caps is None or caps.get(k, 0) > 0)
    left = total
    while left > 0 and open_keys:
        weight_sum = sum(Fraction(str(weights[k])) for k in open_keys)
        if weight_sum == 0:
            shares = {k: Fraction(left, len(open_keys)) for k in open_keys}
        else:
            shares = {k: Fraction(str(weights[k])) * left / weight_sum for k in open_keys}
        round_parts = {k: int(shares[k]) for k in open_keys}
        spare = left - sum(round_parts.values())
        by_remainder = sorted(open_keys, key=lambda k: (-(shares[k] - round_parts[k]), k))
        for k in by_remainder[:spare]:
            round_parts[k] += 1
        given = 0
        for k in open_keys:
            room = caps[k] - parts[k] if caps is not None else round_parts[k]
            take = min(round_parts[k], room)
            parts[k] += take
            given += take
        left -= given
        open_keys = [k for k in open_keys if caps is None or parts[k] < caps.get(k, 0)]
        if given == 0:
            break
    return parts
