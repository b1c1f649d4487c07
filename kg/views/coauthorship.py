"""The co-authorship view: persons joined by the works they wrote together, paired in Python from (work, person) rows."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

from kg.views.filters import Filters, reduce
from kg.views.rows import Select, creators, kept_works, link, rows


def coauthors(select: Select, filters: Filters = Filters()) -> nx.Graph:
    """Persons as nodes (name, works); an edge per pair of co-authors, weight = joint works,
    with the works listed on the edge. A work with more than ``filters.max_authors`` named
    authors counts for each of them but adds no edges; the graph says how many did not
    (``works_over_max_authors``)."""
    authors, names = creators(select, kept_works(select, filters))
    one = linked_persons(select)
    if one:  # linked name forms of one person count as one node, named by its fullest form
        forms: dict[str, list[str]] = {}
        for person in names:
            forms.setdefault(one.get(person, person), []).append(names[person])
        names = {person: max(labels, key=lambda n: (len(n), n)) for person, labels in forms.items()}
        authors = {work: {one.get(p, p) for p in persons} for work, persons in authors.items()}
    works = sorted(authors)  # in order, so that nodes, edges and the works on them come out sorted
    crowded = {work for work in works if filters.too_many_authors(len(authors[work]))}
    counts = Counter(person for persons in authors.values() for person in persons)
    graph = nx.Graph(view="coauthors", max_authors=filters.max_authors,
                     works_over_max_authors=len(crowded), linked_person_nodes=len(one))
    graph.add_nodes_from((person, {"label": names[person], "kind": "person", "works": counts[person]})
                         for person in sorted(counts))
    for work in works:
        if work not in crowded:
            for a, b in combinations(sorted(authors[work]), 2):
                link(graph, a, b, work)
    return reduce(graph, filters)


def linked_persons(select: Select) -> dict[str, str]:
    """Each linked person node → the smallest IRI of its group (the links graph's samePersonAs)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for a, b in rows(select, "person_links", "a", "b"):
        ra, rb = sorted((root(a), root(b)))
        if ra != rb:
            parent[rb] = ra
            parent.setdefault(ra, ra)
    return {node: root(node) for node in parent if root(node) != node}
