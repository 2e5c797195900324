"""``jaring check --deploy`` with the production settings the README documents passes
without a warning; with the demo's defaults it names what is missing, in Jaring's own
words beside Django's (jaring/accounts/checks.py)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

JARING = Path(sys.executable).parent / "jaring"
JARING_ENV = ("JARING_SECURE", "JARING_SECRET_KEY", "JARING_ALLOWED_HOSTS", "DATABASE_URL")


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in JARING_ENV}
    return subprocess.run(
        [str(JARING), "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_settings_pass():
    done = check_deploy(
        JARING_SECURE="1",
        JARING_SECRET_KEY=secrets.token_urlsafe(50),
        JARING_ALLOWED_HOSTS="jaring.kaltimprov.go.id",
        # Checks do not connect; the URL only says which engine production runs.
        DATABASE_URL="postgres://jaring@db.internal:5432/jaring",
    )

    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_the_demo_defaults_are_refused_with_reasons():
    done = check_deploy()

    assert done.returncode != 0
    for problem in ("jaring.E001", "jaring.E002", "jaring.W003", "security.W012"):
        assert problem in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_an_inline_script_allowance_is_refused(tmp_path):
    settings = tmp_path / "unsafe_settings.py"
    settings.write_text(
        "from jaring.settings import *  # noqa: F403\n"
        "CONTENT_SECURITY_POLICY = {'DIRECTIVES': {'default-src': [\"'self'\"],"
        " 'script-src': [\"'self'\", \"'unsafe-inline'\"]}}\n"
    )
    done = check_deploy(
        JARING_SECURE="1",
        JARING_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="postgres://jaring@db.internal:5432/jaring",
        DJANGO_SETTINGS_MODULE="unsafe_settings",
        PYTHONPATH=str(tmp_path),
    )

    assert done.returncode != 0
    assert "jaring.E005" in done.stderr, done.stderr
    assert "script-src" in done.stderr
