"""Pytest fixtures that start real Oxigraph and Virtuoso servers (import them from conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
import shutil

import pytest

try:  # works whether or not tests/ is a package
    from .servers import OxigraphServer, ServerProcess, VirtuosoServer, find_oxigraph, find_virtuoso
    from .validators import missing_tool
except ImportError:
    from servers import OxigraphServer, ServerProcess, VirtuosoServer, find_oxigraph, find_virtuoso
    from validators import missing_tool


def _need_oxigraph() -> None:
    if find_oxigraph() is None:
        missing_tool(
            "the oxigraph server CLI is not installed",
            "install it with `pip install -e '.[test]'` (PyPI package oxigraph)",
        )


def _need_virtuoso() -> None:
    if find_virtuoso() is None:
        missing_tool("virtuoso-t is not installed (Debian package virtuoso-opensource)")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """One Oxigraph server for the whole session. Share it: use your own graph IRIs; if a
    test stops it, it must start() it again in a `finally` (same ports, same data).
    make_oxigraph_server gives a private one for destructive scenarios."""
    _need_oxigraph()
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "store")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """One private Virtuoso instance (dba/dba) for the whole session; same sharing rules."""
    _need_virtuoso()
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        _drop_database(server)


def _drop_database(server: VirtuosoServer) -> None:
    """Free the ~70 MB database files of a stopped instance (its log stays for debugging)."""
    shutil.rmtree(server.db_dir, ignore_errors=True)


def _started_servers(new: Callable[[], ServerProcess], cleanup: Callable[[ServerProcess], None] | None = None):
    """A factory starting servers made by ``new``; on exit every one is stopped (and cleaned up)."""
    servers: list[ServerProcess] = []

    def make() -> ServerProcess:
        server = new()
        servers.append(server)
        return server.start()

    try:
        yield make
    finally:
        for server in servers:
            server.stop()
            if cleanup is not None:
                cleanup(server)


@pytest.fixture
def make_oxigraph_server(tmp_path_factory):
    """Factory for private Oxigraph servers (started), all stopped when the test ends."""
    _need_oxigraph()
    yield from _started_servers(lambda: OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "store"))


@pytest.fixture
def make_virtuoso_server(tmp_path_factory):
    """Factory for private Virtuoso instances (started; ~5 s each), stopped when the test ends."""
    _need_virtuoso()
    yield from _started_servers(lambda: VirtuosoServer(tmp_path_factory.mktemp("virtuoso")),
                                _drop_database)
