"""What to keep of a view (years, edge weight, the strongest nodes, one ego network, authors per work) and how it is cut down."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.errors import UsageError

# Works with more named authors add no co-author edges, as VOSviewer's "ignore documents with a
# large number of authors" (whose default is 25): a 3,000-author paper is not 4.5 million ties.
MAX_AUTHORS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What to keep of a view: years of the works, edge weight, the strongest nodes, one ego
    network, and the most authors a work may have to add co-author edges (0: no limit)."""

    year_from: int | None = None
    year_to: int | None = None
    min_weight: float = 0
    top: int | None = None
    around: str | None = None  # a node IRI, or a (part of a) label
    max_authors: int = MAX_AUTHORS

    def __post_init__(self) -> None:
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise UsageError(f"the years run from {self.year_from} to {self.year_to}: give a "
                             "--year-from no later than --year-to")
        if self.top is not None and self.top < 1:
            raise UsageError("keep at least one node: --top takes a number from 1 up")
        if self.min_weight < 0:
            raise UsageError("edge weights are never negative: --min-weight takes 0 or more")
        if self.max_authors < 0:
            raise UsageError("--max-authors takes 0 (no limit) or more")

    @property
    def by_year(self) -> bool:
        """Whether a year bound is set (else every work is kept, dated or not)."""
        return self.year_from is not None or self.year_to is not None

    def year_ok(self, year: int | None) -> bool:
        if year is None:
            return not self.by_year
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to)

    def too_many_authors(self, count: int) -> bool:
        """Whether a work with ``count`` authors is left out of the co-author edges."""
        return bool(self.max_authors) and count > self.max_authors


def find_node(graph: nx.Graph, around: str) -> str:
    """The node an --around argument names: an IRI, else the one whose label contains it."""
    if around in graph:
        return around
    matches = [n for n, d in graph.nodes(data=True) if around.casefold() in str(d.get("label", "")).casefold()]
    exact = [n for n in matches if str(graph.nodes[n].get("label", "")).casefold() == around.casefold()]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        raise UsageError(f"no node is called {around!r} in this view")
    names = ", ".join(sorted(str(graph.nodes[n]["label"]) for n in matches)[:8])
    raise UsageError(f"{around!r} names {len(matches)} nodes ({names}…): give more of the name or an IRI")


def strength(graph: nx.Graph, node: str) -> float:
    return sum(d.get("weight", 1) for _, _, d in graph.edges(node, data=True))


def reduce(graph: nx.Graph, filters: Filters) -> nx.Graph:
    """Apply --min-weight, --around (ego network) and --top (strongest nodes)."""
    if filters.min_weight:
        if graph.is_multigraph():
            drop = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                    if d.get("weight", 1) < filters.min_weight]
        else:
            drop = [(u, v) for u, v, d in graph.edges(data=True)
                    if d.get("weight", 1) < filters.min_weight]
        graph.remove_edges_from(drop)
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    if filters.around:
        centre = find_node(graph, filters.around)
        graph = nx.ego_graph(graph, centre, radius=1).copy()
        graph.graph["around"] = centre
    if filters.top and graph.number_of_nodes() > filters.top:
        keep = sorted(graph, key=lambda n: (-strength(graph, n), str(n)))[: filters.top]
        graph = graph.subgraph(keep).copy()
        graph.graph["reduced_to_top"] = filters.top
    return graph
