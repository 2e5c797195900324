"""``{% wilayah kode %}`` → the region's name with its code after it in small type,
wherever a page has only a region code (an invoice's regency, a participant's regency).

Names are looked up once per page render: the first regency code asked loads the
names of every regency/city of its province (a few dozen rows), other codes are read
one by one; an unknown code is shown as it is.
"""

from django import template
from django.utils.html import format_html

from jaring.wilayah.models import Tingkat, Wilayah

register = template.Library()


def _names(context) -> dict[str, str]:
    return context.render_context.setdefault("wilayah_names", {})


def name_of(names: dict[str, str], kode: str) -> str:
    if kode not in names:
        if len(kode) == 5:  # a regency/city: its province's regencies in one query
            names.update(
                Wilayah.objects.filter(
                    tingkat=Tingkat.KABUPATEN_KOTA, kode__startswith=kode[:3]
                ).values_list("kode", "nama")
            )
        else:
            names.update(Wilayah.objects.filter(kode=kode).values_list("kode", "nama"))
        names.setdefault(kode, "")
    return names[kode]


@register.simple_tag(takes_context=True)
def wilayah(context, kode) -> str:
    if not kode:
        return ""
    nama = name_of(_names(context), str(kode))
    if not nama:
        return str(kode)
    return format_html('{} <small class="code">{}</small>', nama, kode)
