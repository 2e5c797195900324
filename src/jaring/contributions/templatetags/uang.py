"""``{{ amount|rupiah }}`` → ``Rp 1.680.000`` (whole rupiah, Indonesian grouping)."""

from django import template

from jaring.core import money

register = template.Library()


@register.filter
def rupiah(value) -> str:
    if value is None or value == "":
        return ""
    return money.rupiah(int(value))
