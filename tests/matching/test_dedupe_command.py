"""`jaring dedupe FILE.csv --out CLUSTERS.csv [--json]`: the contract later checks rely
on. One answer per input record, the JSON summary's exact shape, exit 2 with a message
for a file that cannot give one answer per record. No database is touched."""

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from jaring.synthetic.linkage import generate

JARING = Path(sys.executable).parent / "jaring"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(JARING), "dedupe", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def listings(tmp_path_factory) -> tuple[Path, pl.DataFrame]:
    frame = generate(400, seed=101)
    path = tmp_path_factory.mktemp("dedupe") / "daftar.csv"
    frame.drop("_person").write_csv(path)
    return path, frame


def test_every_record_gets_exactly_one_cluster(listings, tmp_path):
    path, frame = listings
    out = tmp_path / "clusters.csv"
    result = run(str(path), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    clusters = pl.read_csv(out, infer_schema=False)
    assert clusters.columns == ["record_id", "cluster_id"]
    assert sorted(clusters["record_id"]) == sorted(frame["record_id"])
    assert clusters["record_id"].is_unique().all()
    summary = json.loads(result.stdout)
    assert set(summary) == {"records", "clusters", "seconds"}
    assert summary["records"] == frame.height
    assert summary["clusters"] == clusters["cluster_id"].n_unique()
    assert isinstance(summary["seconds"], float | int)


def test_blank_columns_and_other_date_formats_are_accepted(tmp_path):
    path = tmp_path / "kecil.csv"
    path.write_text(
        "record_id,nik,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,no_hp,pekerjaan\n"
        "a,6471054101850001,Siti Aminah,1985-01-01,P,64.71.05.1001,,,\n"
        "b,6471054101850001,SITI AMINAH,01-01-1985,,,,,\n"
        "c,,,,,,,,\n"
        "d,6472010202900002,Budi Santoso,02/02/1990,L,,,081234567890,ojek\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert run(str(path), "--out", str(out)).returncode == 0
    clusters = dict(pl.read_csv(out, infer_schema=False).iter_rows())
    assert clusters["a"] == clusters["b"]
    assert len({clusters["a"], clusters["c"], clusters["d"]}) == 3


def test_only_record_id_is_required(tmp_path):
    path = tmp_path / "id.csv"
    path.write_text("record_id\n1\n2\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(str(path), "--out", str(out)).returncode == 0
    assert pl.read_csv(out, infer_schema=False).height == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nik,nama\n6471054101850001,Siti\n", "record_id"),
        ("record_id,nama\n1,Siti\n1,Budi\n", "unik"),
        ("record_id,nama\n1,Siti\n,Budi\n", "kosong"),
        ('record_id,nama\n1,"Siti\n2,Budi,extra,"x\n', "tidak dapat"),
    ],
)
def test_unusable_file_exits_2_with_a_message(tmp_path, content, message):
    path = tmp_path / "rusak.csv"
    path.write_text(content, encoding="utf-8")
    result = run(str(path), "--out", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert message in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "tidak-ada.csv"), "--out", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert "tidak ditemukan" in result.stderr
