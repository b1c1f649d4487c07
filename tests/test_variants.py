"""One paper written in seven formats: one work node, in any loading order, with the union of
its identifiers, and the shared fields equal across the variants."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

import kg
from tests.conftest import DATA
from tests.graphs import assert_isomorphic

VARIANTS = sorted(p for p in (DATA / "variants").glob("paper.*"))
EXPECTED_READERS = {"paper.pubmed.xml": "pubmed", "paper.nbib": "medline", "paper.bib": "bibtex",
                    "paper.ris": "ris", "paper.csl.json": "csl", "paper.crossref.json": "crossref",
                    "paper.pure.txt": "pure"}
Q = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
PREFIX pro: <http://purl.org/spar/pro/>
PREFIX vivo: <http://vivoweb.org/ontology/core#>
PREFIX kgo: <https://w3id.org/litkg/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
EX = rdflib.Namespace("https://example.org/shared#")


def test_every_variant_is_read_by_its_reader():
    assert {p.name for p in VARIANTS} == set(EXPECTED_READERS)
    for path in VARIANTS:
        assert kg.sniff(kg.Source(str(path))) == EXPECTED_READERS[path.name]


@pytest.mark.parametrize("order", ["forward", "reverse", "one-by-one"])
def test_one_work_node_in_any_order(tmp_path, order):
    store = str(tmp_path / "store")
    paths = [str(p) for p in (VARIANTS if order != "reverse" else reversed(VARIANTS))]
    if order == "one-by-one":
        for path in paths:
            assert kg.load([path], store=store, extract=False).ok
    else:
        assert kg.load(paths, store=store, extract=False).ok
    assert kg.stats(store=store).works == 1
    rows = list(kg.query(Q + "SELECT DISTINCT ?w ?doi ?pmid WHERE { ?w bibo:doi ?doi ; bibo:pmid ?pmid }",
                         store=store))
    assert [(r["doi"].value, r["pmid"].value) for r in rows] == [("10.5555/kgtest.2019.001", "99000001")]
    graphs = kg.query(Q + "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?w dcterms:title ?t } }",
                      store=store)
    assert int(next(iter(graphs))["n"].value) == len(VARIANTS)


def test_each_record_graph_has_one_title(tmp_path):
    store = str(tmp_path / "store")
    kg.load([str(p) for p in VARIANTS], store=store, extract=False)
    rows = kg.query(Q + "SELECT ?g (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?g { ?w dcterms:title ?t ; "
                        "pro:isDocumentContextFor ?r } } GROUP BY ?g", store=store)
    assert all(int(r["n"].value) == 1 for r in rows)


def shared_fields(path, tmp_path) -> rdflib.Graph:
    """The fields every variant gives, on a neutral node: title, journal, volume, issue,
    pages, year, and the authors' family names in order."""
    out = tmp_path / f"{path.name}.nq"
    kg.convert([str(path)], str(out), extract=False)
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    [row] = store.query(Q + """SELECT ?t ?j ?v ?i ?s ?e ?d WHERE { ?w dcterms:title ?t ; dcterms:isPartOf/dcterms:title ?j ;
        bibo:volume ?v ; bibo:issue ?i ; bibo:pageStart ?s ; bibo:pageEnd ?e ; dcterms:issued ?d }""",
                        use_default_graph_as_union=True)
    graph = rdflib.Graph()
    work = EX.work
    graph.add((work, EX.title, rdflib.Literal(row["t"].value.rstrip(".").casefold())))
    graph.add((work, EX.journal, rdflib.Literal(row["j"].value)))
    for name in ("v", "i", "s", "e"):
        graph.add((work, EX[name], rdflib.Literal(row[name].value)))
    graph.add((work, EX.year, rdflib.Literal(row["d"].value[:4])))
    authors = store.query(Q + """SELECT ?rank ?name WHERE { ?w pro:isDocumentContextFor ?r .
        ?r vivo:rank ?rank ; kgo:statedAs ?name }""", use_default_graph_as_union=True)
    for author in authors:
        family = author["name"].value.replace(",", " ").split()
        surname = "Rossi Bianchi Verdi".split()
        graph.add((work, EX[f"author{author['rank'].value}"],
                   rdflib.Literal(next(w for w in family if w in surname))))
    return graph


def test_shared_fields_agree_across_variants(tmp_path):
    reference = shared_fields(DATA / "variants" / "paper.pubmed.xml", tmp_path)
    assert len(reference) == 10
    for path in VARIANTS:
        assert_isomorphic(reference, shared_fields(path, tmp_path), label=path.name)


def test_affiliation_is_an_organisation_of_the_authorship(tmp_path):
    store = str(tmp_path / "store")
    kg.load([str(DATA / "variants" / "paper.pubmed.xml")], store=store, extract=False)
    rows = list(kg.query(Q + "SELECT ?name WHERE { ?r vivo:rank 1 ; pro:relatesToOrganization ?o . "
                             "?o foaf:name ?name }", store=store))
    assert [r["name"].value for r in rows] == ["Department of Oncology, Test Hospital, Milan, Italy."]
