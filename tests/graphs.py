"""Graph comparison for tests: isomorphism with the difference printed on failure."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.compare import graph_diff, to_isomorphic


def union_graph(quads_or_triples) -> rdflib.Graph:
    """An rdflib graph of the triples (graph names dropped) of pyoxigraph quads or triples."""
    triples = (q.triple if isinstance(q, ox.Quad) else q for q in quads_or_triples)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return rdflib.Graph().parse(data=data, format="nt")


def parse_union(path, fmt: str) -> rdflib.Graph:
    """Parse a file with pyoxigraph and return its union graph for rdflib comparison."""
    with open(path, "rb") as handle:
        return union_graph(ox.parse(handle, format=fmt))


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph, *, label: str = "") -> None:
    """Fail with the triples only in one graph or the other when the graphs differ."""
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected == iso_actual:
        return
    _, only_expected, only_actual = graph_diff(iso_expected, iso_actual)
    lines = [f"graphs differ{f' ({label})' if label else ''}:"]
    lines += [f"  - {t}" for t in sorted(only_expected.serialize(format="nt").splitlines()) if t]
    lines += [f"  + {t}" for t in sorted(only_actual.serialize(format="nt").splitlines()) if t]
    raise AssertionError("\n".join(lines[:200]))
