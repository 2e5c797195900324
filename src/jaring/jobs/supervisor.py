"""Keeping ``jaring worker`` alive beside ``jaring serve``.

On a one-machine install the web server starts the worker; if the worker dies (killed,
out of memory) uploads and billing would wait forever. The supervisor starts it again,
after a pause that doubles from one second up to a minute while it keeps dying quickly
(and starts at one second again after it ran a while), and says so once per restart.
What the dead worker was doing is recovered by its lease (``jobs.recovery``).
"""

import logging
import subprocess
import sys
import threading
import time

logger = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
MAX_PAUSE = 60.0
STABLE_SECONDS = 60.0


class Supervisor:
    def __init__(self, command: list[str] | None = None):
        self.command = command or [sys.executable, "-m", "jaring.cli", "worker"]
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> "Supervisor":
        self._spawn()
        self._thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._thread.join(timeout=timeout)

    def _spawn(self) -> None:
        with self._lock:
            if not self._stop.is_set():
                self.process = subprocess.Popen(self.command)  # noqa: S603 (our own command)

    def _watch(self) -> None:
        pause = FIRST_PAUSE
        while not self._stop.is_set():
            started = time.monotonic()
            code = self.process.wait()
            if self._stop.is_set():
                return
            if time.monotonic() - started > STABLE_SECONDS:
                pause = FIRST_PAUSE
            logger.warning(
                "Pekerja latar belakang berhenti (kode keluar %s); dijalankan lagi dalam "
                "%.0f detik.",
                code,
                pause,
            )
            if self._stop.wait(pause):
                return
            self.restarts += 1
            self._spawn()
            pause = min(pause * 2, MAX_PAUSE)
