"""Real Oxigraph and Virtuoso servers on free loopback ports, for tests that need a live store."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref

INSTALL_HINT = "run `make tools` (or set KG_ALLOW_MISSING_TOOLS=1 to skip these tests)"

# The Debian package copies its template to /etc on install; either one will do.
VIRTUOSO_INIS = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
)

_ASK = urllib.parse.quote("ASK{}")

# Every live server, so that an interpreter exit (even after a failed test) stops them.
_LIVE: "weakref.WeakSet[_Server]" = weakref.WeakSet()


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


def free_port() -> int:
    """Return a loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port and we could bind it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR, as servers use: a port in TIME_WAIT after our own stop() is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def find_oxigraph() -> str | None:
    """The `oxigraph` server CLI: next to the running interpreter first, then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def find_virtuoso() -> str | None:
    """The `virtuoso-t` binary on PATH (Debian puts it in /usr/bin)."""
    return shutil.which("virtuoso-t")


def http_ok(url: str, timeout: float = 1.0) -> bool:
    """True when a GET of url answers 2xx within timeout seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False


class _Server:
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

    def start(self) -> "_Server":
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


class OxigraphServer(_Server):
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`, restartable on the same DIR.

    DIR holds the data only (it may already be a store, e.g. made by pyoxigraph or
    `oxigraph load` while no server ran); the server log goes beside it, to
    DIR/../NAME-oxigraph.log, unless log_path says otherwise.
    Endpoints: `.query_url` (SPARQL query), `.update_url` (SPARQL update),
    `.store_url` (Graph Store Protocol: `?graph=IRI` or `?default`; N-Quads POST without
    parameter). Use `.graph_url(iri)` for one named graph.
    """

    name = "oxigraph"
    start_timeout = 30.0

    def __init__(
        self,
        location: str | os.PathLike,
        binary: str | None = None,
        port: int | None = None,
        log_path: str | os.PathLike | None = None,
    ) -> None:
        location = Path(location).resolve()
        super().__init__(location, Path(log_path) if log_path else location.parent / f"{location.name}-oxigraph.log")
        self.location = self.workdir
        self.binary = binary or find_oxigraph()
        if self.binary is None:
            raise FileNotFoundError(f"oxigraph server binary not found; {INSTALL_HINT}")
        self.port = port or free_port()

    def _ports(self) -> list[int]:
        return [self.port]

    def _new_ports(self) -> None:
        self.port = free_port()

    def _command(self) -> list[str]:
        return [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"]

    def _ready_url(self) -> str:
        return f"{self.query_url}?query={_ASK}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def graph_url(self, graph: str | None) -> str:
        """GSP URL of a named graph, or of the default graph when graph is None."""
        if graph is None:
            return f"{self.store_url}?default"
        return f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"


def rewrite_ini(text: str, settings: dict[str, dict[str, str]]) -> str:
    """Set `key = value` per [section] in INI text, keeping everything else as it was.

    Existing keys are replaced in place (every occurrence); missing keys are appended at
    the end of their section; missing sections are appended at the end of the file.
    """
    wanted = {section: dict(values) for section, values in settings.items()}
    out: list[str] = []
    section: str | None = None
    done: dict[str, set[str]] = {s: set() for s in wanted}

    def flush_missing(sec: str | None) -> None:
        if sec in wanted:
            for key, value in wanted[sec].items():
                if key not in done[sec]:
                    out.append(f"{key} = {value}")
                    done[sec].add(key)

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            # Insert missing keys before the blank lines that close the previous section.
            trailing: list[str] = []
            while out and not out[-1].strip():
                trailing.append(out.pop())
            flush_missing(section)
            out.extend(trailing)
            section = stripped[1:-1].strip()
            out.append(line)
            continue
        if section in wanted and "=" in stripped and not stripped.startswith((";", "#")):
            key = stripped.split("=", 1)[0].strip()
            if key in wanted[section]:
                out.append(f"{key} = {wanted[section][key]}")
                done[section].add(key)
                continue
        out.append(line)
    flush_missing(section)
    for sec, values in wanted.items():
        if len(done[sec]) < len(values):  # the section never appeared
            out += ["", f"[{sec}]"] + [f"{key} = {value}" for key, value in values.items()]
    return "\n".join(out) + "\n"


class VirtuosoServer(_Server):
    """A private Virtuoso 7 instance whose database, logs and config live under one folder.

    A fresh database has the account `dba`/`dba`, which may write over the digest-auth
    endpoints `.auth_sparql_url` (`/sparql-auth`, SPARQL Update) and `.gsp_url`
    (`/sparql-graph-crud-auth?graph=IRI`). `.sparql_url` is the anonymous read-only endpoint.
    `.isql_port` is the SQL port (for `isql-vt 127.0.0.1:PORT dba dba`).
    """

    name = "virtuoso"
    start_timeout = 60.0
    stop_timeout = 30.0
    user = "dba"
    password = "dba"

    def __init__(
        self,
        tmpdir: str | os.PathLike,
        binary: str | None = None,
        template: str | os.PathLike | None = None,
        result_set_max_rows: int = 100_000,
    ) -> None:
        super().__init__(Path(tmpdir))
        self.binary = binary or find_virtuoso()
        if self.binary is None:
            raise FileNotFoundError(f"virtuoso-t not found; {INSTALL_HINT}")
        if template is None:
            template = next((p for p in VIRTUOSO_INIS if p.is_file()), VIRTUOSO_INIS[0])
        self.template = Path(template)
        if not self.template.is_file():
            raise FileNotFoundError(f"{self.template} not found; {INSTALL_HINT}")
        self.result_set_max_rows = result_set_max_rows
        self.db_dir = self.workdir / "db"
        self.ini_path = self.workdir / "virtuoso.ini"
        self.isql_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.isql_port:
            self.http_port = free_port()

    def _ports(self) -> list[int]:
        return [self.isql_port, self.http_port]

    def _new_ports(self) -> None:
        self.isql_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.isql_port:
            self.http_port = free_port()

    def _prepare(self) -> None:
        db = self.db_dir
        (db).mkdir(parents=True, exist_ok=True)
        (self.workdir / "vsp").mkdir(exist_ok=True)
        (self.workdir / "load").mkdir(exist_ok=True)
        # An empty VAD folder: with the system one, a fresh database spends 2-10 s
        # installing the Conductor web admin (when virtuoso-vad-conductor is installed).
        (self.workdir / "vad").mkdir(exist_ok=True)
        settings = {
            "Database": {
                "DatabaseFile": str(db / "virtuoso.db"),
                "ErrorLogFile": str(db / "virtuoso.log"),
                "LockFile": str(db / "virtuoso.lck"),
                "TransactionFile": str(db / "virtuoso.trx"),
                "xa_persistent_file": str(db / "virtuoso.pxa"),
            },
            "TempDatabase": {
                "DatabaseFile": str(db / "virtuoso-temp.db"),
                "TransactionFile": str(db / "virtuoso-temp.trx"),
            },
            "Parameters": {
                "ServerPort": f"127.0.0.1:{self.isql_port}",
                "DirsAllowed": f"., {self.workdir}",
                "DisableUnixSocket": "1",
                "VADInstallDir": str(self.workdir / "vad") + "/",
            },
            "HTTPServer": {
                "ServerPort": f"127.0.0.1:{self.http_port}",
                "ServerRoot": str(self.workdir / "vsp"),
            },
            "SPARQL": {"ResultSetMaxRows": str(self.result_set_max_rows)},
        }
        self.ini_path.write_text(rewrite_ini(self.template.read_text(), settings))

    def _command(self) -> list[str]:
        return [self.binary, "+foreground", "+configfile", str(self.ini_path)]

    def _ready_url(self) -> str:
        return f"{self.sparql_url}?query={_ASK}"

    @property
    def load_dir(self) -> Path:
        """A folder inside DirsAllowed, for the bulk loader (`ld_dir`)."""
        return self.workdir / "load"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        return f"{self.url}/sparql"

    @property
    def auth_sparql_url(self) -> str:
        return f"{self.url}/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return f"{self.url}/sparql-graph-crud-auth"

    def graph_url(self, graph: str) -> str:
        """Digest-auth GSP URL of one named graph (Virtuoso has no default-graph GSP)."""
        return f"{self.gsp_url}?graph={urllib.parse.quote(graph, safe='')}"

    def opener(self) -> urllib.request.OpenerDirector:
        """A urllib opener that answers Virtuoso's digest challenge with dba/dba."""
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.url, self.user, self.password)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))

    def isql(self, sql: str, timeout: float = 120.0) -> subprocess.CompletedProcess:
        """Run SQL through `isql-vt` (note: it exits 0 even when a statement fails)."""
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is None:
            raise FileNotFoundError(f"isql-vt not found; {INSTALL_HINT}")
        return subprocess.run(
            [isql, f"127.0.0.1:{self.isql_port}", self.user, self.password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
