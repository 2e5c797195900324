from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.shortcuts import render

from jaring.accounts.models import AccessLog, Role
from jaring.accounts.policy import can_read_access_log, can_upload, is_admin
from jaring.intake.models import SubmissionStatus
from jaring.intake.queries import submissions_for
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
    persons = persons_for(user)
    by_region = []
    if user.role != Role.OPERATOR or is_admin(user):
        by_region = _count_by_regency(persons)
    return render(
        request,
        "accounts/home.html",
        {
            "totals": totals,
            "to_fix": to_fix,
            "running": running,
            "failed": failed,
            "person_count": persons.count(),
            "by_region": by_region,
            "can_upload": can_upload(user),
        },
    )


def _count_by_regency(persons) -> list[dict]:
    """Persons per regency/city, grouped on the first five characters of the village
    code (no join through districts and villages), names looked up once."""
    counts = (
        persons.annotate(kabupaten=Substr("wilayah_id", 1, 5))
        .values("kabupaten")
        .annotate(jumlah=Count("id"))
        .order_by("kabupaten")
    )
    names = dict(Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA).values_list("kode", "nama"))
    return [
        {"kode": row["kabupaten"], "nama": names.get(row["kabupaten"], row["kabupaten"]),
         "jumlah": row["jumlah"]}
        for row in counts
    ]  # fmt: skip


@login_required
def access_log(request):
    if not can_read_access_log(request.user):
        raise PermissionDenied
    entries = AccessLog.objects.select_related("user")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page})
