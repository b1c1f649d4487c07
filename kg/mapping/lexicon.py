"""The lexicon as a SKOS graph: every clinical concept with its labels, synonyms, scheme and
skos:exactMatch to the other schemes it is known in (NCIt, MeSH, ChEBI, DOID, UMLS …)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.concepts import curie_iri, default_tables, read_table
from kg.identity.mint import digest
from kg.mapping import clinical as clinical_module
from kg.mapping.clinical import concept_node, lexicon_scheme
from kg.rdf.namespaces import OX


@lru_cache(maxsize=2)
def lexicon_ntriples(base: str) -> bytes:
    """The lexicon graph as N-Triples, built once per tables, code and base, then kept in the
    user's cache: loading it into a store is then a bulk load, not a build."""
    from kg.cache import cached
    tables = list(default_tables())
    sources = [Path(__file__), Path(clinical_module.__file__), *tables]
    return cached(f"lexicon-graph-{digest(base)}", sources,
                  lambda: ox.serialize(_triples(base), format=ox.RdfFormat.N_TRIPLES))


def _triples(base: str) -> Iterator[ox.Triple]:
    """Each concept once, the first table naming it winning."""
    seen: set[str] = set()
    for table in default_tables():
        for concept in read_table(table):
            if concept.id in seen:
                continue
            seen.add(concept.id)
            c = concept_node(concept.id, base)
            yield ox.Triple(c, OX.RDF.type, OX.SKOS.Concept)
            yield ox.Triple(c, OX.SKOS.prefLabel, ox.Literal(concept.label, language="en"))
            yield ox.Triple(c, OX.SKOS.inScheme, lexicon_scheme(concept.type, base))
            yield ox.Triple(c, OX.SKOS.notation, ox.Literal(concept.id))
            for synonym in dict.fromkeys(concept.synonyms):
                if synonym != concept.label:
                    yield ox.Triple(c, OX.SKOS.altLabel, ox.Literal(synonym, language="en"))
            for xref in concept.xrefs:
                iri = curie_iri(xref)
                if iri is not None and iri != c.value:
                    yield ox.Triple(c, OX.SKOS.exactMatch, ox.NamedNode(iri))
