"""The person-links graph: person facts read through a SELECT function, linked, written as quads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import pyoxigraph as ox

from kg.identity.linking import PersonFacts, PersonLink, block_key, link_persons
from kg.identity.mint import digest
from kg.mapping.bib import string
from kg.mapping.provenance import generation
from kg.rdf.namespaces import OX

Select = Callable[[str], Iterable[Mapping[str, object]]]

_PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX pro: <http://purl.org/spar/pro/>
PREFIX kgo: <https://w3id.org/litkg/ontology#>
"""
# Simple patterns, each row once: the default graph is the union of the record graphs, where
# the same triple stands once per graph, so joins of several patterns multiply rows.
NAMES = _PREFIXES + "SELECT DISTINCT ?p ?v WHERE { ?p a foaf:Person ; foaf:name ?v }"
ATTRIBUTES = _PREFIXES + """SELECT DISTINCT ?p ?a ?v WHERE {
  VALUES ?a { foaf:givenName foaf:familyName kgo:orcid kgo:scopusAuthorId kgo:researcherId kgo:openalexId }
  ?p ?a ?v
}"""
AUTHORSHIPS = _PREFIXES + "SELECT DISTINCT ?w ?p WHERE { ?w dcterms:creator ?p }"
VENUES = _PREFIXES + "SELECT DISTINCT ?w ?j WHERE { ?w dcterms:isPartOf ?j }"
AFFILIATIONS = _PREFIXES + "SELECT DISTINCT ?p ?o WHERE { ?role pro:isHeldBy ?p ; pro:relatesToOrganization ?o }"
_KGO = "https://w3id.org/litkg/ontology#"
_FOAF = "http://xmlns.com/foaf/0.1/"
_SCHEMES = {_KGO + "orcid": "orcid", _KGO + "scopusAuthorId": "scopus", _KGO + "researcherId": "researcherid",
            _KGO + "openalexId": "openalex"}


def _value(row: Mapping[str, object], name: str) -> str | None:
    try:
        term = row[name]
    except (KeyError, IndexError):
        return None
    return None if term is None else term.value  # type: ignore[attr-defined]


def person_facts(select: Select) -> list[PersonFacts]:
    """Every person node with its names, identifiers, works, co-authors, journals and affiliations."""
    names: dict[str, str] = {}
    for row in select(NAMES):
        person, name = _value(row, "p"), _value(row, "v")
        names[person] = min(names.get(person, name), name)
    parts: dict[tuple[str, str], str] = {}
    ids: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in select(ATTRIBUTES):
        person, attribute, value = _value(row, "p"), _value(row, "a"), _value(row, "v")
        if attribute in _SCHEMES:
            ids[person].add((_SCHEMES[attribute], value))
        else:
            key = (person, attribute)
            parts[key] = min(parts.get(key, value), value)
    works: dict[str, set[str]] = defaultdict(set)
    authors: dict[str, set[str]] = defaultdict(set)
    for row in select(AUTHORSHIPS):
        works[_value(row, "p")].add(_value(row, "w"))
        authors[_value(row, "w")].add(_value(row, "p"))
    venues_of: dict[str, set[str]] = defaultdict(set)
    for row in select(VENUES):
        venues_of[_value(row, "w")].add(_value(row, "j"))
    organizations: dict[str, set[str]] = defaultdict(set)
    for row in select(AFFILIATIONS):
        organizations[_value(row, "p")].add(_value(row, "o"))
    forms = {p: (name, parts.get((p, _FOAF + "givenName")), parts.get((p, _FOAF + "familyName")))
             for p, name in names.items()}
    blocks = {p: block_key(*form) for p, form in forms.items()}
    return [PersonFacts(
        iri=p, name=form[0], given=form[1], family=form[2], ids=frozenset(ids[p]),
        works=frozenset(works[p]),
        coauthors=frozenset(blocks[q] for w in works[p] for q in authors[w] if q != p and blocks.get(q)),
        venues=frozenset(j for w in works[p] for j in venues_of[w]),
        organizations=frozenset(organizations[p]),
    ) for p, form in sorted(forms.items())]


def links_graph(base: str) -> ox.NamedNode:
    """``{base}graph/links/persons``: replaced whole each time the links are made."""
    return ox.NamedNode(f"{base}graph/links/persons")


def link_quads(links: Iterable[PersonLink], *, base: str, generated_at: str) -> list[ox.Quad]:
    """The links as triples of the links graph, each with a kgo:PersonLink saying why."""
    graph = links_graph(base)
    triples: list[tuple] = list(generation(graph, generated_at))
    for link in links:
        first, second = ox.NamedNode(link.first), ox.NamedNode(link.second)
        node = ox.NamedNode(f"{base}link/person/{digest(link.first + '|' + link.second)}")
        triples += [(first, OX.KGO.samePersonAs, second), (node, OX.RDF.type, OX.KGO.PersonLink),
                    (node, OX.KGO.linkedPerson, first), (node, OX.KGO.linkedPerson, second),
                    (node, OX.KGO.linkRule, string(link.rule))]
        triples += [(node, OX.KGO.linkEvidence, string(item)) for item in link.evidence]
    return [ox.Quad(s, p, o, graph) for s, p, o in dict.fromkeys(triples)]


def person_links(select: Select, *, base: str, generated_at: str) -> tuple[ox.NamedNode, list[ox.Quad], int]:
    """The links graph of what ``select`` reaches: (graph, quads, number of links)."""
    links = link_persons(person_facts(select))
    return links_graph(base), link_quads(links, base=base, generated_at=generated_at), len(links)
