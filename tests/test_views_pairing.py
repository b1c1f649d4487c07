"""The views paired in Python give the graphs the pairing queries gave (tests/views_reference.py), in any row order, and --max-authors."""

from __future__ import annotations

import os
import random
import re

import pytest

import kg
from kg.cli import main
from kg.store import GraphStore
from kg.views import BUILDERS, Filters, reduce
from tests.conftest import CORPUS, DATA, EXAMPLES, need
from tests.views_reference import OLD_BUILDERS, old_rows

MANY_AUTHORS = CORPUS / "wos_txt" / "metaknowledge__ManyAuthors.isi"  # 500 records, 2 with 100+ authors
NEW_GRAPH_KEYS = {"max_authors", "works_over_max_authors", "linked_person_nodes"}
FILTERS = [Filters(max_authors=0), Filters(max_authors=0, year_from=2000),
           Filters(max_authors=0, year_from=1990, year_to=2005), Filters(max_authors=0, year_to=1993),
           Filters(max_authors=0, min_weight=2), Filters(max_authors=0, top=15)]


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory):
    """The seed and the variants with their findings; Pure and Web of Science records (papers
    with hundreds of authors among them) without: the old topics query takes minutes on many
    findings."""
    store = str(tmp_path_factory.mktemp("pairing") / "store")
    # No person links: the reference queries pair person nodes as they are, without merging links.
    kg.load([str(EXAMPLES), str(DATA / "variants")], store=store, link=False)
    if CORPUS.is_dir():
        kg.load([str(CORPUS / "pure"), str(CORPUS / "wos_txt")], store=store, extract=False, link=False)
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


def test_a_work_with_more_authors_than_the_limit_adds_no_edges(tmp_path):
    store = str(tmp_path / "store")
    kg.load([str(EXAMPLES / "seed.txt")], store=store, extract=False, vocabularies=False)
    graph = kg.api.view("coauthors", store=store, filters=Filters(max_authors=11))  # 12 authors
    assert graph.number_of_nodes() == 12 and graph.number_of_edges() == 0
    assert all(d["works"] == 1 for _, d in graph.nodes(data=True))
    assert graph.graph["works_over_max_authors"] == 1 and graph.graph["max_authors"] == 11
    kept = kg.api.view("coauthors", store=store, filters=Filters(max_authors=12))
    assert kept.number_of_edges() == 66 and kept.graph["works_over_max_authors"] == 0


def test_max_authors_on_the_cli(runner, tmp_path):
    need(MANY_AUTHORS)
    store = str(tmp_path / "store")
    kg.load([str(MANY_AUTHORS)], store=store, extract=False, vocabularies=False)
    command = ["graph", "coauthors", "--store", store, "--format", "table"]
    limited, every = runner.invoke(main, command), runner.invoke(main, [*command, "--max-authors", "0"])
    assert limited.exit_code == 0 and every.exit_code == 0, limited.output + every.output
    last, last_every = limited.output.splitlines()[-1], every.output.splitlines()[-1]
    assert last.endswith("; 2 works with more than 100 authors add no co-author edges "
                         "(--max-authors 0 keeps them)"), last
    assert last_every.endswith(" edges"), last_every
    sizes = [tuple(map(int, re.search(r"(\d+) nodes, (\d+) edges", line).groups())) for line in (last, last_every)]
    assert sizes[0][0] == sizes[1][0] and sizes[0][1] < sizes[1][1]  # the same persons, fewer edges
    wrong = runner.invoke(main, [*command, "--max-authors", "-1"])
    assert wrong.exit_code == 2


def test_a_negative_limit_is_a_usage_error():
    with pytest.raises(kg.errors.UsageError, match="0 .no limit. or more"):
        Filters(max_authors=-1)
