"""The treatments view: study arms (regimens) between their drugs, the study's conditions and the findings stated for them."""

from __future__ import annotations

import networkx as nx

from kg.views.filters import Filters, reduce
from kg.views.rows import Select, kept_works, label, local_name, rows

_COLUMNS = ("work", "arm", "armLabel", "armSize", "role", "target", "targetLabel", "count", "negated")
_KINDS = {"agent": "drug", "condition": "condition"}


def treatments(select: Select, filters: Filters = Filters()) -> nx.Graph:
    """Arms (regimens) between their drugs, the study's conditions and the findings stated for
    them. Drug–arm edges carry the arm's patients; arm–condition edges the cohort count;
    arm–outcome edges the patients with that response and whether it was negated. A finding
    is tied to the arm, so a combination is never credited to each of its drugs alone."""
    kept = kept_works(select, filters)
    graph = nx.MultiGraph(view="treatments")
    seen: set[tuple] = set()
    labels: dict[str, str] = {}
    # Sorted (unbound values first), so that rows in any order give the same graph.
    for row in sorted(rows(select, "treatments", *_COLUMNS), key=lambda r: [(v is not None, v or "") for v in r]):
        work, arm, arm_label, arm_size, role, target, target_label, count, negated = row
        if kept is not None and work not in kept:
            continue
        size = None if arm_size is None else int(arm_size)
        count = None if count is None else int(count)
        label(labels, arm, arm_label or f"arm {local_name(arm)}")
        label(labels, target, target_label or local_name(target))
        graph.add_node(arm, kind="arm", patients=size if size is not None else 0, work=work)
        graph.add_node(target, kind=_KINDS.get(role, role))
        negated = negated in ("true", "1")
        if (arm, target, role, count, negated) in seen:
            continue
        seen.add((arm, target, role, count, negated))
        graph.add_edge(arm, target, **_edge(role, work, size, count, negated))
    nx.set_node_attributes(graph, labels, "label")
    return reduce(graph, filters)


def _edge(role: str, work: str, size: int | None, count: int | None, negated: bool) -> dict:
    """An arm's edge: to a drug, the arm's patients; to a condition, the cohort count (the
    study's); to a response or observation, the patients and whether it was negated."""
    attributes: dict = {"role": role, "works": [work]}
    if role == "agent":
        attributes.update(patients=size if size is not None else 0, weight=size or 1)
    elif role == "condition":
        attributes.update(patients=count if count is not None else 0, weight=count or 1, scope="study")
    else:
        attributes.update(patients=count if count is not None else 0, weight=count or 1, negated=negated)
    return attributes
