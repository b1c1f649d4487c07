"""Graph and dataset comparison for tests, with the difference printed on failure."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib
from rdflib.compare import graph_diff, to_isomorphic

DEFAULT_GRAPH = ""  # the default graph's key in a Dataset
Dataset = dict[str, set[ox.Triple]]  # graph name (N-Triples form) → the triples of that graph


def dataset(quads_or_triples: Iterable[ox.Quad | ox.Triple]) -> Dataset:
    """The triples of each graph, keyed by graph name; triples go to the default graph."""
    graphs: Dataset = {}
    for item in quads_or_triples:
        if isinstance(item, ox.Quad) and not isinstance(item.graph_name, ox.DefaultGraph):
            graphs.setdefault(str(item.graph_name), set()).add(item.triple)
        else:
            graphs.setdefault(DEFAULT_GRAPH, set()).add(item.triple if isinstance(item, ox.Quad) else item)
    return graphs


def parse_dataset(path, fmt: ox.RdfFormat) -> Dataset:
    """Parse a file with pyoxigraph, keeping graph names."""
    return dataset(ox.parse(path=str(path), format=fmt))


def nquads_dataset(data: bytes | str) -> Dataset:
    """The dataset of N-Quads text, as riot, rapper, pyld and rdflib write it."""
    return dataset(ox.parse(data.encode("utf-8") if isinstance(data, str) else data,
                            format=ox.RdfFormat.N_QUADS))


def rdflib_dataset(path, fmt: str) -> Dataset:
    """Parse a file into an rdflib Dataset and return its quads, keyed by graph name.

    Literals are kept as written: rdflib would otherwise rewrite some (a dateTime's "Z" as
    "+00:00"), a difference of rdflib's, not of the file.
    """
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        parsed = rdflib.Dataset()
        parsed.parse(path, format=fmt)
    finally:
        rdflib.NORMALIZE_LITERALS = saved
    return nquads_dataset(parsed.serialize(format="nquads", encoding="utf-8"))


def union_of(graphs: Dataset) -> Dataset:
    """All triples in the default graph: what a triple format (Turtle, N-Triples) keeps."""
    return {DEFAULT_GRAPH: set().union(*graphs.values())} if graphs else {}


def _blank_nodes(graphs: Dataset) -> bool:
    return any(isinstance(term, ox.BlankNode) for triples in graphs.values() for triple in triples
               for term in (triple.subject, triple.object))


def assert_same_dataset(expected: Dataset, actual: Dataset, *, label: str = "", most: int = 8) -> None:
    """Fail when any named graph differs, listing per graph the first quads only in one side.

    Set equality is isomorphism only without blank nodes (kg writes none), so a blank node
    fails the comparison rather than pass it by luck.
    """
    assert not _blank_nodes(expected) and not _blank_nodes(actual), \
        f"blank nodes in a dataset ({label}): compare these with rdflib isomorphism instead"
    if expected == actual:
        return
    lines = [f"datasets differ{f' ({label})' if label else ''}:"]
    for name in sorted(set(expected) | set(actual)):
        want, got = expected.get(name, set()), actual.get(name, set())
        if want == got:
            continue
        missing, extra = sorted(map(str, want - got)), sorted(map(str, got - want))
        note = " (no such graph)" if name not in actual else " (not expected)" if name not in expected else ""
        lines.append(f"  graph {name or '(default)'}{note}: {len(missing)} quad(s) missing, "
                     f"{len(extra)} unexpected")
        lines += [f"    - {triple} {name}".rstrip() + " ." for triple in missing[:most]]
        lines += [f"    + {triple} {name}".rstrip() + " ." for triple in extra[:most]]
    raise AssertionError("\n".join(lines[:200]))


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
