"""A streaming JSON-LD writer: compact node objects per named graph, with kg's context inlined."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import groupby
import json
from typing import IO

import pyoxigraph as ox

from kg.resources import ontology_file

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@lru_cache(maxsize=1)
def context() -> dict:
    """The ``@context`` object of ontology/context.jsonld."""
    with ontology_file("context.jsonld").open(encoding="utf-8") as handle:
        return json.load(handle)["@context"]


class _Compactor:
    """Turns IRIs into compact IRIs and picks the context term for each predicate."""

    def __init__(self, ctx: dict) -> None:
        self.prefixes = sorted(((ns, name) for name, ns in ctx.items()
                                if isinstance(ns, str) and ns.endswith(("/", "#"))),
                               key=lambda item: -len(item[0]))
        self.terms: dict[str, list[tuple[str, str | None]]] = {}
        for term, definition in ctx.items():
            if isinstance(definition, dict) and "@id" in definition:
                iri = self.expand(definition["@id"])
                coercion = definition.get("@type")
                if coercion not in (None, "@id"):
                    coercion = self.expand(coercion)
                self.terms.setdefault(iri, []).append((term, coercion))
        self.reserved = set(ctx)

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        if sep and not local.startswith("//"):
            for ns, name in self.prefixes:
                if name == prefix:
                    return ns + local
        return value

    def compact(self, iri: str) -> str:
        for ns, name in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if ":" not in local and not local.startswith("/"):
                    return f"{name}:{local}"
        return iri

    def key_and_values(self, predicate: str, objects: list) -> tuple[str, list]:
        for term, coercion in self.terms.get(predicate, ()):
            if coercion == "@id" and all(isinstance(o, ox.NamedNode) for o in objects):
                return term, [self.compact(o.value) for o in objects]
            if coercion not in (None, "@id") and all(
                    isinstance(o, ox.Literal) and o.datatype.value == coercion for o in objects):
                return term, [o.value for o in objects]
            if coercion is None:
                return term, [self.value(o) for o in objects]
        return self.compact(predicate), [self.value(o) for o in objects]

    def value(self, obj) -> object:
        if isinstance(obj, ox.NamedNode):
            return {"@id": self.compact(obj.value)}
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if obj.datatype.value == _XSD_STRING:
            return obj.value
        return {"@value": obj.value, "@type": self.compact(obj.datatype.value)}


def _node_objects(triples: list[ox.Triple], compactor: _Compactor) -> list[dict]:
    nodes = []
    triples.sort(key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    for subject, group in groupby(triples, key=lambda t: t.subject.value):
        obj: dict[str, object] = {"id": compactor.compact(subject)}
        by_predicate: dict[str, list] = {}
        for triple in group:
            by_predicate.setdefault(triple.predicate.value, []).append(triple.object)
        types = by_predicate.pop(_RDF_TYPE, [])
        if types and all(isinstance(t, ox.NamedNode) for t in types):
            names = [compactor.compact(t.value) for t in types]
            obj["type"] = names[0] if len(names) == 1 else names
        elif types:
            by_predicate[_RDF_TYPE] = types
        for predicate, objects in by_predicate.items():
            key, values = compactor.key_and_values(predicate, objects)
            obj[key] = values[0] if len(values) == 1 else values
        nodes.append(obj)
    return nodes


def graph_objects(quads: Iterable[ox.Quad]) -> Iterator[dict]:
    """One ``{"id": graph, "@graph": [...]}`` object per run of quads in the same graph."""
    compactor = _Compactor(context())
    for graph, group in groupby(quads, key=lambda q: q.graph_name):
        nodes = _node_objects([q.triple for q in group], compactor)
        if isinstance(graph, ox.DefaultGraph):
            yield from nodes
        else:
            yield {"id": compactor.compact(graph.value), "@graph": nodes}


def write_jsonld(quads: Iterable[ox.Quad], out: IO[str]) -> None:
    """Write a compact JSON-LD dataset document, one graph object at a time."""
    out.write('{\n"@context": ')
    out.write("{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                                  for k, v in context().items()) + "\n}")
    out.write(',\n"@graph": [')
    first = True
    for obj in graph_objects(quads):
        out.write("\n" if first else ",\n")
        out.write(json.dumps(obj, ensure_ascii=False, indent=1))
        first = False
    out.write("\n]\n}\n")
