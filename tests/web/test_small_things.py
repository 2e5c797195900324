"""Small things users notice: names sort as people read them, Klaim has its own menu
item, the access log filters and names its objects, the admin speaks the user's
language."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import write_csv

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction, AccessLog, Role, User
from jaring.core.names import sort_key
from jaring.intake.services import intake_file
from jaring.registry.models import Person
from jaring.registry.queries import PersonFilter, search
from jaring.registry.services import add_agency

pytestmark = pytest.mark.django_db

NAMES = ["Zainal Abidin", "ahmad", "Élan", "Elan", "BUDI", "budi", "Agus", "Budiman", "édi"]


@pytest.fixture
def persons(tmp_path):
    agency = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    rows = [
        [f"64710105058500{11 + i}", name, "1985-05-05", "L", "64.71.01.1001", "", "nelayan",
         "", "", ""]
        for i, name in enumerate(NAMES)
    ]  # fmt: skip
    result = intake_file(path=write_csv(tmp_path / "names.csv", rows), agency=agency)
    assert result.accepted == len(NAMES), result.errors
    return Person.objects.all()


def _admin(username="admin") -> User:
    return User.objects.create_superuser(username, f"{username}@example.org", None, role=Role.ADMIN)


def test_names_sort_without_regard_to_case_or_accents(persons):
    admin = _admin()
    names = list(search(admin, PersonFilter(sort="nama")).values_list("nama", flat=True))
    folded = [sort_key(n)[0] for n in names]
    assert folded == sorted(folded), names
    assert names[:2] == ["Agus", "ahmad"]
    assert {names[2], names[3]} == {"BUDI", "budi"}  # together, before Budiman
    assert names[4] == "Budiman"
    assert names[-1] == "Zainal Abidin"
    backwards = list(search(admin, PersonFilter(sort="-nama")).values_list("nama", flat=True))
    assert [sort_key(n)[0] for n in backwards] == sorted(folded, reverse=True)


def test_the_registry_page_lists_names_in_reading_order(persons, client):
    client.force_login(_admin())
    body = client.get(reverse("registry:list")).content.decode()
    assert body.index("ahmad") < body.index("BUDI") < body.index("Elan") < body.index("Zainal")


def test_klaim_has_its_own_menu_item_for_those_who_follow_programmes(client):
    manager = User.objects.create_user(
        "p", "p@example.org", None, role=Role.MANAGER, wilayah_id="64"
    )
    operator = User.objects.create_user("o", "o@example.org", None, role=Role.OPERATOR)
    client.force_login(manager)
    menu = client.get(reverse("home")).content.decode().split('class="mainnav"')[1]
    assert f'href="{reverse("claims:index")}">Klaim</a>' in menu.split("</nav>")[0]
    client.force_login(operator)
    menu = client.get(reverse("home")).content.decode().split('class="mainnav"')[1]
    assert reverse("claims:index") not in menu.split("</nav>")[0]


@pytest.fixture
def log(persons):
    reader = _admin()
    clerk = User.objects.create_user("clerk", "c@example.org", None, role=Role.FINANCE)
    person = persons.get(nama="Budiman")
    old = log_access(clerk, AccessAction.VIEW_PERSON, f"pekerja:{person.pk}")
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=10))
    log_access(reader, AccessAction.VIEW_PERSON, f"pekerja:{person.pk}")
    log_access(reader, AccessAction.SEARCH_NIK, "pencarian", detail="hmac-sha256:x")
    log_access(reader, AccessAction.EXPORT_REJECTED, "pengajuan:PJ-0000-000000")
    client = Client()
    client.force_login(reader)
    return client, reader, clerk, person


def _rows(response) -> list[str]:
    table = response.content.decode().split('id="access-log"')[1].split("</table>")[0]
    return [row for row in table.split("<tr")[2:] if "colspan" not in row]


def test_the_access_log_names_the_person_instead_of_a_key(log):
    client, _reader, _clerk, person = log
    rows = _rows(client.get(reverse("access_log")))
    assert len(rows) == 4
    seen = [r for r in rows if f"pekerja:{person.pk}" in r.split(">", 1)[0]]
    assert seen and all(f"Budiman ({person.nik})" in r for r in seen)
    assert all(f">pekerja:{person.pk}<" not in r for r in rows)


def test_the_access_log_filters_by_user_date_and_kind(log):
    client, reader, clerk, _person = log
    url = reverse("access_log")
    assert len(_rows(client.get(url, {"pengguna": clerk.pk}))) == 1
    assert len(_rows(client.get(url, {"pengguna": reader.pk}))) == 3
    today = timezone.localdate()
    assert len(_rows(client.get(url, {"dari": today.isoformat()}))) == 3
    until = (today - dt.timedelta(days=5)).isoformat()
    assert len(_rows(client.get(url, {"sampai": until}))) == 1
    assert len(_rows(client.get(url, {"jenis": "pekerja"}))) == 2
    assert len(_rows(client.get(url, {"jenis": "pencarian"}))) == 1
    assert len(_rows(client.get(url, {"jenis": "pengajuan", "pengguna": clerk.pk}))) == 0
    # Nonsense in the filters is ignored, not an error.
    response = client.get(url, {"dari": "31-02-1990", "jenis": "x", "pengguna": "abc"})
    assert response.status_code == 200 and len(_rows(response)) == 4


def test_the_admin_speaks_english_to_an_english_user(client):
    client.force_login(_admin())
    client.cookies["django_language"] = "en"
    body = client.get(reverse("admin:index")).content.decode()
    assert "Worker registry" in body and "Registri pekerja" not in body
    client.cookies["django_language"] = "id"
    assert "Registri pekerja" in client.get(reverse("admin:index")).content.decode()


def test_the_admin_user_list_has_its_column_titles_in_english(client):
    client.force_login(_admin())
    client.cookies["django_language"] = "en"
    body = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Get full name" not in body
    assert "Full name" in body
