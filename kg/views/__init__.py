"""networkx views built from the named SPARQL queries in kg/views/queries, with filters, writers and pictures; imports: kg.errors, kg.rdf.

Co-authorship, author–topic and treatment networks (DESIGN §8). A view takes a function that
runs SELECT queries, so it works on the embedded store and on remote endpoints alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
import json
from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.views.queries import load_query

Row = Mapping[str, object]
Select = Callable[[str], Iterable[Row]]
VIEWS = ("coauthors", "topics", "treatments")


def _value(row: Row, name: str) -> str | None:
    try:
        term = row[name]
    except (KeyError, IndexError):
        return None
    return None if term is None else term.value  # type: ignore[attr-defined]


def _int(row: Row, name: str) -> int | None:
    value = _value(row, name)
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What to keep of a view: years of the works, edge weight, the strongest nodes, one ego network."""

    year_from: int | None = None
    year_to: int | None = None
    min_weight: float = 0
    top: int | None = None
    around: str | None = None  # a node IRI, or a (part of a) label

    def __post_init__(self) -> None:
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise UsageError(f"the years run from {self.year_from} to {self.year_to}: give a "
                             "--year-from no later than --year-to")
        if self.top is not None and self.top < 1:
            raise UsageError("keep at least one node: --top takes a number from 1 up")
        if self.min_weight < 0:
            raise UsageError("edge weights are never negative: --min-weight takes 0 or more")

    def year_ok(self, year: int | None) -> bool:
        if year is None:
            return self.year_from is None and self.year_to is None
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to)


def _label(labels: dict[str, str], node: str, label: str | None) -> None:
    """Keep one label per node, the same whatever order an endpoint returns the rows in."""
    if label is not None:
        labels[node] = min(labels.get(node, label), label)


# -- the three views ---------------------------------------------------------------------------

def coauthors(select: Select, filters: Filters = Filters()) -> nx.Graph:
    """Persons as nodes (name, works); an edge per pair of co-authors, weight = joint works,
    with the works listed on the edge."""
    works_of: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    joint: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select(load_query("coauthors")):
        if not filters.year_ok(_int(row, "year")):
            continue
        work, a, b = _value(row, "work"), _value(row, "a"), _value(row, "b")
        _label(names, a, _value(row, "nameA"))
        works_of[a].add(work)
        if b is not None:
            _label(names, b, _value(row, "nameB"))
            works_of[b].add(work)
            joint[(a, b)].add(work)
    graph = nx.Graph(view="coauthors")
    for person, works in works_of.items():
        graph.add_node(person, label=names[person], kind="person", works=len(works))
    for (a, b), works in joint.items():
        graph.add_edge(a, b, weight=len(works), works=sorted(works))
    return reduce(graph, filters)


def topics(select: Select, filters: Filters = Filters()) -> nx.Graph:
    """Bipartite persons ↔ concepts (ASJC fields, keywords, MeSH headings, extracted drugs and
    diseases); weight = works of the person about the concept."""
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    persons: dict[str, str] = {}
    concepts: dict[str, tuple[str, str]] = {}
    for row in select(load_query("topics")):
        if not filters.year_ok(_int(row, "year")):
            continue
        person, concept = _value(row, "person"), _value(row, "concept")
        _label(persons, person, _value(row, "name"))
        label = _value(row, "label") or concept.rsplit("/", 1)[-1]
        kind = _value(row, "kind")
        known = concepts.get(concept)
        if known is None:
            concepts[concept] = (label, kind)
        else:  # several labels or kinds: the same choice whatever order the rows come in
            concepts[concept] = (min(known[0], label), "subject" if "subject" in (known[1], kind) else kind)
        pairs[(person, concept)].add(_value(row, "work"))
    graph = nx.Graph(view="topics")
    for person, name in persons.items():
        graph.add_node(person, label=name, kind="person", bipartite=0)
    for concept, (label, kind) in concepts.items():
        graph.add_node(concept, label=label, kind="concept", source=kind, bipartite=1)
    for (person, concept), works in pairs.items():
        graph.add_edge(person, concept, weight=len(works), works=sorted(works))
    for node, data in graph.nodes(data=True):
        data["works"] = len({w for _, _, e in graph.edges(node, data=True) for w in e["works"]})
    return reduce(graph, filters)


def treatments(select: Select, filters: Filters = Filters()) -> nx.Graph:
    """Arms (regimens) between their drugs, the study's conditions and the findings stated for
    them. Drug–arm edges carry the arm's patients; arm–condition edges the cohort count;
    arm–outcome edges the patients with that response and whether it was negated. A finding
    is tied to the arm, so a combination is never credited to each of its drugs alone."""
    graph = nx.MultiGraph(view="treatments")
    seen: set[tuple] = set()
    labels: dict[str, str] = {}
    for row in select(load_query("treatments")):
        if not filters.year_ok(_int(row, "year")):
            continue
        arm, work, role = _value(row, "arm"), _value(row, "work"), _value(row, "role")
        target = _value(row, "target")
        size = _int(row, "armSize")
        _label(labels, arm, _value(row, "armLabel") or f"arm {arm.rsplit('/', 1)[-1]}")
        _label(labels, target, _value(row, "targetLabel") or target.rsplit("/", 1)[-1])
        graph.add_node(arm, kind="arm", patients=size if size is not None else 0, work=work)
        kind = {"agent": "drug", "condition": "condition"}.get(role, role)
        graph.add_node(target, kind=kind)
        count = _int(row, "count")
        negated = _value(row, "negated") in ("true", "1")
        key = (arm, target, role, count, negated)
        if key in seen:
            continue
        seen.add(key)
        attributes = {"role": role, "works": [work]}
        if role == "agent":
            attributes.update(patients=size if size is not None else 0, weight=size or 1)
        elif role == "condition":
            attributes.update(patients=count if count is not None else 0, weight=count or 1,
                              scope="study")
        else:
            attributes.update(patients=count if count is not None else 0, weight=count or 1,
                              negated=negated)
        graph.add_edge(arm, target, **attributes)
    nx.set_node_attributes(graph, labels, "label")
    return reduce(graph, filters)


BUILDERS: dict[str, Callable[[Select, Filters], nx.Graph]] = {
    "coauthors": coauthors, "topics": topics, "treatments": treatments}


def build(view: str, select: Select, filters: Filters = Filters()) -> nx.Graph:
    """The named view."""
    if view not in BUILDERS:
        raise UsageError(f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}")
    return BUILDERS[view](select, filters)


# -- reduction -----------------------------------------------------------------------------

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
    return sorted(edges, key=lambda e: (-e[2].get("weight", 1), str(e[0]), str(e[1])))[:limit]
