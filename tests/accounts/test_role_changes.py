"""Role and scope changes: one administrator proposes, a second confirms; while there is
no second administrator (bootstrap) a change is in force at once. The admin's user page
saves everything else at once and turns a role or scope change into a waiting change."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from jaring.accounts import roles
from jaring.accounts.models import PerubahanPeran, Role, User
from jaring.accounts.policy import SecondPersonRequired
from jaring.beranda.todo import items_for

pytestmark = pytest.mark.django_db


def admin(name: str) -> User:
    return User.objects.create_superuser(name, f"{name}@example.org", None, role=Role.ADMIN)


def test_the_first_administrator_changes_roles_at_once():
    first = admin("admin")
    clerk = User.objects.create_user("clerk", None, None, role=Role.VIEWER)

    change = roles.propose(by=first, user=clerk, role=Role.MANAGER, wilayah_id="64")

    clerk.refresh_from_db()
    assert change.status == "berlaku" and change.decided_by == first
    assert (clerk.role, clerk.wilayah_id) == (Role.MANAGER, "64")


def test_with_a_second_administrator_a_change_waits_for_them():
    first, second = admin("admin"), admin("admin2")
    clerk = User.objects.create_user("clerk", None, None, role=Role.VIEWER, wilayah_id="64.71")

    change = roles.propose(by=first, user=clerk, role=Role.FINANCE, wilayah_id="64")
    clerk.refresh_from_db()
    assert change.status == "menunggu" and clerk.role == Role.VIEWER
    assert change.sebelumnya == {"role": "pimpinan", "wilayah": "64.71", "agency": None}
    with pytest.raises(roles.RoleChangeError, match="masih menunggu"):
        roles.propose(by=first, user=clerk, role=Role.ADMIN)
    with pytest.raises(SecondPersonRequired, match="Anda ajukan sendiri"):
        roles.confirm(by=first, change=change)
    assert [i.key for i in items_for(first)] == []  # their own change is not their work
    assert "perubahan_peran" in {i.key for i in items_for(second)}

    roles.confirm(by=second, change=change)
    clerk.refresh_from_db()
    assert (clerk.role, clerk.wilayah_id, clerk.is_staff) == (Role.FINANCE, "64", False)
    with pytest.raises(roles.RoleChangeError, match="sudah diputuskan"):
        roles.cancel(by=second, change=change)


def test_an_administrator_does_not_confirm_a_change_of_their_own_role():
    first, second = admin("admin"), admin("admin2")
    change = roles.propose(by=first, user=second, role=Role.VIEWER, wilayah_id="64")
    with pytest.raises(SecondPersonRequired):
        roles.confirm(by=second, change=change)
    roles.cancel(by=second, change=change)  # refusing it is allowed
    second.refresh_from_db()
    assert second.role == Role.ADMIN and second.is_superuser


def test_only_administrators_propose():
    admin("admin")
    manager = User.objects.create_user("m", None, None, role=Role.MANAGER, wilayah_id="64")
    with pytest.raises(PermissionDenied):
        roles.propose(by=manager, user=manager, role=Role.ADMIN)
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER and not PerubahanPeran.objects.exists()


def test_the_admin_user_page_turns_a_role_change_into_a_waiting_change():
    first, second = admin("admin"), admin("admin2")
    clerk = User.objects.create_user("clerk", None, None, role=Role.VIEWER, wilayah_id="64.71")
    client = Client()
    client.force_login(first)
    url = reverse("admin:accounts_user_change", args=[clerk.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({
        "username": "clerk", "first_name": "Nama Baru", "role": Role.MANAGER,
        "wilayah": "64", "is_active": "on", "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00", "last_login_0": "", "last_login_1": "",
    })  # fmt: skip
    data.pop("password", None)

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    clerk.refresh_from_db()
    assert clerk.first_name == "Nama Baru"  # saved at once
    assert (clerk.role, clerk.wilayah_id) == (Role.VIEWER, "64.71")  # waits
    change = PerubahanPeran.objects.get(user=clerk)
    assert (change.status, change.role, change.wilayah_id) == ("menunggu", Role.MANAGER, "64")
    assert "berlaku setelah dikonfirmasi administrator lain" in response.content.decode()

    listing = Client()
    listing.force_login(second)
    page = listing.get(reverse("admin:accounts_perubahanperan_changelist")).content.decode()
    assert "clerk" in page and "Menunggu konfirmasi" in page


def test_a_new_account_waits_inactive_for_its_role():
    first, second = admin("admin"), admin("admin2")
    client = Client()
    client.force_login(first)

    client.post(reverse("admin:accounts_user_add"), {
        "username": "baru", "password1": "Kata-sandi-panjang-9", "password2":
        "Kata-sandi-panjang-9", "usable_password": "true", "role": Role.FINANCE,
        "wilayah": "64",
    })  # fmt: skip

    new = User.objects.get(username="baru")
    assert (new.is_active, new.role, new.wilayah_id) == (False, Role.VIEWER, None)
    change = PerubahanPeran.objects.get(user=new)
    roles.confirm(by=second, change=change)
    new.refresh_from_db()
    assert (new.is_active, new.role, new.wilayah_id) == (True, Role.FINANCE, "64")
