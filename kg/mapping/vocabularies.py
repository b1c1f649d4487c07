"""The vocabulary graphs a store keeps beside the records: the shipped SKOS schemes and the lexicon."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.rdf.vocab import vocabulary_files


def vocabulary_sources(base: str) -> dict[str, Callable[[], bytes | Path]]:
    """Name -> a callable giving the vocabulary as a Turtle file or N-Triples bytes; the lexicon
    graph (built from the tables, then cached) is made only when a store asks for it."""
    sources: dict[str, Callable[[], bytes | Path]] = {
        name: (lambda path=path: path) for name, path in vocabulary_files().items()}

    def lexicon() -> bytes:
        from kg.mapping.lexicon import lexicon_ntriples  # the lexicon tables load only when needed
        return lexicon_ntriples(base)

    sources["lexicon"] = lexicon
    return sources
