"""The English UI is complete: every message translated, none fuzzy, and the compiled
catalogue (.mo) is the one built from the current .po."""

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
