"""networkx views built from the named SPARQL queries in kg/views/queries, with filters, writers and pictures; imports: kg.errors, kg.rdf.

Co-authorship, author–topic and treatment networks (DESIGN §8). A view takes a function that
runs SELECT queries, so it works on the embedded store and on remote endpoints alike.
"""

from __future__ import annotations

from collections.abc import Callable
import heapq
import json
from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.views.author_topics import topics
from kg.views.coauthorship import coauthors
from kg.views.filters import MAX_AUTHORS, Filters, find_node, reduce, strength
from kg.views.rows import Row, Select
from kg.views.treatment_arms import treatments

__all__ = ["BUILDERS", "MAX_AUTHORS", "VIEWS", "WRITERS", "Filters", "Row", "Select", "build",
           "coauthors", "find_node", "reduce", "strength", "strongest_edges", "topics", "treatments",
           "write"]

VIEWS = ("coauthors", "topics", "treatments")
BUILDERS: dict[str, Callable[[Select, Filters], nx.Graph]] = {
    "coauthors": coauthors, "topics": topics, "treatments": treatments}


def build(view: str, select: Select, filters: Filters = Filters()) -> nx.Graph:
    """The named view."""
    if view not in BUILDERS:
        raise UsageError(f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}")
    return BUILDERS[view](select, filters)


# -- output --------------------------------------------------------------------------------

WRITERS = (".graphml", ".gexf", ".json", ".png", ".svg")


def _flat(graph: nx.Graph) -> nx.Graph:
    """A copy whose list attributes are joined into strings (GraphML and GEXF hold scalars only)."""
    flat = graph.copy()
    for _, data in flat.nodes(data=True):
        for key, value in list(data.items()):
            if isinstance(value, (list, tuple)):
                data[key] = " ".join(map(str, value))
    edges = flat.edges(keys=True, data=True) if flat.is_multigraph() else flat.edges(data=True)
    for *_, data in edges:
        for key, value in list(data.items()):
            if isinstance(value, (list, tuple)):
                data[key] = " ".join(map(str, value))
    for key, value in list(flat.graph.items()):
        if value is None or isinstance(value, (list, tuple, dict)):
            flat.graph[key] = str(value)
    return flat


def write(graph: nx.Graph, output: str, *, title: str = "") -> None:
    """Write the view by the file extension: GraphML, GEXF, node-link JSON, or a PNG/SVG picture."""
    from kg.rdf.sinks import atomic_output
    suffix = Path(output).suffix.lower()
    if suffix not in WRITERS:
        raise UsageError(f"cannot tell the output from {output!r}: use one of {', '.join(WRITERS)} "
                         "or --format table")
    if suffix in (".png", ".svg"):
        from kg.views.draw import draw
        with atomic_output(output) as handle:
            draw(graph, handle, fmt=suffix[1:], title=title)
        return
    with atomic_output(output) as handle:
        if suffix == ".graphml":
            nx.write_graphml(_flat(graph), handle)
        elif suffix == ".gexf":
            nx.write_gexf(_flat(graph), handle)
        else:
            data = nx.node_link_data(graph, edges="links")
            handle.write(json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8"))


def strongest_edges(graph: nx.Graph, limit: int = 25) -> list[tuple[str, str, dict]]:
    """The heaviest edges, for --format table."""
    edges = graph.edges(data=True)
    return heapq.nsmallest(limit, edges, key=lambda e: (-e[2].get("weight", 1), str(e[0]), str(e[1])))
