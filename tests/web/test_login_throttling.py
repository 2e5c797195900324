"""Password guessing is throttled (django-axes): five failed logins for one username
from one address lock that pair out for 15 minutes, with the "locked" page and HTTP
429; other users and other addresses are not affected; a success resets the count."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from jaring.accounts.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-yang-panjang-1"
WRONG = "tebakan-yang-salah"
IP = "10.64.71.20"
LIMIT = 5  # settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(db):
    return [
        User.objects.create_user(name, password=PASSWORD, role=Role.VERIFIER, wilayah_id="64.71")
        for name in ("verif_bpn", "verif_lain")
    ]


def login(client: Client, username: str, password: str, ip: str = IP):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_throttling_settings_are_five_failures_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert dt.timedelta(hours=settings.AXES_COOLOFF_TIME) == dt.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_right_password_logs_in(users):
    client = Client()

    response = login(client, "verif_bpn", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in(client)


def test_wrong_password_below_the_limit_shows_the_form_again(users):
    client = Client()

    for _ in range(LIMIT - 1):
        response = login(client, "verif_bpn", WRONG)
        assert response.status_code == 200
        assert b"id_password" in response.content

    assert not signed_in(client)
    assert login(client, "verif_bpn", PASSWORD).status_code == 302


def test_five_wrong_passwords_lock_out_even_the_right_one(users):
    client = Client()
    for _ in range(LIMIT):
        login(client, "verif_bpn", WRONG)

    response = login(client, "verif_bpn", PASSWORD)

    assert response.status_code == 429
    assert "accounts/locked.html" in [t.name for t in response.templates]
    assert "dikunci selama 15 menit" in response.content.decode()
    assert not signed_in(client)
    assert (
        AccessAttempt.objects.get(username="verif_bpn", ip_address=IP).failures_since_start >= LIMIT
    )


def test_lockout_does_not_stop_another_user_from_the_same_address(users):
    for _ in range(LIMIT):
        login(Client(), "verif_bpn", WRONG)
    other = Client()

    response = login(other, "verif_lain", PASSWORD)

    assert response.status_code == 302
    assert signed_in(other)


def test_lockout_does_not_stop_the_same_user_from_another_address(users):
    for _ in range(LIMIT):
        login(Client(), "verif_bpn", WRONG)
    client = Client()

    response = login(client, "verif_bpn", PASSWORD, ip="10.64.72.9")

    assert response.status_code == 302
    assert signed_in(client)


def test_lockout_ends_after_fifteen_minutes(users):
    client = Client()
    for _ in range(LIMIT):
        login(client, "verif_bpn", WRONG)
    assert login(client, "verif_bpn", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    response = login(client, "verif_bpn", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_lockout_still_holds_after_fourteen_minutes(users):
    client = Client()
    for _ in range(LIMIT):
        login(client, "verif_bpn", WRONG)

    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=14))

    assert login(client, "verif_bpn", PASSWORD).status_code == 429


def test_successful_login_resets_the_failure_count(users):
    client = Client()
    for _ in range(LIMIT - 1):
        login(client, "verif_bpn", WRONG)
    assert login(client, "verif_bpn", PASSWORD).status_code == 302
    client.logout()

    for _ in range(LIMIT - 1):
        login(client, "verif_bpn", WRONG)
    response = login(client, "verif_bpn", PASSWORD)

    assert response.status_code == 302


def test_guessing_an_unknown_username_is_throttled_too(users):
    client = Client()
    for _ in range(LIMIT):
        login(client, "tidak_ada", WRONG)

    response = login(client, "tidak_ada", WRONG)

    assert response.status_code == 429
