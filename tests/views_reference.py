"""The views as kg built them before the pairing moved to Python (commit 964da00): its three queries, verbatim, and what its builders made of their rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import networkx as nx

from kg.views import Filters, Select

COAUTHORS_QUERY = """\
# Co-authorship: every pair of authors of the same work, with the work and its year.
# The view counts distinct works per pair (edge weight) and per person (works count).
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf:    <http://xmlns.com/foaf/0.1/>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>

SELECT DISTINCT ?work ?year ?a ?nameA ?b ?nameB WHERE {
  ?work dcterms:creator ?a .
  ?a foaf:name ?nameA .
  OPTIONAL { ?work dcterms:creator ?b . ?b foaf:name ?nameB . FILTER (STR(?a) < STR(?b)) }
  OPTIONAL { ?work dcterms:issued ?issued }
  BIND (IF(BOUND(?issued), xsd:integer(SUBSTR(STR(?issued), 1, 4)), ?none) AS ?year)
}
"""

TOPICS_QUERY = """\
# Author–topic: persons and the concepts their works are about — subject terms (ASJC fields,
# keywords, MeSH headings) and the drugs and diseases the clinical extractor found in the abstracts.
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf:    <http://xmlns.com/foaf/0.1/>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX oa:      <http://www.w3.org/ns/oa#>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>

SELECT DISTINCT ?work ?year ?person ?name ?concept ?label ?kind WHERE {
  ?work dcterms:creator ?person .
  ?person foaf:name ?name .
  {
    ?work dcterms:subject ?concept .
    BIND ("subject" AS ?kind)
  } UNION {
    ?annotation oa:motivatedBy oa:identifying ;
                oa:hasBody ?concept ;
                oa:hasTarget/oa:hasSource ?work .
    ?concept skos:inScheme ?scheme .
    FILTER (STRENDS(STR(?scheme), "scheme/drug") || STRENDS(STR(?scheme), "scheme/disease"))
    BIND ("extracted" AS ?kind)
  }
  OPTIONAL { ?concept skos:prefLabel ?label }
  OPTIONAL { ?work dcterms:issued ?issued }
  BIND (IF(BOUND(?issued), xsd:integer(SUBSTR(STR(?issued), 1, 4)), ?none) AS ?year)
}
"""

TREATMENTS_QUERY = """\
# Treatments: each study arm with its agents, the study's conditions (population and cohort
# parts, with their patient counts) and the findings stated for the arm (response or
# observation, patient count, negated). An arm is a regimen: a combination stays one node.
PREFIX kgo:     <https://w3id.org/litkg/ontology#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>

SELECT DISTINCT ?work ?year ?arm ?armLabel ?armSize ?role ?target ?targetLabel ?count ?negated WHERE {
  ?study kgo:hasArm ?arm ; kgo:reportedIn ?work .
  OPTIONAL { ?arm rdfs:label ?armLabel }
  OPTIONAL { ?arm kgo:armSize ?armSize }
  {
    ?arm kgo:hasAdministration/kgo:agent ?target .
    BIND ("agent" AS ?role)
  } UNION {
    ?study kgo:hasCohortComponent ?part .
    ?part kgo:condition ?target ; kgo:count ?count .
    BIND ("condition" AS ?role)
  } UNION {
    ?study kgo:population ?target .
    FILTER NOT EXISTS { ?study kgo:hasCohortComponent/kgo:condition ?target }
    BIND ("condition" AS ?role)
  } UNION {
    ?finding kgo:arm ?arm ; kgo:negated ?negated .
    { ?finding kgo:response ?target . BIND ("response" AS ?role) }
    UNION
    { ?finding kgo:observation ?target . BIND ("observation" AS ?role) }
    OPTIONAL { ?finding kgo:count ?count }
  }
  OPTIONAL { ?target skos:prefLabel ?targetLabel }
  OPTIONAL { ?work dcterms:issued ?issued }
  BIND (IF(BOUND(?issued), xsd:integer(SUBSTR(STR(?issued), 1, 4)), ?none) AS ?year)
}
"""

QUERIES = {"coauthors": COAUTHORS_QUERY, "topics": TOPICS_QUERY, "treatments": TREATMENTS_QUERY}


def old_rows(select: Select, view: str) -> list[dict[str, str | None]]:
    """The rows of the view's old query, each a dict of lexical values (None when unbound)."""
    solutions = select(QUERIES[view])
    names = [variable.value for variable in solutions.variables]
    return [{name: None if row[name] is None else row[name].value for name in names} for row in solutions]


