"""A NUL character (``%00``) in a path or a parameter is refused with 400 and a reason
on every page and API route, never a server error. The routes are read from the URL
resolver and the parameter names from the code (``request.GET/POST.get`` calls, the
fields of every form, the API's OpenAPI schema), so a page added later is crawled too."""

import contextlib
import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver

import jaring
from jaring.api.main import api

pytestmark = pytest.mark.django_db

NUL = "\x00"
SOURCE = Path(jaring.__file__).parent


def routes() -> list[str]:
    """Every URL pattern with its parameters filled: numbers with 1, text with a NUL."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    filled = []
    for route in walk(get_resolver().url_patterns):
        route = re.sub(r"<int:\w+>", "1", route)
        route = re.sub(r"<(?:\w+:)?\w+>", "%00", route)
        route = re.sub(r"\(\?P<app_label>[^)]*\)", "auth", route)
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "x%00", route)
        filled.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(filled))


def parameter_names() -> set[str]:
    names = set()
    for path in SOURCE.rglob("*.py"):
        names |= set(re.findall(r"(?:GET|POST)\.get\(\s*\"(\w+)\"", path.read_text()))
    for app in apps.get_app_configs():
        if app.name.startswith("jaring."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{app.name}.forms")
    pending = list(forms.BaseForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("jaring."):
            names |= set(getattr(form, "base_fields", {}))
    for operations in api.get_openapi_schema()["paths"].values():
        for operation in operations.values():
            names |= {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    return names


def test_the_crawl_covers_pages_api_and_their_parameters():
    found = routes()
    assert {"/pekerja/", "/api/v1/wilayah/%00", "/iuran/pembayaran/impor/%00/"} <= set(found)
    assert {"q", "pekerjaan", "wilayah", "halaman", "page", "nama"} <= parameter_names()


def test_nul_anywhere_is_a_400_with_a_reason_never_a_500(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    query = {name: NUL for name in parameter_names()}
    answers = {}
    for route in routes():
        answers[("GET", route, "parameters")] = client.get(route, query).status_code
        answers[("POST", route, "parameters")] = client.post(route, query).status_code
        if "%00" in route:
            answers[("GET", route, "path")] = client.get(route).status_code

    assert [key for key, status in answers.items() if status >= 500] == []
    assert {key: status for key, status in answers.items() if status != 400} == {}


def test_page_refusal_is_in_the_layout_and_api_refusal_is_json(world):
    client = world.client("verifikator")

    page = client.get("/pekerja/", {"pekerjaan": NUL})
    api_answer = client.get("/api/v1/wilayah/%00")

    assert page.status_code == 400
    html = page.content.decode()
    assert "karakter NUL" in html
    assert 'class="who"' in html  # the app's layout, with the signed-in user
    assert api_answer.status_code == 400
    assert "karakter NUL" in api_answer.json()["detail"]
