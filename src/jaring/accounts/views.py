from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from jaring.accounts.access_log import KINDS, LogFilter, filtered, name_objects, users_in_log
from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessLog
from jaring.accounts.policy import can_read_access_log
from jaring.core import nik as nik_rules


@login_required
def access_log(request):
    if not can_read_access_log(request.user):
        raise PermissionDenied
    criteria = LogFilter.from_query(request.GET)
    entries = filtered(AccessLog.objects.select_related("user"), criteria)
    # Searched NIKs are kept as keyed hashes: a NIK typed here is hashed the same way.
    nik = nik_rules.query_digits(request.GET.get("nik", "")[:40])
    if nik:
        entries = entries.filter(detail__startswith=nik_log_detail(nik))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    name_objects(list(page), request.user)
    querystring = "&".join(q for q in (criteria.querystring(), f"nik={nik}" if nik else "") if q)
    return render(
        request,
        "accounts/access_log.html",
        {
            "page": page,
            "nik": nik,
            "criteria": criteria,
            "users": users_in_log(),
            "kinds": [(key, label) for key, (label, _prefix) in KINDS.items()],
            "querystring": querystring,
        },
    )
