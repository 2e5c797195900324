"""The bulk generator makes lists whose every outcome is known, so intake can be
checked against it at any size."""

import polars as pl
import pytest

from jaring.intake.services import intake_file
from jaring.registry.services import add_agency
from jaring.synthetic.bulk import INTAKE_COLUMNS, generate

pytestmark = pytest.mark.django_db


def test_same_seed_same_list():
    assert generate(500, seed=3).equals(generate(500, seed=3))
    assert not generate(500, seed=3).equals(generate(500, seed=4))


def test_intake_rejects_exactly_the_spoiled_rows_on_their_field(tmp_path):
    frame = generate(3000, seed=11)
    path = tmp_path / "daftar.csv"
    frame.select(INTAKE_COLUMNS).write_csv(path)
    agency = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")

    result = intake_file(path=path, agency=agency)

    expected = {
        (index + 2, field)
        for index, field in enumerate(frame.get_column("_invalid").to_list())
        if field is not None
    }
    assert {(e["row"], e["field"]) for e in result.errors} == expected
    valid = frame.filter(pl.col("_invalid").is_null())
    assert result.accepted == valid.get_column("nik").n_unique()
    assert result.duplicates == valid.height - result.accepted
    assert result.rows == 3000
