"""Pages make no request to any host other than the app's own: no CDN, no web font, no
analytics. Government networks in the regions are often closed, and every third-party
request tells someone else who is looking at whom. Every stylesheet and script a page
references is served by the app itself."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOST = "testserver"  # the test client's host; ALLOWED_HOSTS is extended for it
URL_ATTRIBUTES = {"src", "href", "action", "hx-get", "hx-post", "data", "poster", "srcset"}


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.assets: list[str] = []  # stylesheets and scripts

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES and value:
                self.urls.append((tag, name, value))
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.assets.append(attrs["href"])

    # Inline CSS may load fonts or images too.
    def handle_data(self, data):
        for value in re.findall(r"url\(\s*['\"]?([^'\")\s]+)", data):
            self.urls.append(("style", "url()", value))


def references(html: str) -> References:
    parser = References()
    parser.feed(html)
    return parser


def is_own(url: str, page_url: str) -> bool:
    """True when following ``url`` from ``page_url`` stays on the app's own host (or
    needs no host at all: data:, mailto:, tel:)."""
    absolute = urlsplit(urljoin(f"http://{HOST}{page_url}", url))
    if absolute.scheme in ("http", "https"):
        return absolute.netloc == HOST
    return absolute.scheme in ("data", "mailto", "tel")


def pages(world):
    return [
        reverse("home"),
        reverse("intake:list"),
        reverse("intake:upload"),
        reverse("intake:detail", args=[world.submissions["bpn"].nomor]),
        reverse("registry:list"),
        reverse("registry:list") + "?q=budi&wilayah=64.71&urut=-nama",
        reverse("registry:detail", args=[world.persons["bpn"].pk]),
        reverse("access_log"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_accesslog_changelist"),
        reverse("admin:intake_submission_changelist"),
    ]


def test_external_url_detector_is_not_blind():
    html = (
        '<link rel="stylesheet" href="https://cdn.example.com/a.css">'
        '<script src="//unpkg.com/htmx.org"></script><a href="/pekerja/">x</a>'
        '<style>body{background:url("https://fonts.example/x.png")}</style>'
    )
    found = [value for _, _, value in references(html).urls if not is_own(value, "/")]

    assert found == [
        "https://cdn.example.com/a.css",
        "//unpkg.com/htmx.org",
        "https://fonts.example/x.png",
    ]
    assert is_own("/static/jaring/app.css", "/")
    assert is_own("?page=2", "/pekerja/")
    assert is_own(f"http://{HOST}/pekerja/", "/")


def test_every_page_references_only_the_app_itself(world):
    client = world.client("admin")
    anonymous = Client()
    rendered = [(url, client.get(url)) for url in pages(world)]
    rendered.append((reverse("login"), anonymous.get(reverse("login"))))

    foreign = []
    for url, response in rendered:
        assert response.status_code == 200, url
        for tag, attribute, value in references(response.content.decode()).urls:
            if not is_own(value, url):
                foreign.append((url, tag, attribute, value))

    assert foreign == []


def test_every_stylesheet_and_script_is_served_by_the_app(world):
    client = world.client("admin")
    assets = set()
    for url in [*pages(world), reverse("login")]:
        assets.update(references(client.get(url).content.decode()).assets)

    assert any(asset.endswith("jaring/app.css") for asset in assets)
    assert any(asset.endswith("jaring/upload.js") for asset in assets)
    assert any("htmx" in asset for asset in assets)
    for asset in sorted(assets):
        path = urlsplit(urljoin("http://testserver/", asset)).path
        response = client.get(path)  # admin's jsi18n script needs the session
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, asset


def test_login_page_assets_are_served_before_sign_in(db):
    anonymous = Client()
    assets = references(anonymous.get(reverse("login")).content.decode()).assets

    assert len(assets) >= 2  # the app's stylesheet and htmx
    for asset in assets:
        assert anonymous.get(asset).status_code == 200, asset
