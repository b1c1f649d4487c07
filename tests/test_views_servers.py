"""The same views from the embedded store and from real triple stores: pushed to a private
Oxigraph server and a private Virtuoso, each view has the same nodes, edges and weights."""

from __future__ import annotations

import pytest

import kg
from kg.views import Filters
from tests.conftest import CORPUS, EXAMPLES

VIEWS = ("coauthors", "topics", "treatments")


@pytest.fixture(scope="module")
def views_store(tmp_path_factory):
    store = str(tmp_path_factory.mktemp("views") / "store")
    inputs = [str(EXAMPLES)] + ([str(CORPUS / "pure")] if (CORPUS / "pure").is_dir() else [])
    assert kg.load(inputs, store=store, vocabularies=False).ok
    return store


def signature(graph) -> tuple[dict, dict]:
    """Nodes with their label and kind; edges (unordered ends, role) with weight and counts."""
    nodes = {n: (d.get("label"), d.get("kind")) for n, d in graph.nodes(data=True)}
    edges: dict = {}
    for u, v, data in graph.edges(data=True):
        key = (frozenset((u, v)), data.get("role"), data.get("negated"))
        edges[key] = (data.get("weight"), data.get("patients"), tuple(sorted(data.get("works", ()))))
    return nodes, edges


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_views_are_the_same_from_each_endpoint(kind, views_store, request, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "dba")
    server = request.getfixturevalue(f"make_{kind}_server")()
    summary = kg.push(server.url, store=views_store)
    assert summary.ok
    for view in VIEWS:
        local = kg.view(view, store=views_store)
        remote = kg.view(view, endpoint=server.url)
        assert local.number_of_nodes() > 0
        assert signature(remote) == signature(local), f"{view} differs on {kind}"
    filtered = Filters(top=10, min_weight=1)
    assert signature(kg.view("coauthors", endpoint=server.url, filters=filtered)) == \
        signature(kg.view("coauthors", store=views_store, filters=filtered))
