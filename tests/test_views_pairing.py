"""The views paired in Python give the graphs the pairing queries gave (tests/views_reference.py), in any row order."""

from __future__ import annotations

import os
import random

import pytest

import kg
from kg.store import GraphStore
from kg.views import BUILDERS, Filters, reduce
from tests.conftest import CORPUS, DATA, EXAMPLES
from tests.views_reference import OLD_BUILDERS, old_rows

NEW_GRAPH_KEYS: set[str] = set()
FILTERS = [Filters(), Filters(year_from=2000),
           Filters(year_from=1990, year_to=2005), Filters(year_to=1993),
           Filters(min_weight=2), Filters(top=15)]


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory):
    """The seed and the variants with their findings; Pure and Web of Science records (papers
    with hundreds of authors among them) without: the old topics query takes minutes on many
    findings."""
    store = str(tmp_path_factory.mktemp("pairing") / "store")
    kg.load([str(EXAMPLES), str(DATA / "variants")], store=store)
    if CORPUS.is_dir():
        kg.load([str(CORPUS / "pure"), str(CORPUS / "wos_txt")], store=store, extract=False)
    return store


def stores(request) -> list[str]:
    """The mixed store, and the one KG_VIEWS_REFERENCE_STORE names (e.g. the whole corpus)."""
    named = os.environ.get("KG_VIEWS_REFERENCE_STORE")
    return [request.getfixturevalue("mixed_store")] + ([named] if named else [])


def picture(graph) -> tuple[dict, dict, list]:
    """Graph attributes, nodes with theirs, and the edges (ends in order) with theirs, sorted."""
    edges = sorted((tuple(sorted((u, v))), sorted((k, tuple(x) if isinstance(x, list) else x) for k, x in d.items()))
                   for u, v, d in graph.edges(data=True))
    attributes = {k: v for k, v in graph.graph.items() if k not in NEW_GRAPH_KEYS}
    return attributes, dict(graph.nodes(data=True)), edges


def assert_same(new, old, what: str) -> None:
    (new_attributes, new_nodes, new_edges), (old_attributes, old_nodes, old_edges) = picture(new), picture(old)
    assert new_attributes == old_attributes, what
    different = sorted(n for n in new_nodes.keys() | old_nodes.keys() if new_nodes.get(n) != old_nodes.get(n))
    assert not different, f"{what}: {len(different)} nodes differ, e.g. " + "; ".join(
        f"{n}: new {new_nodes.get(n)} old {old_nodes.get(n)}" for n in different[:3])
    if new_edges != old_edges:
        new_set, old_set = set(map(repr, new_edges)), set(map(repr, old_edges))
        pytest.fail(f"{what}: {len(new_edges)} edges, {len(old_edges)} before; only new: "
                    f"{sorted(new_set - old_set)[:2]}; only old: {sorted(old_set - new_set)[:2]}")


@pytest.mark.parametrize("view", sorted(BUILDERS))
def test_the_same_graphs_as_the_pairing_queries(request, view):
    for k, path in enumerate(stores(request)):
        select = GraphStore(path, read_only=True).query
        rows = old_rows(select, view)
        assert rows or k, f"the mixed store gives no {view} rows: the comparison would prove nothing"
        for filters in FILTERS:
            new = BUILDERS[view](select, filters)
            old = reduce(OLD_BUILDERS[view](rows, filters), filters)
            assert_same(new, old, f"{view} on {path} with {filters}")


@pytest.mark.parametrize("view", sorted(BUILDERS))
def test_rows_in_any_order_give_the_same_graph(mixed_store, view):
    store = GraphStore(mixed_store, read_only=True)

    def shuffled(sparql: str):
        rows = list(store.query(sparql))
        random.Random(sparql).shuffle(rows)
        return rows

    filters = Filters(year_from=1980)
    once, again = BUILDERS[view](store.query, filters), BUILDERS[view](shuffled, filters)
    assert list(once.nodes(data=True)) == list(again.nodes(data=True))
    assert list(once.edges(data=True)) == list(again.edges(data=True))
