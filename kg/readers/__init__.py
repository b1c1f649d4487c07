"""The reader registry: one module per input format, one row each, imported lazily, plus content sniffing; imports: kg.model, kg.errors, kg.identity.

A reader is a function ``read(source: Source) -> Iterator[Record | InputError]``: it streams
records one at a time and yields (does not raise) an InputError for a bad record so the rest
of the file still loads; it raises InputError only when the whole file is unreadable.
Each reader module also defines ``sniff(head: str) -> int``, a 0–100 confidence that a
file starting with ``head`` is in its format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module

from kg.errors import InputError
from kg.model import Record
from kg.readers.source import Source, expand_paths

READERS: dict[str, str] = {
    "pure": "kg.readers.pure:read_pure",
    "pubmed": "kg.readers.pubmed:read_pubmed",
    "medline": "kg.readers.medline:read_medline",
    "crossref": "kg.readers.crossref:read_crossref",
    "openalex": "kg.readers.openalex:read_openalex",
    "csl": "kg.readers.csl:read_csl",
    "bibtex": "kg.readers.bibtex:read_bibtex",
    "ris": "kg.readers.ris:read_ris",
    "scopus": "kg.readers.scopus:read_scopus",
    "wos": "kg.readers.wos:read_wos",
    "pubtator": "kg.readers.pubtator:read_pubtator",
}

Reader = Callable[[Source], Iterator["Record | InputError"]]

__all__ = ["READERS", "Reader", "Source", "available_readers", "expand_paths", "get_reader",
           "read_source", "sniff"]


def _module(name: str):
    module_name = READERS[name].partition(":")[0]
    return import_module(module_name)


def available_readers() -> list[str]:
    """Names of the registered readers whose module is present."""
    out = []
    for name in READERS:
        try:
            _module(name)
        except ImportError:
            continue
        out.append(name)
    return out


def get_reader(name: str) -> Reader:
    """The read function registered under ``name``."""
    if name not in READERS:
        raise InputError(f"unknown format {name!r}; choose one of: {', '.join(READERS)}")
    module_name, _, function = READERS[name].partition(":")
    try:
        return getattr(import_module(module_name), function)
    except ModuleNotFoundError as exc:
        raise InputError(f"the {name} reader is not available ({exc.name} is not installed)") from None


def sniff(source: Source) -> str:
    """The name of the reader whose format the content looks like; InputError when none fits."""
    source.check_text()
    head = source.head().decode(source.text_encoding(), errors="replace").lstrip("\ufeff")
    best, best_score = None, 0
    for name in READERS:
        try:
            score = _module(name).sniff(head)
        except ImportError:
            continue
        if score > best_score:
            best, best_score = name, score
    if best is None:
        raise source.error(
            "cannot tell the format from the content; name it with --from "
            f"({', '.join(READERS)})"
        )
    return best


def read_source(source: Source, fmt: str | None = None) -> tuple[str, Iterator[Record | InputError]]:
    """The reader chosen (given or sniffed) and its stream of records and record errors."""
    name = fmt or sniff(source)
    return name, get_reader(name)(source)
