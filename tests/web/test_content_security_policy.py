"""The Content-Security-Policy allows no inline script or style, so the templates must
carry none: a script is a file under static/, a style a class in a stylesheet. A page
that broke this would lose its script or style in the browser silently (the browser
tests also fail on any violation the console reports); this scan names the template."""

import re
from pathlib import Path

import jaring

TEMPLATES = sorted(Path(jaring.__file__).parent.glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I
)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
JS_URL = re.compile(r"=\s*[\"']\s*javascript:", re.I)
RULES = {
    "inline <script>": INLINE_SCRIPT,
    "<style> element": STYLE_ELEMENT,
    "style attribute": STYLE_ATTRIBUTE,
    "event-handler attribute": EVENT_ATTRIBUTE,
    "javascript: URL": JS_URL,
}


def inline_code(source: str) -> list[str]:
    return [name for name, rule in RULES.items() if rule.search(source)]


def test_the_scan_sees_each_kind_of_inline_code():
    assert inline_code("<script>alert(1)</script>") == ["inline <script>"]
    assert inline_code('<div style="width: 5%">') == ["style attribute"]
    assert inline_code('<select onchange="this.form.submit()">') == ["event-handler attribute"]
    assert inline_code("<style>p{}</style>") == ["<style> element"]
    assert inline_code('<a href="javascript:void(0)">') == ["javascript: URL"]
    assert inline_code('<script src="/static/x.js"></script>') == []
    assert inline_code('<script type="application/json" id="d">{}</script>') == []


def test_no_template_carries_inline_script_or_style():
    assert len(TEMPLATES) > 40
    found = {
        str(path.relative_to(Path(jaring.__file__).parent)): kinds
        for path in TEMPLATES
        if (kinds := inline_code(path.read_text(encoding="utf-8")))
    }
    assert not found, found
