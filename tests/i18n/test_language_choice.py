"""Indonesian by default whatever the browser asks for; English once chosen."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_indonesian(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert b'lang="id"' in response.content


def test_choosing_english_in_the_menu_is_kept(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="id")
    assert response.headers["Content-Language"] == "en"
    assert b'lang="en"' in response.content


def test_an_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "fr"
    response = client.get(reverse("login"))
    assert response.headers["Content-Language"] == "id"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_menu_names_each_language_in_its_own_tongue(client, language):
    """Someone who cannot read the current language still finds their own."""
    client.cookies["django_language"] = language
    html = client.get(reverse("login")).content.decode()
    assert '<option value="id" lang="id"' in html and ">Bahasa Indonesia</option>" in html
    assert '<option value="en" lang="en"' in html and ">English</option>" in html
    assert "Indonesian</option>" not in html and "Inggris</option>" not in html
