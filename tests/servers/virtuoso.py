"""A private Virtuoso 7 instance under one folder, its virtuoso.ini written from the Debian template."""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import urllib.parse
import urllib.request

from .loopback import ASK, free_port
from .process import INSTALL_HINT, ServerProcess

# The Debian package copies its template to /etc on install; either one will do.
VIRTUOSO_INIS = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
)


def find_virtuoso() -> str | None:
    """The `virtuoso-t` binary on PATH (Debian puts it in /usr/bin)."""
    return shutil.which("virtuoso-t")


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


class VirtuosoServer(ServerProcess):
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
        return f"{self.sparql_url}?query={ASK}"

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
