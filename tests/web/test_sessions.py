"""A session ends after 30 minutes without a request and when the browser closes: an
office computer left signed in does not stay open all day. A request renews it, at most
once a minute (a page does not cost a session write each time)."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jaring.accounts.models import Role, User
from jaring.accounts.sessions import RENEW_AFTER_SECONDS, STAMP

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-panjang-1"


def expiry(client: Client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def set_expiry(client: Client, minutes: float) -> None:
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=minutes)
    )


def renewed_ago(client: Client, seconds: int) -> None:
    """As if the session's last renewal were ``seconds`` ago."""
    session = client.session
    session[STAMP] = int(timezone.now().timestamp()) - seconds
    session.save()


def test_a_session_lasts_thirty_idle_minutes_and_a_request_renews_it():
    User.objects.create_user("verif", password=PASSWORD, role=Role.VERIFIER, wilayah_id="64.71")
    client = Client()
    login = client.post(reverse("login"), {"username": "verif", "password": PASSWORD})
    assert login.status_code == 302
    assert "expires" not in str(login.cookies["sessionid"]).lower()  # ends with the browser

    left = expiry(client) - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    renewed_ago(client, RENEW_AFTER_SECONDS + 1)
    set_expiry(client, 5)
    assert client.get(reverse("home")).status_code == 200
    assert expiry(client) - timezone.now() > dt.timedelta(minutes=29)  # renewed

    # Renewed less than a minute ago: the page does not write the session again.
    set_expiry(client, 20)
    assert client.get(reverse("home")).status_code == 200
    assert expiry(client) - timezone.now() < dt.timedelta(minutes=21)

    # Thirty minutes without a request: the next one asks to sign in again.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    again = client.get(reverse("home"))
    assert again.status_code == 302 and reverse("login") in again["Location"]
