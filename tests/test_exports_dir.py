"""The committed exports/ are what `make exports` writes for examples/ today."""

from __future__ import annotations

import pytest

from kg.cli import main
from tests.conftest import ROOT

EXPORTS = ROOT / "exports"


@pytest.mark.parametrize("name", ["examples.ttl", "examples.jsonld", "examples.nq"])
def test_export_is_up_to_date(name, tmp_path, monkeypatch, runner):
    epoch = next(line.split("?=")[1].strip() for line in (ROOT / "Makefile").read_text().splitlines()
                 if line.startswith("EXPORTS_EPOCH"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / name
    result = runner.invoke(main, ["convert", "examples/", "-o", str(fresh)])  # as `make exports`
    assert result.exit_code == 0, result.output
    assert fresh.read_bytes() == (EXPORTS / name).read_bytes(), \
        f"exports/{name} is stale: run `make exports`"