def in_years(rows: list[dict], filters: Filters) -> Iterator[dict]:
    """The rows whose year the filters accept, as the old builders skipped the others."""
    return (row for row in rows if filters.year_ok(None if row["year"] is None else int(row["year"])))


def least(seen: dict[str, str], key: str, text: str) -> None:
    seen[key] = min(seen.get(key, text), text)


def old_coauthors(rows: list[dict], filters: Filters) -> nx.Graph:
    """Every pair row is an edge's work; every person of a kept row counts the work."""
    names: dict[str, str] = {}
    works: dict[str, set] = defaultdict(set)
    pairs: dict[tuple, set] = defaultdict(set)
    for row in in_years(rows, filters):
        for person, name in ((row["a"], row["nameA"]), (row["b"], row["nameB"])):
            if person is not None:
                least(names, person, name)
                works[person].add(row["work"])
        if row["b"] is not None:
            pairs[row["a"], row["b"]].add(row["work"])
    graph = nx.Graph(view="coauthors")
    graph.add_nodes_from((p, {"label": names[p], "kind": "person", "works": len(w)}) for p, w in works.items())
    graph.add_edges_from((a, b, {"weight": len(w), "works": sorted(w)}) for (a, b), w in pairs.items())
    return graph


def old_topics(rows: list[dict], filters: Filters) -> nx.Graph:
    """Every row is a (person, concept, work) triple; a concept is a "subject" if any row says so."""
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    sources: dict[str, set] = defaultdict(set)
    pairs: dict[tuple, set] = defaultdict(set)
    for row in in_years(rows, filters):
        concept = row["concept"]
        least(names, row["person"], row["name"])
        least(labels, concept, row["label"] or concept.rsplit("/", 1)[-1])
        sources[concept].add(row["kind"])
        pairs[row["person"], concept].add(row["work"])
    graph = nx.Graph(view="topics")
    graph.add_nodes_from((p, {"label": n, "kind": "person", "bipartite": 0}) for p, n in names.items())
    graph.add_nodes_from((c, {"label": t, "kind": "concept", "bipartite": 1,
                              "source": "subject" if "subject" in sources[c] else "extracted"})
                         for c, t in labels.items())
    graph.add_edges_from((p, c, {"weight": len(w), "works": sorted(w)}) for (p, c), w in pairs.items())
    for node in graph:
        graph.nodes[node]["works"] = len({w for *_, d in graph.edges(node, data=True) for w in d["works"]})
    return graph


def old_treatments(rows: list[dict], filters: Filters) -> nx.MultiGraph:
    """One edge per (arm, target, role, count, negated), from its first row; the amount on it is
    the arm's size for a drug, else the row's count."""
    graph = nx.MultiGraph(view="treatments")
    labels: dict[str, str] = {}
    first: dict[tuple, tuple] = {}
    for row in in_years(rows, filters):
        arm, target, role = row["arm"], row["target"], row["role"]
        size = None if row["armSize"] is None else int(row["armSize"])
        count = None if row["count"] is None else int(row["count"])
        least(labels, arm, row["armLabel"] or "arm " + arm.rsplit("/", 1)[-1])
        least(labels, target, row["targetLabel"] or target.rsplit("/", 1)[-1])
        graph.add_node(arm, kind="arm", patients=size or 0, work=row["work"])
        graph.add_node(target, kind={"agent": "drug"}.get(role, role))
        negated = row["negated"] in ("true", "1")
        first.setdefault((arm, target, role, count, negated), (row["work"], size if role == "agent" else count))
    for (arm, target, role, count, negated), (work, amount) in first.items():
        extra = {"agent": {}, "condition": {"scope": "study"}}.get(role, {"negated": negated})
        graph.add_edge(arm, target, role=role, works=[work], patients=amount or 0, weight=amount or 1, **extra)
    nx.set_node_attributes(graph, labels, "label")
    return graph


OLD_BUILDERS = {"coauthors": old_coauthors, "topics": old_topics, "treatments": old_treatments}
