from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import render

from jaring.accounts.access_log import KINDS, LogFilter, filtered, name_objects, users_in_log
from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessLog, Role
from jaring.accounts.policy import can_read_access_log, can_upload, is_admin
from jaring.core import nik as nik_rules
from jaring.intake.models import SubmissionStatus
from jaring.intake.queries import submissions_for
from jaring.registry.models import RegencyTally
from jaring.registry.queries import persons_for
from jaring.wilayah.models import Tingkat, Wilayah


@login_required
def home(request):
    """What needs doing for this user: submissions with rejected rows to fix, files
    still in progress, and the registry in their scope by regency/city."""
    user = request.user
    submissions = submissions_for(user)
    totals = submissions.aggregate(
        files=Count("id"),
        rows=Sum("rows"),
        accepted=Sum("accepted"),
        rejected=Sum("rejected"),
        duplicates=Sum("duplicates"),
    )
    to_fix = submissions.filter(status=SubmissionStatus.DONE, rejected__gt=0)[:10]
    running = submissions.filter(
        Q(status=SubmissionStatus.QUEUED) | Q(status=SubmissionStatus.PROCESSING)
    )[:10]
    failed = submissions.filter(status=SubmissionStatus.FAILED)[:5]
    if user.role == Role.OPERATOR and not is_admin(user):
        by_region, person_count = [], persons_for(user).count()
    elif user.wilayah_id is None and not is_admin(user):
        by_region, person_count = [], 0
    else:
        by_region = _count_by_regency(user)
        person_count = sum(row["jumlah"] for row in by_region)
    return render(
        request,
        "accounts/home.html",
        {
            "totals": totals,
            "to_fix": to_fix,
            "running": running,
            "failed": failed,
            "person_count": person_count,
            "by_region": by_region,
            "can_upload": can_upload(user),
        },
    )


def _count_by_regency(user) -> list[dict]:
    """Persons per regency/city in the user's region, from the tally intake keeps."""
    tallies = RegencyTally.objects.all()
    if not is_admin(user):
        region = user.wilayah_id or ""
        tallies = tallies.filter(kode_kabupaten__startswith=region[:5])
    names = dict(Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA).values_list("kode", "nama"))
    return [
        {"kode": t.kode_kabupaten, "nama": names.get(t.kode_kabupaten, t.kode_kabupaten),
         "jumlah": t.jumlah}
        for t in tallies.order_by("kode_kabupaten")
    ]  # fmt: skip


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
