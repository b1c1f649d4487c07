"""Controlled vocabularies kg maps into: ASJC concepts by code or label, MeSH and language IRIs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
import re

import pyoxigraph as ox

from kg.rdf.namespaces import ASJC, ISO639_1, MESH, SKOS, node
from kg.resources import ontology_file

_ASJC_CODE = re.compile(r"\d{4}")
_MESH_ID = re.compile(r"[A-Z]\d{6,9}")


def vocabulary_files() -> dict[str, Path]:
    """Every SKOS scheme shipped under ontology/vocab/, by name ("asjc" → its .ttl)."""
    folder = ontology_file("vocab")
    return {path.stem: path for path in sorted(folder.glob("*.ttl"))}


def _label_key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", label.casefold().replace("&", "and"))


@lru_cache(maxsize=1)
def _asjc_index() -> dict[str, str]:
    """Normalised label → ASJC code, four-digit field codes winning over subject areas."""
    labels = (node(SKOS.prefLabel), node(SKOS.altLabel))
    notation = node(SKOS.notation)
    codes: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    with vocabulary_files()["asjc"].open("rb") as handle:
        for triple in ox.parse(handle, format=ox.RdfFormat.TURTLE):
            if triple.predicate == notation:
                codes[triple.subject.value] = triple.object.value
            elif triple.predicate in labels:
                names.append((triple.subject.value, triple.object.value))
    index: dict[str, str] = {}
    for iri, label in names:
        code = codes.get(iri)
        if code is None:
            continue
        key = _label_key(label)
        if key not in index or (_ASJC_CODE.fullmatch(code) and not _ASJC_CODE.fullmatch(index[key])):
            index[key] = code
    return index


def asjc_code(label: str) -> str | None:
    """The ASJC code a portal label names ("Radiology Nuclear Medicine and imaging" → "2741")."""
    return _asjc_index().get(_label_key(label))


def asjc_concept(code: str | None, label: str | None = None) -> ox.NamedNode | None:
    """The ASJC concept for a code, or for a label when no code is given; None when unknown."""
    if not code and label:
        code = asjc_code(label)
    if code and _ASJC_CODE.fullmatch(code):
        return ox.NamedNode(str(ASJC[code]))
    return None


def mesh_iri(descriptor: str | None) -> ox.NamedNode | None:
    """The NLM linked-data IRI of a MeSH descriptor or supplementary concept id; None if malformed."""
    if not descriptor or not _MESH_ID.fullmatch(descriptor):
        return None
    return ox.NamedNode(str(MESH[descriptor]))


def language_iri(code: str) -> ox.NamedNode:
    """The Library of Congress ISO 639-1 IRI of a two-letter language code."""
    if not re.fullmatch(r"[a-z]{2}", code):
        raise ValueError(f"not an ISO 639-1 code: {code!r}")
    return ox.NamedNode(str(ISO639_1[code]))
