import pytest
from intake_samples import MIXED_ROWS, write_csv

from jaring.registry.services import add_agency


@pytest.fixture
def agency(db):
    return add_agency(
        kode="DKP-6471",
        nama="Dinas Pangan, Pertanian dan Perikanan Balikpapan",
        wilayah_kode="64.71",
    )


@pytest.fixture
def other_agency(db):
    return add_agency(
        kode="DINSOS-6471", nama="Dinas Sosial Balikpapan", wilayah_kode="64.71", jenis="dinsos"
    )


@pytest.fixture
def mixed_csv(tmp_path):
    return write_csv(tmp_path / "daftar_nelayan.csv", MIXED_ROWS)
