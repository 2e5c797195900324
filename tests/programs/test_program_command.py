"""``jaring program``: the list and a selection run from the command line."""

import json

import pytest
from django.core.management import CommandError, call_command
from programs_world import make_people, make_program

from jaring.programs.models import Seleksi

pytestmark = pytest.mark.django_db


def test_seleksi_prints_a_summary_that_matches_the_stored_outcome(capsys):
    import datetime as dt

    make_people([("64.71", dt.date(1990, 1, 1), "ojek", None)] * 3)
    program = make_program(kode="BPN-2027", wilayah_id="64.71", kuota_total=2)

    call_command("program", "seleksi", "BPN-2027", "--json")
    summary = json.loads(capsys.readouterr().out)

    assert summary["kandidat"] == 3
    assert (
        summary["terpilih"] == 2 == Seleksi.objects.filter(program=program, terpilih=True).count()
    )
    assert summary["alasan"] == {"daftar_tunggu": 1, "terpilih": 2}
    call_command("program", "list")
    assert "BPN-2027" in capsys.readouterr().out


def test_unknown_programme_exits_2():
    with pytest.raises(CommandError) as raised:
        call_command("program", "seleksi", "TIDAK-ADA")
    assert raised.value.returncode == 2
