"""The `jaring` console script as users and later checks call it, in a subprocess on a
fresh SQLite database: init, agency add, intake --json, exit codes."""

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import EXPECTED_REJECTIONS, MIXED_ROWS, write_csv

JARING = Path(sys.executable).parent / "jaring"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("var")
    reference = Path(__file__).resolve().parents[2] / "var" / "reference"
    (directory / "reference").symlink_to(reference, target_is_directory=True)
    return directory


def jaring(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["JARING_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [str(JARING), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def ready(var_dir):
    first = jaring(var_dir, "init")
    assert first.returncode == 0, first.stderr
    assert "Data referensi dimuat" in first.stdout
    second = jaring(var_dir, "init")  # idempotent, and reads no region again
    assert second.returncode == 0, second.stderr
    assert "sudah terbaru" in second.stdout, second.stdout
    added = jaring(
        var_dir,
        "agency",
        "add",
        "--code",
        "DKP-6471",
        "--name",
        "DKP3 Balikpapan",
        "--region",
        "64.71",
    )
    assert added.returncode == 0, added.stderr
    return var_dir


def test_intake_json_then_reimport(ready, tmp_path):
    path = write_csv(tmp_path / "daftar.csv", MIXED_ROWS)

    first = jaring(ready, "intake", str(path), "--agency", "DKP-6471", "--json")
    assert first.returncode == 0, first.stderr
    payload = json.loads(first.stdout)
    assert (payload["rows"], payload["accepted"], payload["rejected"], payload["duplicates"]) == (
        16,
        3,
        12,
        1,
    )
    assert {e["row"]: e["field"] for e in payload["errors"]} == EXPECTED_REJECTIONS

    second = json.loads(jaring(ready, "intake", str(path), "--agency", "DKP-6471", "--json").stdout)
    assert (second["accepted"], second["duplicates"], second["rejected"]) == (0, 4, 12)


def test_unknown_agency_exits_2(ready, tmp_path):
    path = write_csv(tmp_path / "daftar.csv", MIXED_ROWS[:1])
    result = jaring(ready, "intake", str(path), "--agency", "ENTAH", "--json")
    assert result.returncode == 2
    assert "tidak dikenal" in result.stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [("daftar.pdf", b"%PDF-1.4\x00\x00"), ("daftar.csv", b"barang,harga\nberas,10000\n")],
)
def test_unusable_file_exits_2(ready, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = jaring(ready, "intake", str(path), "--agency", "DKP-6471", "--json")
    assert result.returncode == 2
    assert "Berkas tidak dapat diproses" in result.stderr


def test_a_far_cell_or_a_bomb_is_refused_by_the_real_process(ready, tmp_path):
    """The 5 KB workbook with one cell at XFD1048576 made calamine ask for 550 GB and
    the process abort; a zip bomb drove it past 3 GB. Run as a user would, with the
    default limits, each is refused with a reason: exit 2, no traceback, well under
    1 GB (the child's peak resident memory, from the kernel)."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "hostile"))
    from corpus import bomb, far_cell

    header = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Wilayah", "Pekerjaan"]
    row = ["6471010505850001", "Budi", "1985-05-05", "L", "64.71.01.1001", "nelayan"]
    far = tmp_path / "daftar.xlsx"
    far.write_bytes(far_cell(header, row, "XFD1048576"))
    assert far.stat().st_size < 5_000
    payments = tmp_path / "bayar.xlsx"
    payments.write_bytes(far_cell(["Nomor Tagihan", "Tanggal Bayar", "Jumlah", "Referensi"],
                                  ["TG-1", "2024-10-05", "1", "R"], "XFD1048576"))  # fmt: skip
    bombed = tmp_path / "bom.xlsx"
    bombed.write_bytes(bomb(header, row))

    for args, fragment in [
        (["intake", str(far), "--agency", "DKP-6471", "--json"], "XFD1048576"),
        (["payments", "import", str(payments), "--json"], "XFD1048576"),
        (["intake", str(bombed), "--agency", "DKP-6471"], "Isi berkas Excel"),
    ]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["JARING_VAR_DIR"] = str(ready)
        # A limit the bomb (25 MB of XML) exceeds, as 1.5 GB exceeds the default.
        env["JARING_SHEET_LIMITS"] = '{"xml_bytes": 20000000}'
        child = subprocess.run(
            [str(JARING), *args], env=env, capture_output=True, timeout=300, check=False
        )
        err = child.stderr.decode()
        assert child.returncode == 2, (args, err)
        assert fragment in err, err
        assert b"Traceback" not in child.stderr + child.stdout
    # The largest child this test process has waited for, in kilobytes.
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1_000_000
