"""Shared fixtures: repository paths, the shared corpus, a CLI runner, the installed kg command,
and a hypothesis profile without deadlines."""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys

from click.testing import CliRunner
from hypothesis import HealthCheck, settings
import pytest

from tests.server_fixtures import (make_oxigraph_server, make_virtuoso_server, oxigraph_server,  # noqa: F401
                                   virtuoso_server)

# Timings live in bench/, never in assertions: no deadline on an example (hypothesis fails one
# that takes over 200 ms by default) and no health check on how long generating them takes.
settings.register_profile("kg", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"
FIXED_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z, for byte-stable outputs


def need(path: Path) -> Path:
    """The path, or skip the test saying which shared folder is missing."""
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus is not beside this checkout)")
    return path


@pytest.fixture
def fixed_time(monkeypatch):
    """Pin prov:generatedAtTime (SOURCE_DATE_EPOCH) for byte-stable outputs."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    return FIXED_EPOCH


@pytest.fixture
def runner():
    """A click CliRunner that keeps stderr apart from stdout."""
    return CliRunner()


@pytest.fixture
def no_ambient_credentials(monkeypatch, tmp_path):
    """Endpoint tests see only the credentials they set: no KG_ENDPOINT_* and no ~/.netrc of the machine."""
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


@pytest.fixture
def store(tmp_path):
    """A fresh store folder path."""
    return str(tmp_path / "store")


def kg_command() -> list[str]:
    """The installed `kg` console script next to this interpreter (or on PATH)."""
    beside = Path(sys.executable).with_name("kg")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("kg")
    if found is None:
        pytest.fail("the kg command is not installed: run `make install`")
    return [found]


@pytest.fixture
def run_kg():
    """Run the installed `kg` as a subprocess; returns the CompletedProcess."""
    def run(*args: str, env: dict | None = None, cwd: Path | None = None, stdin: bytes | None = None):
        merged = {**os.environ, **(env or {})}
        return subprocess.run([*kg_command(), *args], capture_output=True, env=merged,
                              cwd=cwd or ROOT, input=stdin, timeout=300)
    return run


@pytest.fixture(autouse=True, scope="session")
def _remove_temporary_inputs():
    """The temporary input files reader tests wrote (tests.reader_helpers.write_temp), removed."""
    yield
    from tests.reader_helpers import remove_written
    remove_written()
