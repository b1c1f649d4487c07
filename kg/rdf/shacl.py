"""SHACL validation of the store or an RDF file against ontology/shapes.ttl, graph by graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
import rdflib
from rdflib.namespace import SH

from kg.errors import InputError
from kg.rdf.namespaces import PREFIXES
from kg.resources import ontology_file

_PARSE_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
                  ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
                  ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                  ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                  ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML}


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed constraint: which graph, which node, which property, what is wrong."""

    graph: str
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{_short(self.focus)}" + (f" {_short(self.path)}" if self.path else "")
        return f"[{_short(self.graph)}] {where}: {self.message}"


@dataclass(slots=True)
class Report:
    """The outcome of a validation run."""

    graphs: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self, limit: int = 50) -> str:
        """A readable report: a verdict line, then one line per violation (up to ``limit``)."""
        if self.conforms:
            return f"conforms: {self.graphs} graph(s) checked against ontology/shapes.ttl\n"
        lines = [f"does not conform: {len(self.violations)} violation(s) in {self.graphs} graph(s)"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines) + "\n"


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    """ontology/shapes.ttl as an rdflib graph (parsed once)."""
    return rdflib.Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def _to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def validate_graph(triples: Iterable[ox.Triple], graph_name: str = "default") -> list[Violation]:
    """The violations of one graph's triples."""
    data = _to_rdflib(triples)
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes_graph(), advanced=True,
                                          allow_warnings=True)
    if conforms:
        return []
    out = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        out.append(Violation(graph=graph_name, focus=str(focus or ""),
                             path=str(path) if isinstance(path, rdflib.URIRef) else "",
                             message=str(message or "constraint violated")))
    return sorted(out, key=lambda v: (v.graph, v.focus, v.path, v.message))


def validate_quads(quads: Iterable[ox.Quad]) -> Report:
    """Validate quads graph by graph (each named graph on its own, the default graph as one)."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "default"
        by_graph.setdefault(name, []).append(quad.triple)
    report = Report(graphs=len(by_graph))
    for name in sorted(by_graph):
        report.violations += validate_graph(by_graph[name], name)
    return report


def read_rdf_file(path: str) -> list[ox.Quad]:
    """The quads of an RDF file, its format taken from the extension."""
    suffix = Path(path).suffix.lower()
    fmt = _PARSE_FORMATS.get(suffix)
    if fmt is None:
        raise InputError(f"cannot tell the RDF format from the extension {suffix!r} "
                         f"(known: {', '.join(sorted(_PARSE_FORMATS))})", path=path)
    try:
        with open(path, "rb") as handle:
            return [q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object)
                    for q in ox.parse(handle, format=fmt)]
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except SyntaxError as exc:
        raise InputError(f"not valid {suffix[1:]}: {exc}", path=path) from None

