"""The committed exports/ hold the dataset that `make exports` writes for examples/ today."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.cli import main
from tests.conftest import ROOT
from tests.graphs import assert_same_dataset, parse_dataset

EXPORTS = ROOT / "exports"
FORMATS = {"examples.ttl": ox.RdfFormat.TURTLE, "examples.jsonld": ox.RdfFormat.JSON_LD,
           "examples.nq": ox.RdfFormat.N_QUADS}


@pytest.mark.parametrize("name", list(FORMATS))
def test_export_is_up_to_date(name, tmp_path, monkeypatch, runner):
    """Compared as datasets: the same quads in the same named graphs (N-Quads, JSON-LD), the
    same triples (Turtle), whatever the serialiser's order or layout."""
    epoch = next(line.split("?=")[1].strip() for line in (ROOT / "Makefile").read_text().splitlines()
                 if line.startswith("EXPORTS_EPOCH"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / name
    result = runner.invoke(main, ["convert", "examples/", "-o", str(fresh)])  # as `make exports`
    assert result.exit_code == 0, result.output
    assert_same_dataset(parse_dataset(fresh, FORMATS[name]), parse_dataset(EXPORTS / name, FORMATS[name]),
                        label=f"exports/{name} is stale: run `make exports`")
