"""CSRF protection on every state-changing request, and the security headers every
response carries."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jaring.accounts.models import Role, User
from jaring.intake.models import Submission

pytestmark = pytest.mark.django_db

POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def csv_upload():
    return SimpleUploadedFile("daftar.csv", b"nik,nama\n6471010505850001,Budi\n", "text/csv")


def test_upload_without_csrf_token_is_refused(world):
    client = world.client("operator", enforce_csrf_checks=True)
    before = Submission.objects.count()

    response = client.post(reverse("intake:upload"), {"file": csv_upload()})

    assert response.status_code == 403
    assert Submission.objects.count() == before


def test_upload_with_csrf_token_is_accepted(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = world.client("operator", enforce_csrf_checks=True)
    client.get(reverse("intake:upload"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("intake:upload"), {"file": csv_upload(), "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Submission.objects.filter(submitted_by=world.users["operator"]).count() == 2


def test_login_without_csrf_token_is_refused(db):
    User.objects.create_user("verif", password="kata-sandi-panjang-1", role=Role.VERIFIER)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("login"), {"username": "verif", "password": "kata-sandi-panjang-1"}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_logout_without_csrf_token_is_refused(world):
    client = world.client("verifikator", enforce_csrf_checks=True)

    response = client.post(reverse("logout"))

    assert response.status_code == 403
    assert client.get(reverse("home")).status_code == 200  # still signed in


def test_no_view_is_exempt_from_csrf():
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.callback

    views = list(walk(get_resolver().url_patterns))
    exempt = [route for route, view in views if getattr(view, "csrf_exempt", False)]
    # The API's views check CSRF themselves, for the session only: a bearer key is not
    # sent by a browser on its own (test_api_post_with_the_session_needs_the_csrf_token).
    pages = [route for route in exempt if not route.startswith("api/v1/")]

    assert len(views) > 10
    assert exempt and pages == []


def test_api_post_with_the_session_needs_the_csrf_token(world):
    client = world.client("operator", enforce_csrf_checks=True)
    upload = io.BytesIO(b"nik,nama\n")
    upload.name = "daftar.csv"

    response = client.post("/api/v1/pengajuan", {"berkas": upload})

    assert response.status_code == 403
    assert not Submission.objects.filter(original_name="daftar.csv").exists()


def page_urls(world):
    return [
        reverse("home"),
        reverse("intake:list"),
        reverse("intake:upload"),
        reverse("intake:detail", args=[world.submissions["bpn"].nomor]),
        reverse("registry:list"),
        reverse("registry:detail", args=[world.persons["bpn"].pk]),
        reverse("access_log"),
    ]


def test_every_post_form_carries_a_csrf_token(world):
    client = world.client("admin")
    forms = 0
    for url in page_urls(world):
        html = client.get(url).content.decode()
        for body in POST_FORM.findall(html):
            forms += 1
            assert 'name="csrfmiddlewaretoken"' in body, url
    login_html = Client().get(reverse("login")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in POST_FORM.findall(login_html)[-1]
    assert forms >= len(page_urls(world)) * 2  # language switch and logout on every page


def test_htmx_requests_send_the_csrf_token():
    from django.template.loader import get_template

    source = get_template("base.html").template.source

    assert """hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'""" in source


@pytest.mark.parametrize("signed_in", [False, True])
def test_responses_carry_security_headers(world, signed_in):
    client = world.client("verifikator") if signed_in else Client()
    url = reverse("registry:list") if signed_in else reverse("login")

    response = client.get(url)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    for directive in ("script-src", "style-src"):
        assert policy[directive] == "'self'", policy
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_session_and_csrf_cookies_are_http_only_and_same_site(db):
    User.objects.create_user("verif", password="kata-sandi-panjang-1", role=Role.VERIFIER)
    client = Client()

    page = client.get(reverse("login"))
    login = client.post(reverse("login"), {"username": "verif", "password": "kata-sandi-panjang-1"})

    assert login.status_code == 302
    for cookie in (page.cookies["csrftoken"], login.cookies["sessionid"]):
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"


def test_exports_carry_the_same_headers(world):
    response = world.client("operator").get(
        reverse("intake:rejected", args=[world.submissions["bpn"].nomor])
    )

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response
