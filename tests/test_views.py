"""Network views on the seed: co-authorship, author–topic, treatments; filters; every file format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

import kg
from kg.cli import main
from kg.views import Filters
from tests.conftest import DATA, EXAMPLES


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    store = str(tmp_path_factory.mktemp("views") / "store")
    kg.load([str(EXAMPLES / "seed.txt")], store=store)
    return store


def test_seed_coauthorship_is_a_12_clique_of_weight_1(seed_store):
    graph = kg.api.view("coauthors", store=seed_store)
    assert graph.number_of_nodes() == 12 and graph.number_of_edges() == 66
    assert {d["weight"] for *_, d in graph.edges(data=True)} == {1}
    assert all(len(d["works"]) == 1 for *_, d in graph.edges(data=True))
    assert {d["label"] for _, d in graph.nodes(data=True)} >= {"Nicoletta Zilembo", "Franco Buzzi"}
    assert all(d["works"] == 1 for _, d in graph.nodes(data=True))


def _labels(graph, node):
    return {graph.nodes[n]["label"] for n in graph.neighbors(node)}


def test_seed_treatments(seed_store):
    graph = kg.api.view("treatments", store=seed_store)
    arms = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "arm"}
    assert sorted(d["patients"] for d in arms.values()) == [3, 14]
    by_size = {d["patients"]: n for n, d in arms.items()}
    assert {"Streptozocin", "Epirubicin"} <= _labels(graph, by_size[14])
    assert "Iobenguane" in _labels(graph, by_size[3])
    conditions = {d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "condition"}
    assert {"Carcinoid Tumor", "medullary thyroid carcinoma", "Merkel Cell Carcinoma",
            "Pancreatic Neuroendocrine Tumor"} <= conditions
    responses = {(graph.nodes[v]["label"], d["patients"], d["negated"])
                 for u, v, d in graph.edges(data=True) if d["role"] in ("response", "observation")}
    assert ("Stable Disease", 2, False) in responses and ("Progressive Disease", 1, False) in responses
    assert ("Partial Response", 1, False) in responses
    assert ("Tumor Marker Reduction", 0, True) in responses


def test_a_combination_is_not_credited_to_each_drug(seed_store):
    graph = kg.api.view("treatments", store=seed_store)
    for node, data in graph.nodes(data=True):
        if data["kind"] == "drug":
            assert {graph.nodes[n]["kind"] for n in graph.neighbors(node)} == {"arm"}


def test_topics_are_bipartite(seed_store):
    graph = kg.api.view("topics", store=seed_store)
    people = {n for n, d in graph.nodes(data=True) if d["kind"] == "person"}
    assert len(people) == 12
    assert nx.is_bipartite(graph)
    labels = {d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "concept"}
    assert {"Oncology", "Hematology", "Epirubicin"} <= labels
    assert "Intravenous Route of Administration" not in labels


def test_filters(seed_store):
    ego = kg.api.view("coauthors", store=seed_store, filters=Filters(around="Zilembo"))
    assert ego.number_of_nodes() == 12
    top = kg.api.view("coauthors", store=seed_store, filters=Filters(top=5))
    assert top.number_of_nodes() == 5 and top.number_of_edges() == 10
    assert kg.api.view("coauthors", store=seed_store, filters=Filters(min_weight=2)).number_of_nodes() == 0
    assert kg.api.view("coauthors", store=seed_store, filters=Filters(year_from=1994)).number_of_nodes() == 0
    assert kg.api.view("coauthors", store=seed_store,
                       filters=Filters(year_from=1990, year_to=1993)).number_of_nodes() == 12


def test_around_an_unknown_name_is_a_usage_error(runner, seed_store):
    result = runner.invoke(main, ["graph", "coauthors", "--store", seed_store, "--around", "Nobody",
                                  "--format", "table"])
    assert result.exit_code == 2 and "no node" in result.output


@pytest.mark.parametrize("view", ["coauthors", "topics", "treatments"])
def test_graphml_and_gexf_keep_the_attributes(runner, seed_store, tmp_path, view):
    original = kg.api.view(view, store=seed_store)
    for suffix, reader in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        out = tmp_path / f"{view}{suffix}"
        result = runner.invoke(main, ["graph", view, "--store", seed_store, "-o", str(out)])
        assert result.exit_code == 0, result.output
        back = reader(out)
        assert back.number_of_nodes() == original.number_of_nodes()
        assert back.number_of_edges() == original.number_of_edges()
        node = next(iter(original))
        assert back.nodes[node]["label"] == original.nodes[node]["label"]
        weights = sorted(float(d["weight"]) for *_, d in back.edges(data=True))
        assert weights == sorted(float(d["weight"]) for *_, d in original.edges(data=True))


def test_node_link_json(runner, seed_store, tmp_path):
    out = tmp_path / "c.json"
    runner.invoke(main, ["graph", "coauthors", "--store", seed_store, "-o", str(out)])
    data = json.loads(out.read_text())
    assert len(data["nodes"]) == 12 and len(data["links"]) == 66
    assert data["links"][0]["works"][0].startswith("https://w3id.org/litkg/id/work/")


@pytest.mark.parametrize("view", ["coauthors", "treatments"])
def test_pictures_open(runner, seed_store, tmp_path, view):
    image = pytest.importorskip("matplotlib.image", reason="pictures need the draw extra")
    png, svg = tmp_path / f"{view}.png", tmp_path / f"{view}.svg"
    for out in (png, svg):
        result = runner.invoke(main, ["graph", view, "--store", seed_store, "-o", str(out)])
        assert result.exit_code == 0, result.output
    pixels = image.imread(png)
    assert pixels.shape[0] > 500 and pixels.shape[1] > 500
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = svg.read_text()
    assert "nodes" in text  # the legend title is drawn


def test_table_prints_the_strongest_edges(runner, seed_store):
    result = runner.invoke(main, ["graph", "treatments", "--store", seed_store, "--format", "table"])
    assert result.exit_code == 0
    first = result.output.splitlines()[2]
    assert "14" in first and ("Streptozocin" in first or "Epirubicin" in first)
    assert "stated as not seen" in result.output


def test_variants_make_one_author_network(tmp_path):
    store = str(tmp_path / "store")
    kg.load([str(p) for p in (DATA / "variants").glob("paper.*")], store=store)
    graph = kg.api.view("coauthors", store=store)
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 3
