"""Paths of the files kg ships as package data (ontology, shapes, context, vocabularies, lexicon); imports nothing from kg."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def ontology_file(relative: str) -> Path:
    """The path of a file under ontology/, e.g. ``ontology_file("vocab/asjc.ttl")``."""
    return Path(str(files("kg.ontology").joinpath(relative)))
