"""The author–topic view: persons beside the concepts of their works, paired in Python from (work, person) and (work, concept) rows."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from kg.views.filters import Filters, reduce
from kg.views.rows import Select, concept_labels, creators, kept_works, link, local_name, rows


def topics(select: Select, filters: Filters = Filters()) -> nx.Graph:
    """Bipartite persons ↔ concepts (ASJC fields, keywords, MeSH headings, extracted drugs and
    diseases); weight = works of the person about the concept."""
    authors, names = creators(select, kept_works(select, filters))
    about = concepts_of(select, authors)
    works = sorted(about)  # in order, so that nodes, edges and the works on them come out sorted
    persons = Counter(person for work in works for person in authors[work])
    concepts = Counter(concept for work in works for concept in about[work])
    subjects = {concept for work in works for concept, kind in about[work].items() if kind == "subject"}
    labels = concept_labels(select) if concepts else {}
    graph = nx.Graph(view="topics")
    graph.add_nodes_from((person, {"label": names[person], "kind": "person", "bipartite": 0,
                                   "works": persons[person]}) for person in sorted(persons))
    graph.add_nodes_from((concept, {"label": labels.get(concept, local_name(concept)), "kind": "concept",
                                    "source": "subject" if concept in subjects else "extracted",
                                    "bipartite": 1, "works": concepts[concept]})
                         for concept in sorted(concepts))
    for work in works:
        ordered = sorted(about[work])
        for person in sorted(authors[work]):
            for concept in ordered:
                link(graph, person, concept, work)
    return reduce(graph, filters)


def concepts_of(select: Select, authors: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """The concepts of each work that has named creators, each with where it came from: a
    "subject" term of the record, else "extracted" (a drug or disease the extractor found)."""
    about: dict[str, dict[str, str]] = defaultdict(dict)
    for work, concept in rows(select, "work_subjects", "work", "concept"):
        if work in authors:
            about[work][concept] = "subject"
    found = [(work, concept) for work, concept in rows(select, "work_mentions", "work", "concept")
             if work in authors]
    if found:
        kept = {concept for (concept,) in rows(select, "drug_disease_concepts", "concept")}
        for work, concept in found:
            if concept in kept:
                about[work].setdefault(concept, "extracted")
    return about
