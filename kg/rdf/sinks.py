"""Output sinks: RDF formats by name or extension, written atomically (temporary name, then rename)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import io
import os
from pathlib import Path
import sys
import tempfile
from typing import IO

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.rdf.jsonld import write_jsonld
from kg.rdf.namespaces import PREFIXES


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: its name, file extensions, and whether it keeps graph names."""

    name: str
    extensions: tuple[str, ...]
    dataset: bool
    oxigraph: ox.RdfFormat | None
    media_type: str


FORMATS: dict[str, Format] = {
    "nq": Format("nq", (".nq", ".nquads"), True, ox.RdfFormat.N_QUADS, "application/n-quads"),
    "trig": Format("trig", (".trig",), True, ox.RdfFormat.TRIG, "application/trig"),
    "ttl": Format("ttl", (".ttl", ".turtle"), False, ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": Format("nt", (".nt", ".ntriples"), False, ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": Format("jsonld", (".jsonld", ".json"), True, None, "application/ld+json"),
}


def format_for(output: str, name: str | None) -> Format:
    """The format named, or the one the output file's extension implies."""
    if name:
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
        return FORMATS[name]
    suffix = Path(output).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    raise UsageError(f"cannot tell the format of {output!r} from its extension; "
                     f"use --format ({', '.join(FORMATS)})")


@contextmanager
def atomic_output(output: str, *, binary: bool = True) -> Iterator[IO]:
    """A file object for ``output`` ("-" is stdout) that only appears, complete, on success."""
    if output == "-":
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise KgError(f"cannot write {output}: the folder {folder} does not exist")
    if target.is_dir():
        raise KgError(f"cannot write {output}: it is a folder; name a file in it")
    with _refusal_named(output):
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        os.chmod(temporary, 0o666 & ~_umask())
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as handle:
            yield handle
            with _refusal_named(output):
                handle.flush()
                os.fsync(handle.fileno())
        with _refusal_named(output):
            os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


@contextmanager
def _refusal_named(output: str) -> Iterator[None]:
    """The operating system's refusal to write ``output`` as a KgError naming it."""
    try:
        yield
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise KgError(f"cannot write {output}: {reason}; choose a file in a folder you can "
                      "write to") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _distinct_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The union of all graphs as triples, each once (nodes shared by records repeat across graphs)."""
    seen: set[int] = set()
    for quad in quads:
        triple = quad.triple
        marker = hash(triple)
        if marker in seen:
            continue
        seen.add(marker)
        yield triple


def write_quads(quads: Iterable[ox.Quad], output: str, fmt: Format) -> None:
    """Serialise quads to ``output`` in ``fmt``, streaming, atomically."""
    with atomic_output(output) as handle:
        if fmt.oxigraph is None:
            text = io.TextIOWrapper(handle, encoding="utf-8", write_through=True)
            write_jsonld(quads, text)
            text.flush()
            text.detach()
            return
        stream: Iterable = quads if fmt.dataset else _distinct_triples(quads)
        prefixes = PREFIXES if fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        ox.serialize(stream, handle, format=fmt.oxigraph, prefixes=prefixes)
