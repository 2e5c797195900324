"""``{{ amount|rupiah }}`` → ``Rp 1.680.000`` (whole rupiah, Indonesian grouping);
``{{ status|status_kepesertaan }}`` → the coverage status in words."""

from django import template

from jaring.contributions.queries import STATUS_LABELS
from jaring.core import money

register = template.Library()


@register.filter
def rupiah(value) -> str:
    if value is None or value == "":
        return ""
    return money.rupiah(int(value))


@register.filter
def status_kepesertaan(value: str) -> str:
    """``menunggak`` → "Menunggak": a coverage status by its label
    (``contributions.queries.STATUS_LABELS``), an unknown one as it is."""
    return str(STATUS_LABELS.get(value, value))
