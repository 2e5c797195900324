"""Every view of a person's detail and every export of personal data leaves one row in
the access log: who, what, which record, from which address. Refused requests leave
none."""

import pytest
from django.urls import reverse
from web_world import BPN_NIK, SMD_NIK

from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessAction, AccessLog

pytestmark = pytest.mark.django_db

IP = "10.64.71.5"


def log_rows():
    return list(AccessLog.objects.values("user__username", "action", "target", "ip_address"))


@pytest.mark.parametrize("role", ["operator", "verifikator", "keuangan", "pimpinan", "admin"])
def test_viewing_a_person_writes_exactly_one_log_row(world, role):
    person = world.persons["bpn"]

    response = world.client(role).get(reverse("registry:detail", args=[person.pk]), REMOTE_ADDR=IP)

    assert response.status_code == 200
    assert log_rows() == [
        {
            "user__username": role,
            "action": AccessAction.VIEW_PERSON,
            "target": f"pekerja:{person.pk}",
            "ip_address": IP,
        }
    ]


def test_each_view_of_a_person_is_logged_again(world):
    client = world.client("verifikator")
    url = reverse("registry:detail", args=[world.persons["bpn"].pk])

    client.get(url)
    client.get(url)

    assert AccessLog.objects.filter(action=AccessAction.VIEW_PERSON).count() == 2


def test_downloading_rejected_rows_is_logged_as_an_export(world):
    submission = world.submissions["bpn"]

    response = world.client("operator").get(
        reverse("intake:rejected", args=[submission.nomor]), REMOTE_ADDR=IP
    )

    assert response.status_code == 200
    assert log_rows() == [
        {
            "user__username": "operator",
            "action": AccessAction.EXPORT_REJECTED,
            "target": f"pengajuan:{submission.nomor}",
            "ip_address": IP,
        }
    ]
    assert AccessLog.objects.get().detail == f"{submission.rejected} baris"


def test_person_out_of_scope_is_404_and_leaves_no_log(world):
    response = world.client("operator").get(
        reverse("registry:detail", args=[world.persons["smd"].pk])
    )

    assert response.status_code == 404
    assert log_rows() == []


def test_rejected_rows_out_of_scope_are_404_and_leave_no_log(world):
    response = world.client("operator").get(
        reverse("intake:rejected", args=[world.submissions["smd"].nomor])
    )

    assert response.status_code == 404
    assert log_rows() == []


@pytest.mark.parametrize("role", ["keuangan", "pimpinan"])
def test_refused_export_for_masked_role_leaves_no_log(world, role):
    response = world.client(role).get(
        reverse("intake:rejected", args=[world.submissions["bpn"].nomor])
    )

    assert response.status_code == 403
    assert log_rows() == []


def test_nonexistent_person_id_leaves_no_log(world):
    response = world.client("admin").get(reverse("registry:detail", args=[999_999]))

    assert response.status_code == 404
    assert log_rows() == []


@pytest.mark.parametrize("query", [BPN_NIK, "6471 0105 0585 0001", "6471-0105-0585-0001"])
def test_nik_search_is_logged_as_a_keyed_hash(world, query):
    response = world.client("verifikator").get(
        reverse("registry:list"), {"q": query}, REMOTE_ADDR=IP
    )

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    entry = AccessLog.objects.get()
    assert entry.action == AccessAction.SEARCH_NIK
    assert entry.user == world.users["verifikator"]
    assert entry.ip_address == IP
    assert entry.detail == nik_log_detail(BPN_NIK)
    assert "6471" not in entry.detail and BPN_NIK not in entry.target


def test_nik_search_out_of_scope_is_still_logged_and_finds_nothing(world):
    # The attempt to look someone up is what the log is for, found or not.
    response = world.client("operator").get(reverse("registry:list"), {"q": SMD_NIK})

    assert response.context["page"].paginator.count == 0
    entry = AccessLog.objects.get()
    assert entry.action == AccessAction.SEARCH_NIK
    assert entry.detail == nik_log_detail(SMD_NIK)


def test_name_search_and_plain_list_are_not_nik_searches(world):
    client = world.client("verifikator")

    client.get(reverse("registry:list"))
    client.get(reverse("registry:list"), {"q": "Budi"})

    assert AccessLog.objects.filter(action=AccessAction.SEARCH_NIK).count() == 0


def test_access_log_page_shows_the_entries_to_the_administrator(world):
    world.client("operator").get(
        reverse("registry:detail", args=[world.persons["bpn"].pk]), REMOTE_ADDR=IP
    )

    html = world.client("admin").get(reverse("access_log")).content.decode()

    assert f"pekerja:{world.persons['bpn'].pk}" in html
    assert IP in html
    assert "operator" in html


def test_log_rows_are_read_only_in_the_admin(world):
    world.client("operator").get(reverse("registry:detail", args=[world.persons["bpn"].pk]))
    entry = AccessLog.objects.get()
    admin = world.client("admin")

    change = admin.post(reverse("admin:accounts_accesslog_change", args=[entry.pk]), {})
    delete = admin.post(
        reverse("admin:accounts_accesslog_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    assert AccessLog.objects.filter(pk=entry.pk).exists()
