"""A server child process: bounded readiness polling, a log file, and shutdown even if the tests die."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
from pathlib import Path
import signal
import subprocess
import sys
import time
import weakref

from .loopback import http_ok, port_is_free

INSTALL_HINT = "run `make tools` (or set KG_ALLOW_MISSING_TOOLS=1 to skip these tests)"

# Every live server, so that an interpreter exit (even after a failed test) stops them.
_LIVE: "weakref.WeakSet[ServerProcess]" = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for server in list(_LIVE):
        server.stop()


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM us if the test process dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class ServerError(RuntimeError):
    """A server did not start, or died; the message carries the tail of its log."""


class _EarlyExit(ServerError):
    """The server process ended before it answered."""


class ServerProcess:
    """A child process with bounded readiness polling, a log file and guaranteed shutdown."""

    name = "server"
    start_timeout = 30.0
    stop_timeout = 20.0

    def __init__(self, workdir: Path, log_path: Path | None = None) -> None:
        self.workdir = Path(workdir).resolve()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = Path(log_path) if log_path else self.workdir / f"{self.name}.log"
        self._proc: subprocess.Popen | None = None
        self.start_seconds: float | None = None

    # -- hooks for subclasses -------------------------------------------------
    def _command(self) -> list[str]:
        raise NotImplementedError

    def _ports(self) -> list[int]:
        raise NotImplementedError

    def _new_ports(self) -> None:
        raise NotImplementedError

    def _ready_url(self) -> str:
        raise NotImplementedError

    def _prepare(self) -> None:
        """Write configuration before a (re)start."""

    # -- lifecycle -------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> "ServerProcess":
        """Start (or restart) on the same data folder; block until it answers, at most start_timeout."""
        if self.running:
            return self
        # Keep the old ports across restarts so clients can reuse their URLs; only if
        # another process took one meanwhile do we move (and the URLs change).
        if not all(port_is_free(p) for p in self._ports()):
            self._new_ports()
        for attempt in range(3):
            try:
                self._launch()
                return self
            except _EarlyExit:
                # Most often a port grabbed between our probe and the server's bind: move.
                if attempt == 2:
                    raise
                self._new_ports()
        return self

    def _launch(self) -> None:
        self._prepare()
        began = time.monotonic()
        with open(self.log_path, "ab") as log:
            log.write(f"\n=== start {time.strftime('%H:%M:%S')} ===\n".encode())
            log.flush()
            self._proc = subprocess.Popen(
                self._command(),
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        _LIVE.add(self)
        deadline = began + self.start_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                code = self._proc.returncode
                self._proc = None
                raise _EarlyExit(f"{self.name} exited with code {code} while starting:\n{self.log_tail()}")
            if http_ok(self._ready_url()):
                self.start_seconds = time.monotonic() - began
                return
            time.sleep(0.05)
        self.stop()
        raise ServerError(
            f"{self.name} did not answer {self._ready_url()} within {self.start_timeout:.0f} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """SIGTERM, wait at most stop_timeout seconds, then SIGKILL. Safe to call twice."""
        proc, self._proc = self._proc, None
        _LIVE.discard(self)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def kill(self) -> None:
        """SIGKILL without a clean shutdown (to simulate a crash)."""
        proc, self._proc = self._proc, None
        _LIVE.discard(self)
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __del__(self) -> None:  # last resort; stop() is the contract
        try:
            self.stop()
        except Exception:
            pass
