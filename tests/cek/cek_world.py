"""A decreed programme with enrolled, billed participants for the status check and
card tests (``contributions/billing_world.py`` builds it through the real services)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
from billing_world import BORN, START, admin, approved_program, enrol_all, user

__all__ = ["BORN", "START", "admin", "approved_program", "enrol_all", "user"]
