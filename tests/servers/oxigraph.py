"""The Oxigraph server (`oxigraph serve`) on a data folder, restartable on the same folder and port."""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import sys
import urllib.parse

from .loopback import ASK, free_port
from .process import INSTALL_HINT, ServerProcess


def find_oxigraph() -> str | None:
    """The `oxigraph` server CLI: next to the running interpreter first, then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


class OxigraphServer(ServerProcess):
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
        return f"{self.query_url}?query={ASK}"

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
