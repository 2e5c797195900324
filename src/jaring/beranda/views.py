"""The home page (Beranda): what waits for this user ("Perlu ditindaklanjuti"), then
the registry in their scope by regency/city."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jaring.accounts.models import Role
from jaring.accounts.policy import can_upload, is_admin
from jaring.beranda import headlines, todo
from jaring.registry.models import RegencyTally
from jaring.registry.queries import persons_for
from jaring.wilayah.models import Tingkat, Wilayah


@login_required
def home(request):
    user = request.user
    leader = user.role == Role.VIEWER and not is_admin(user)
    by_region: list[dict] = []
    if user.role == Role.OPERATOR and not is_admin(user):
        person_count = persons_for(user).count()
    elif user.wilayah_id is None and not is_admin(user):
        person_count = 0
    else:
        by_region = _count_by_regency(user)
        person_count = sum(row["jumlah"] for row in by_region)
    context = {
        "items": [] if leader else todo.items_for(user),
        "changes": headlines.changes_for(user) if leader else None,
        "leader": leader,
        "person_count": person_count,
        "by_region": by_region,
        "can_upload": can_upload(user),
    }
    return render(request, "beranda/home.html", context)


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
