"""Messages built in Python reach the user in their language: a sentence in Indonesian
that a service raises, flashes, logs as history or reports as a job's progress goes
through gettext. Read from the source with ``ast``; the scan is shown to catch an
untranslated message before it is trusted to find none."""

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "jaring"
# Where a message is built for a person at a screen. Command-line output, demo data and
# import row reasons (their own pass) are outside this check.
APPS = ("programs", "enrollment", "contributions", "claims", "matching", "registry", "jobs")
SKIPPED_PARTS = {"migrations", "management", "templatetags"}
# Files left out of this check (none: the importers' row reasons are declared through
# jaring.reasons and translated on display).
IMPORTERS: set[str] = set()

INDONESIAN = re.compile(
    r"\b(tidak|sudah|belum|dengan|untuk|yang|dari|tanpa|harus|bisa|dapat|masih|baris|"
    r"pekerja|peserta|program|tagihan|iuran|berkas|bulan|klaim|tidak ada|dijalankan|"
    r"dibuat|diubah|ditolak|diterima|diimpor|dicatat|selesai|gagal|membaca|menyimpan|"
    r"menulis|mencatat|menghitung|mengganti|memeriksa|menyesuaikan|mengalokasikan)\b",
    re.IGNORECASE,
)
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "format_lazy"}
# Calls whose text a user reads: flashed messages, job progress, programme history.
SHOWN = {"success", "error", "warning", "info", "progress", "report", "_log", "add_message"}


def _literal_text(node: ast.AST) -> str:
    """The literal words of a string expression, ignoring what it interpolates; empty
    when the expression is already a gettext call or not text at all."""
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in GETTEXT:
            return ""
        if name == "format" and isinstance(node.func, ast.Attribute):
            return _literal_text(node.func.value)
        return ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_literal_text(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + " " + _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + " " + _literal_text(node.orelse)
    return ""


def _untranslated(node: ast.AST) -> bool:
    return bool(INDONESIAN.search(_literal_text(node)))


def untranslated_messages(source: str, where: str = "") -> list[str]:
    """``where:line`` of every Indonesian sentence raised or shown without gettext."""
    found = []
    for node in ast.walk(ast.parse(source)):
        candidates: list[ast.AST] = []
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            candidates = list(node.exc.args)
        elif isinstance(node, ast.Call):
            name = (
                node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            )
            logged = isinstance(node.func, ast.Attribute) and getattr(
                node.func.value, "id", ""
            ) in {"logger", "logging"}  # the server's log, read by its operators
            if name in SHOWN and not logged:
                candidates = list(node.args) + [
                    k.value for k in node.keywords if k.arg in {"message", "keterangan"}
                ]
        if any(_untranslated(c) for c in candidates):
            found.append(f"{where}:{node.lineno}")
    return found


def test_the_scan_catches_an_untranslated_message():
    injected = """
def approve(program):
    if program.status != "draf":
        raise WorkflowError(f"Program {program.kode} sudah disetujui.")
    messages.success(request, "Daftar disetujui untuk " + program.nama)
    progress(50, f"{done}/{count} bulan")
    _log(program, "disetujui", user, keterangan=f"{n} pekerja dicoret")
"""
    assert untranslated_messages(injected) == [":4", ":5", ":6", ":7"]


def test_the_scan_lets_a_translated_message_pass():
    translated = """
def approve(program):
    raise WorkflowError(_("Program %(kode)s sudah disetujui.") % {"kode": program.kode})
    messages.success(request, format_lazy(_("Daftar disetujui untuk {}"), program.nama))
    progress(50, ngettext("%(n)d bulan", "%(n)d bulan", n) % {"n": n})
    raise ValueError(f"unknown layout {name!r}")
"""
    assert untranslated_messages(translated) == []


def test_every_message_a_service_builds_goes_through_gettext():
    found = []
    for app in APPS:
        for path in sorted((SOURCE / app).rglob("*.py")):
            if SKIPPED_PARTS & set(path.parts) or str(path.relative_to(SOURCE)) in IMPORTERS:
                continue
            found += untranslated_messages(
                path.read_text(encoding="utf-8"), str(path.relative_to(SOURCE))
            )
    assert found == []
