"""Refusals and errors answer in the app's own layout, in the user's language, with the
menu and a way back; a refusal is a one-line warning in the log, not a traceback."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from jaring.accounts.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    user = User.objects.create_user("op", "op@example.org", None, role=Role.OPERATOR)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _layout(body: str) -> None:
    assert 'class="topbar"' in body and 'nav class="mainnav"' in body
    assert 'href="/"' in body  # the way home


def test_a_refusal_is_a_403_in_the_layout_without_a_logged_traceback(operator, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = operator.get(reverse("access_log"), HTTP_REFERER="http://testserver/pekerja/")
    body = response.content.decode()
    assert response.status_code == 403
    _layout(body)
    assert "Anda tidak berwenang membuka halaman ini" in body
    assert 'href="http://testserver/pekerja/"' in body  # back where the user came from
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert refusals, "the refusal is still logged"
    assert all(r.levelno == logging.WARNING for r in refusals)
    assert all(r.exc_info is None for r in refusals), "no traceback for a 403"


def test_a_refusal_in_english_for_an_english_user(operator):
    operator.cookies["django_language"] = "en"
    response = operator.get(reverse("access_log"))
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()
    assert response.headers["Content-Language"] == "en"


def test_a_missing_page_is_a_404_in_the_layout(operator):
    response = operator.get("/tidak-ada/", HTTP_REFERER="https://elsewhere.example/")
    body = response.content.decode()
    assert response.status_code == 404
    _layout(body)
    assert "Halaman tidak ditemukan" in body
    assert "elsewhere.example" not in body  # no way "back" to another site


def test_a_missing_page_for_someone_not_logged_in_still_has_the_layout():
    response = Client().get("/tidak-ada/")
    assert response.status_code == 404
    assert 'class="topbar"' in response.content.decode()


def test_the_api_answers_its_own_404_in_json(operator):
    response = operator.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ditemukan."}


@override_settings(ROOT_URLCONF="failing_urls")
def test_a_fault_is_a_500_in_the_layout_with_the_menu(operator, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = operator.get("/rusak/")
    body = response.content.decode()
    assert response.status_code == 500
    _layout(body)
    assert "Maaf, terjadi kesalahan di Jaring" in body
    faults = [r for r in caplog.records if r.name == "django.request"]
    assert faults and faults[0].exc_info is not None, "a server error keeps its traceback"


@override_settings(ROOT_URLCONF="failing_urls")
def test_a_fault_in_english(operator):
    operator.cookies["django_language"] = "en"
    response = operator.get("/rusak/")
    assert response.status_code == 500
    assert "Sorry, something went wrong in Jaring" in response.content.decode()


def test_the_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[0][0].endswith("favicon.svg")
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
