"""Pictures of views (PNG, SVG) with matplotlib: labelled important nodes, edge width by
weight, a legend and a title saying what was drawn; large graphs are reduced, not hairballs."""

from __future__ import annotations

import networkx as nx

from kg.errors import KgError

MAX_DRAWN = 80  # nodes: beyond this the strongest are kept and the title says so
LABELLED = 25  # nodes labelled, by strength
COLOURS = {"person": "#4C72B0", "concept": "#DD8452", "arm": "#55A868", "drug": "#C44E52",
           "condition": "#8172B3", "response": "#937860", "observation": "#DA8BC3"}
TITLES = {"coauthors": "Co-authorship", "topics": "Authors and topics", "treatments": "Treatments"}


def _strength(graph: nx.Graph, node) -> float:
    return sum(d.get("weight", 1) for _, _, d in graph.edges(node, data=True))


def draw(graph: nx.Graph, handle, *, fmt: str, title: str = "") -> None:
    """Draw the view into an open binary file."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise KgError("pictures need matplotlib: pip install 'kg[draw]' "
                      "(or write .graphml, .gexf or .json)") from None
    view = graph.graph.get("view", "")
    total = graph.number_of_nodes()
    if total > MAX_DRAWN:
        keep = sorted(graph, key=lambda n: (-_strength(graph, n), str(n)))[:MAX_DRAWN]
        graph = graph.subgraph(keep).copy()
    simple = nx.Graph(graph) if graph.is_multigraph() else graph
    figure, axes = plt.subplots(figsize=(12, 9), dpi=110)
    if simple.number_of_nodes() == 0:
        axes.text(0.5, 0.5, "nothing to draw for these filters", ha="center", va="center")
    else:
        _draw_network(simple, axes, view)
    axes.set_title(_heading(graph, simple, view, total, title), fontsize=10)
    axes.axis("off")
    figure.tight_layout()
    figure.savefig(handle, format=fmt)
    plt.close(figure)


def _layout(simple: nx.Graph, view: str) -> dict:
    if view == "topics":
        people = [n for n, d in simple.nodes(data=True) if d.get("kind") == "person"]
        if people:
            return nx.bipartite_layout(simple, people)
        return nx.spring_layout(simple, seed=7)
    return nx.spring_layout(simple, seed=7, k=1.6 / max(1, simple.number_of_nodes()) ** 0.5,
                            weight="weight")


def _draw_network(simple: nx.Graph, axes, view: str) -> None:
    """Edges (width by weight, denied ones dashed), nodes (size by strength), labels, legend."""
    from matplotlib.lines import Line2D
    position = _layout(simple, view)
    weights = [d.get("weight", 1) for _, _, d in simple.edges(data=True)]
    top = max(weights, default=1)
    stated = [(u, v) for u, v, d in simple.edges(data=True) if not d.get("negated")]
    denied = [(u, v) for u, v, d in simple.edges(data=True) if d.get("negated")]
    nx.draw_networkx_edges(simple, position, ax=axes, edgelist=stated, alpha=0.45,
                           edge_color="#777777",
                           width=[0.6 + 4.0 * simple.edges[e].get("weight", 1) / top for e in stated])
    nx.draw_networkx_edges(simple, position, ax=axes, edgelist=denied, alpha=0.7,
                           edge_color="#C44E52", style="dashed", width=1.0)
    strengths = {n: _strength(simple, n) for n in simple}
    biggest = max(strengths.values(), default=1) or 1
    colours = [COLOURS.get(simple.nodes[n].get("kind"), "#999999") for n in simple]
    sizes = [120 + 900 * strengths[n] / biggest for n in simple]
    nx.draw_networkx_nodes(simple, position, ax=axes, node_color=colours, node_size=sizes,
                           linewidths=0.5, edgecolors="white")
    labelled = sorted(simple, key=lambda n: (-strengths[n], str(n)))[:LABELLED]
    nx.draw_networkx_labels(simple, position, ax=axes, font_size=8,
                            labels={n: _short(simple.nodes[n].get("label", n)) for n in labelled})
    if view == "treatments":
        edge_labels = {(u, v): ("not seen" if d.get("negated") else d.get("patients"))
                       for u, v, d in simple.edges(data=True)
                       if d.get("role") in ("response", "observation")
                       and (d.get("patients") or d.get("negated"))}
        nx.draw_networkx_edge_labels(simple, position, edge_labels=edge_labels, ax=axes,
                                     font_size=7)
    kinds = sorted({d.get("kind") for _, d in simple.nodes(data=True)} - {None})
    axes.legend(handles=[Line2D([0], [0], marker="o", color="w", markersize=9,
                                markerfacecolor=COLOURS.get(k, "#999999"), label=k)
                         for k in kinds], loc="lower left", frameon=False, title="nodes")


def _heading(graph: nx.Graph, simple: nx.Graph, view: str, total: int, title: str) -> str:
    """What was drawn: the view, its size (and how it was reduced), its focus, and the key."""
    shown = simple.number_of_nodes()
    reduced = f" (the {shown} strongest of {total} nodes)" if shown < total else ""
    heading = f"{TITLES.get(view, view)}: {shown} nodes, {simple.number_of_edges()} edges{reduced}"
    if graph.graph.get("around"):
        heading += f"\naround {graph.nodes[graph.graph['around']].get('label', graph.graph['around'])}"
    if title:
        heading += f"\n{title}"
    return (heading + "\nedge width: weight (works, or patients); node size: strength"
            + ("; dashed red: stated as not seen" if view == "treatments" else ""))


def _short(label, limit: int = 32) -> str:
    text = str(label)
    return text if len(text) <= limit else text[: limit - 1] + "…"
