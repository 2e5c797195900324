"""``{{ amount|rupiah }}`` → ``Rp 1.680.000`` (whole rupiah, Indonesian grouping)."""

from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
    if value is None or value == "":
        return ""
    amount = int(value)
    text = f"{abs(amount):,}".replace(",", ".")
    return f"-Rp {text}" if amount < 0 else f"Rp {text}"
