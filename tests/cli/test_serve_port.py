"""`jaring serve` prints the address it actually answers on: the asked port, or, when
another program holds it, the next free one, said plainly; `--strict-port` stops."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

JARING = Path(sys.executable).parent / "jaring"
pytestmark = pytest.mark.slow


def _serve(tmp_path: Path, port: int, *extra: str) -> subprocess.Popen:
    reference = Path(__file__).resolve().parents[2] / "var" / "reference"
    (tmp_path / "reference").symlink_to(reference, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["JARING_VAR_DIR"] = str(tmp_path)
    command = [str(JARING), "serve", "--port", str(port), "--no-worker", *extra]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip


def _taken_port() -> socket.socket:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder


def test_a_taken_port_is_said_and_the_next_free_one_printed(tmp_path):
    with _taken_port() as holder:
        taken = holder.getsockname()[1]
        server = _serve(tmp_path, taken)
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            assert line.startswith("Jaring berjalan di http://127.0.0.1:"), line
            port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
            assert taken < port < taken + 10
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass  # the printed port answers
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            _out, err = server.communicate(timeout=30)
    assert f"Port {taken} sudah dipakai program lain." in err


def test_strict_port_stops_with_the_reason(tmp_path):
    with _taken_port() as holder:
        taken = holder.getsockname()[1]
        server = _serve(tmp_path, taken, "--strict-port")
        deadline = time.monotonic() + 120
        while server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        out, err = server.communicate(timeout=30)
    assert server.returncode != 0
    assert f"Port {taken} sudah dipakai program lain" in err
    assert "Jaring berjalan di" not in out
