"""The English UI is complete: every message translated, none fuzzy, and the compiled
catalogue (.mo) is the one built from the current .po."""

import ast
import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "src/jaring/locale/en/LC_MESSAGES/django.po"


def _entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):  # obsolete: no longer in the source
            continue
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[-1].split("msgstr", 1)[0]))
        if "msgid_plural" in block or not msgid:
            continue
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr ", 1)[-1]))
        yield block, msgid, msgstr


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = [msgid for block, msgid, msgstr in _entries() if not msgstr or "#, fuzzy" in block]
    assert problems == []


def test_compiled_catalogue_matches_the_po_file():
    with translation.override("en"):
        stale = [
            msgid
            for _, msgid, msgstr in _entries()
            if "%" not in msgid and "\\" not in msgid and translation.gettext(msgid) != msgstr
        ]
    assert stale == []


SOURCE = PO.parents[3]
TEMPLATE_MESSAGE = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")


def _source_messages():
    """The literal messages of ``_("…")`` calls and ``{% translate "…" %}`` tags, with
    where they stand: what ``makemessages`` extracts, short of plural blocks."""
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield node.args[0].value, f"{path.relative_to(SOURCE)}:{node.lineno}"
    for path in sorted(SOURCE.rglob("*.html")):
        for match in TEMPLATE_MESSAGE.finditer(path.read_text(encoding="utf-8")):
            # A template's percent sign is doubled in the catalogue (Django formats it).
            message = (match.group(1) or match.group(2)).replace("%", "%%")
            yield message, str(path.relative_to(SOURCE))


def test_every_message_in_the_source_is_in_the_catalogue():
    """A message added to the code without ``makemessages`` would show in Indonesian
    on the English UI; run ``make messages`` (README) when this fails."""
    known = {msgid for _, msgid, _ in _entries()}
    missing = sorted(
        f"{where}: {message!r}"
        for message, where in _source_messages()
        if message.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") not in known
    )
    assert missing == []
