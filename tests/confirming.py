"""Posting a guarded step as a person does (``jaring.confirm``): the step's form, then
the confirmation page's own form, with every field that page carries."""

import html
import re

FORM = re.compile(r'<form[^>]*id="confirm-form".*?</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def confirmation_fields(page: str) -> dict[str, list[str]]:
    form = FORM.search(page)
    assert form, "the step answered without its confirmation page"
    fields: dict[str, list[str]] = {}
    for name, value in HIDDEN.findall(form.group(0)):
        fields.setdefault(name, []).append(html.unescape(value))
    return fields


def confirmed(client, url: str, data: dict | None = None, **kwargs):
    """Post ``data``, check the confirmation page came back, and confirm it."""
    first = client.post(url, data or {})
    assert first.status_code == 200, first.status_code
    fields = confirmation_fields(first.content.decode())
    fields.pop("csrfmiddlewaretoken", None)
    return client.post(url, fields, **kwargs)


def fact(page: str, key: str) -> str:
    """The value of one fact on a confirmation page (``data-fact``)."""
    match = re.search(rf'data-fact="{key}">([^<]*)<', page)
    assert match, f"no fact {key!r} on the page"
    return html.unescape(match.group(1))
