"""The facts a confirmation page (``jaring.confirm``) shows for a step that commits the
budget: persons, months and rupiah of an ``Outlook``, written the same way for approval,
the SK, a registration batch and a renewal."""

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jaring.core.money import rupiah, thousands
from jaring.programs.services import Outlook


def month_name(month: dt.date) -> str:
    """ "Maret 2026" (in the user's language)."""
    return formats.date_format(month, "F Y")


def months_text(first: dt.date, last: dt.date, months: int) -> str:
    span = month_name(first) if first == last else f"{month_name(first)} – {month_name(last)}"
    count = ngettext("%(n)s bulan", "%(n)s bulan", months) % {"n": months}
    return f"{span} ({count})"


def outlook_facts(outlook: Outlook, persons_label: str) -> list[tuple[str, str, str]]:
    months = months_text(outlook.first, outlook.last, outlook.months)
    return [
        (persons_label, thousands(outlook.persons), "persons"),
        (_("Bulan perlindungan"), months, "months"),
        (_("Iuran per pekerja untuk bulan-bulan itu"), rupiah(outlook.per_person), "per_person"),
        (_("Jumlah iuran"), rupiah(outlook.total), "total"),
    ]
