"""``{% riwayat_perubahan obj masked=… %}``: the record's change history on its page —
the latest entries, and all of them when the page is opened with ``?riwayat=semua``
(the page's own view has already decided who may open it). Identity fields are masked
unless the view says the reader sees them whole (``masked=False``)."""

from django import template

from jaring.riwayat.queries import history_of

register = template.Library()
LATEST = 10


@register.inclusion_tag("riwayat/_riwayat.html", takes_context=True)
def riwayat_perubahan(context, obj, masked=True):
    request = context.get("request")
    everything = request is not None and request.GET.get("riwayat") == "semua"
    rows, more = history_of(obj, masked=masked, limit=None if everything else LATEST)
    query = request.GET.copy() if request is not None else None
    if query is not None:
        query["riwayat"] = "semua"
    return {
        "rows": rows,
        "more": more,
        "everything": everything,
        "more_query": query.urlencode() if query is not None else "",
    }
