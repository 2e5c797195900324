"""A small world for complaint tests: an approved programme with participants (from
the billing world), a verifier and an operator per city, a worker to complain."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
sys.path.insert(0, str(Path(__file__).parent.parent / "programs"))
from billing_world import BORN, admin, approved_program, enrol_all, user
from programs_world import VILLAGES, make_people

from jaring.accounts.models import Role

__all__ = ["BORN", "VILLAGES", "admin", "approved_program", "enrol_all", "make_people", "staff"]


def staff() -> dict:
    return {
        "verif_bpn": user("verif-bpn", Role.VERIFIER, "64.71"),
        "verif_smd": user("verif-smd", Role.VERIFIER, "64.72"),
        "op_bpn": user("op-bpn", Role.OPERATOR, "64.71"),
        "manager": user("pengelola", Role.MANAGER, "64"),
        "finance": user("uang", Role.FINANCE, "64.71"),
    }
