"""The rows of the named view queries as plain strings, and what the views share: the works a year filter keeps, their named creators, concept labels, works counted on edges."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping

from kg.views.filters import Filters
from kg.views.queries import load_query

Row = Mapping[str, object]
Select = Callable[[str], Iterable[Row]]


def value(row: Row, name: str) -> str | None:
    """The lexical value of a variable of a result row; None when it is unbound or absent."""
    try:
        term = row[name]
    except (KeyError, IndexError):
        return None
    return None if term is None else term.value  # type: ignore[attr-defined]


def number(row: Row, name: str) -> int | None:
    found = value(row, name)
    return None if found is None else int(found)


def rows(select: Select, query: str, *names: str) -> Iterator[tuple]:
    """Each row of kg/views/queries/{query}.rq as the lexical values of ``names``."""
    for row in select(load_query(query)):
        yield tuple(value(row, name) for name in names)


def label(labels: dict[str, str], node: str, text: str | None) -> None:
    """Keep one label per node, the least, so that rows in any order give the same one."""
    if text is not None:
        labels[node] = min(labels.get(node, text), text)


def kept_works(select: Select, filters: Filters) -> set[str] | None:
    """The works whose year (any of them, when dcterms:issued has several) the filters accept;
    None when they set no year bound, so every work counts, dated or not."""
    if not filters.by_year:
        return None
    return {work for work, year in rows(select, "work_years", "work", "year")
            if filters.year_ok(None if year is None else int(year))}


def creators(select: Select, kept: set[str] | None) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The named creators of each kept work, and each creator's name."""
    authors: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for work, person, name in rows(select, "work_creators", "work", "person", "name"):
        if kept is None or work in kept:
            authors[work].add(person)
            label(names, person, name)
    return authors, names


def local_name(iri: str) -> str:
    """The last segment of an IRI's path, the label of a node that has none."""
    return iri.rsplit("/", 1)[-1]


def concept_labels(select: Select) -> dict[str, str]:
    """Each labelled concept's preferred label (the least, when it has several; an empty one
    counts as the IRI's last segment)."""
    labels: dict[str, str] = {}
    for concept, text in rows(select, "concept_labels", "concept", "label"):
        label(labels, concept, text or local_name(concept))
    return labels


def link(graph, a: str, b: str, work: str) -> None:
    """Count ``work`` on the edge a–b (weight = works, the works listed on the edge), adding
    the edge on its first work."""
    data = graph.adj[a].get(b)
    if data is None:
        graph.add_edge(a, b, weight=1, works=[work])
    else:
        data["weight"] += 1
        data["works"].append(work)
