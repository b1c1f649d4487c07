"""The seed record end to end: the golden graph, and every fact of gold/seed.json's "record" part."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.cli import main
from tests.conftest import DATA, EXAMPLES, GOLD, ROOT, need
from tests.graphs import assert_same_dataset, parse_dataset

PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX pro: <http://purl.org/spar/pro/>
PREFIX vivo: <http://vivoweb.org/ontology/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX kgo: <https://w3id.org/litkg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture
def seed_store(tmp_path, monkeypatch, fixed_time, runner):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "seed.nq"
    result = runner.invoke(main, ["convert", "examples/seed.txt", "--no-extract", "-o", str(out)])
    assert result.exit_code == 0, result.output
    store = ox.Store()
    with open(out, "rb") as handle:
        store.load(handle, format=ox.RdfFormat.N_QUADS)
    return store, out


def select(store: ox.Store, body: str) -> list[dict]:
    rows = store.query(PREFIXES + body, use_default_graph_as_union=True)
    return [{v.value: (row[v].value if row[v] is not None else None) for v in rows.variables}
            for row in rows]


def test_seed_dataset_equals_the_golden_dataset(seed_store):
    """The same quads in the same named graph as the golden TriG."""
    _, out = seed_store
    assert_same_dataset(parse_dataset(DATA / "golden" / "seed.trig", ox.RdfFormat.TRIG),
                        parse_dataset(out, ox.RdfFormat.N_QUADS), label="seed vs golden")


def test_seed_record_matches_gold_json(seed_store):
    store, _ = seed_store
    gold = json.loads(need(GOLD / "seed.json").read_text(encoding="utf-8"))["record"]
    [work] = select(store, "SELECT ?w ?title ?issue ?ps ?pe ?np ?issued ?lang ?journal WHERE {"
                           " ?w dcterms:title ?title ; bibo:issue ?issue ; bibo:pageStart ?ps ;"
                           " bibo:pageEnd ?pe ; bibo:numPages ?np ; dcterms:issued ?issued ;"
                           " dcterms:language ?lang ; dcterms:isPartOf/dcterms:title ?journal }")
    assert work["title"] == gold["title"]
    assert work["issue"] == gold["issue"]
    assert (work["ps"], work["pe"]) == (gold["page_start"], gold["page_end"])
    assert int(work["np"]) == gold["number_of_pages"]
    assert work["issued"] == gold["issued"]["value"]
    assert work["lang"].endswith("/" + gold["language"])
    assert work["journal"] == gold["journal"]
    names = select(store, "SELECT ?rank ?name WHERE { ?w pro:isDocumentContextFor ?r ."
                          " ?r vivo:rank ?rank ; kgo:statedAs ?name } ORDER BY ?rank")
    assert [n["name"] for n in names] == gold["authors_in_order"]
    assert [int(n["rank"]) for n in names] == list(range(1, 13))
    types = {r["t"] for r in select(store, "SELECT ?t WHERE { ?w dcterms:abstract ?x ; a ?t }")}
    assert types == {"http://purl.org/spar/fabio/JournalArticle",
                     "http://purl.org/ontology/bibo/AcademicArticle"}
    statuses = {r["s"].rsplit("/", 1)[-1] for r in select(store, "SELECT ?s WHERE { ?w bibo:status ?s }")}
    assert statuses == set(gold["status"])
    codes = {r["c"].rsplit("/", 1)[-1] for r in select(store, "SELECT ?c WHERE { ?w dcterms:subject ?c }")}
    assert codes == {a["code"] for a in gold["asjc"]}


def test_seed_typed_literals(seed_store):
    store, _ = seed_store
    [row] = select(store, "SELECT (DATATYPE(?i) AS ?dt) (DATATYPE(?n) AS ?nt) (LANG(?t) AS ?lang) WHERE {"
                          " ?w dcterms:issued ?i ; bibo:numPages ?n ; dcterms:title ?t }")
    assert row["dt"] == "http://www.w3.org/2001/XMLSchema#gYear"
    assert row["nt"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert row["lang"] == "en"


@pytest.mark.parametrize("predicate", ["bibo:volume", "bibo:doi", "bibo:pmid", "bibo:issn",
                                       "dcterms:publisher", "kgo:orcid", "pro:relatesToOrganization"])
def test_seed_writes_nothing_the_page_does_not_give(seed_store, predicate):
    store, _ = seed_store
    assert select(store, f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}") == []


def test_no_blank_nodes(seed_store):
    store, _ = seed_store
    assert not any(isinstance(t, ox.BlankNode) for q in store for t in (q.subject, q.object))


def test_example_is_the_gold_seed():
    assert (EXAMPLES / "seed.txt").read_bytes() == need(GOLD / "seed.txt").read_bytes()
