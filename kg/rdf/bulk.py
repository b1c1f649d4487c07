"""Bulk-loader exports: the store as N-Quads files, one per named graph or in shards, with a manifest.

The files suit Virtuoso's ``ld_dir``, ``oxigraph load``, Jena's ``tdb2.tdbloader`` and
GraphDB's ImportRDF. Each file is written under a temporary name and renamed when complete;
``manifest.tsv`` (file, graphs separated by spaces, quads) is written last, the same way.
Files listed by an earlier manifest in the same folder and not written again are removed,
so a bulk loader pointed at ``*.nq`` never picks up stale files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
import hashlib
from itertools import islice
from pathlib import Path
import re
from typing import IO

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.rdf.sinks import atomic_output

MANIFEST = "manifest.tsv"
SPLITS = ("graph",)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//)?")


def graph_file_stem(iri: str, limit: int = 80) -> str:
    """A file name stem for a graph IRI: readable, safe on every file system, unique per IRI."""
    readable = _UNSAFE.sub("_", _SCHEME.sub("", iri)).strip("._-")[:limit].rstrip("._-")
    digest = hashlib.sha256(iri.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{digest}" if readable else f"graph-{digest}"


@dataclass(frozen=True, slots=True)
class BulkFile:
    """One written file: its name in the folder, the graphs it holds, its quad count."""

    name: str
    graphs: tuple[str, ...]
    quads: int


@dataclass(slots=True)
class BulkExport:
    """What a bulk export wrote."""

    folder: str
    files: list[BulkFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def quads(self) -> int:
        return sum(f.quads for f in self.files)

    @property
    def manifest(self) -> str:
        return str(Path(self.folder) / MANIFEST)


class _Writer:
    """The N-Quads file being filled: opened atomically, committed on close, discarded on error."""

    def __init__(self, folder: Path, name: str) -> None:
        self.name = name
        self.graphs: list[str] = []
        self.quads = 0
        self._stack = ExitStack()
        self._handle: IO[bytes] = self._stack.enter_context(atomic_output(str(folder / name)))

    def write(self, graph: str, quads: list[ox.Quad]) -> None:
        if graph not in self.graphs:
            self.graphs.append(graph)
        ox.serialize(quads, self._handle, format=ox.RdfFormat.N_QUADS)
        self.quads += len(quads)

    def close(self) -> BulkFile:
        self._stack.close()
        return BulkFile(self.name, tuple(self.graphs), self.quads)

    def discard(self, error: BaseException) -> None:
        self._stack.__exit__(type(error), error, error.__traceback__)


def _chunks(quads: Iterator[ox.Quad], size: int | None) -> Iterator[list[ox.Quad]]:
    step = size or 10_000
    while chunk := list(islice(quads, step)):
        yield chunk


def export_bulk(store, folder: str, *, split_by: str | None = None,
                shard_size: int | None = None) -> BulkExport:
    """Write the named graphs of ``store`` (a kg GraphStore) as N-Quads files in ``folder``.

    ``split_by="graph"``: one file per graph, named from its IRI (``graph_file_stem``).
    ``shard_size=N``: files ``shard-00001.nq`` … of at most N quads; graphs are never split
    across files unless one graph alone holds more than N quads (then it starts a new file
    and fills as many as it needs). Both together: one graph per file, a graph over N quads
    spread over ``STEM.part-001.nq`` … files.
    """
    if split_by is not None and split_by not in SPLITS:
        raise UsageError(f"cannot split by {split_by!r}; choose one of: {', '.join(SPLITS)}")
    if shard_size is not None and shard_size < 1:
        raise UsageError("the shard size must be at least 1 quad")
    if split_by is None and shard_size is None:
        raise UsageError("say how to split: --split-by graph, --shard-size N, or both")
    target = _folder(folder)
    previous = _manifest_files(target)
    result = BulkExport(str(target))
    writer: _Writer | None = None
    try:
        for graph in store.named_graphs():
            count = store.count(graph)
            if writer is not None and (split_by or writer.quads + count > (shard_size or count)):
                result.files.append(writer.close())
                writer = None
            stem, part = graph_file_stem(graph.value), 0
            for chunk in _chunks(iter(store.quads(graph)), shard_size):
                if writer is not None and shard_size and writer.quads + len(chunk) > shard_size:
                    room = shard_size - writer.quads
                    if room:
                        writer.write(graph.value, chunk[:room])
                    chunk = chunk[room:]
                    result.files.append(writer.close())
                    writer = None
                if writer is None:
                    part += 1
                    writer = _Writer(target, _file_name(split_by, stem, part, count, shard_size,
                                                        len(result.files) + 1))
                writer.write(graph.value, chunk)
        if writer is not None:
            result.files.append(writer.close())
            writer = None
    except BaseException as error:
        if writer is not None:
            writer.discard(error)
        raise
    _write_manifest(target, result.files)
    written = {f.name for f in result.files}
    for name in sorted(previous - written):
        stale = target / name
        if stale.is_file():
            stale.unlink()
            result.removed.append(name)
    return result


def _folder(folder: str) -> Path:
    """The output folder, made when missing; a KgError when it cannot be."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise KgError(f"cannot write to {folder}: it is a file; name a folder for the N-Quads files")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create the folder {folder}: {(exc.strerror or str(exc)).lower()}; "
                      "choose a folder you can write to") from None
    return target


def _file_name(split_by: str | None, stem: str, part: int, count: int, shard_size: int | None,
               number: int) -> str:
    if split_by is None:
        return f"shard-{number:05d}.nq"
    if shard_size and count > shard_size:
        return f"{stem}.part-{part:03d}.nq"
    return f"{stem}.nq"


def _write_manifest(folder: Path, files: list[BulkFile]) -> None:
    with atomic_output(str(folder / MANIFEST), binary=False) as handle:
        handle.write("file\tgraphs\tquads\n")
        for item in files:
            handle.write(f"{item.name}\t{' '.join(item.graphs)}\t{item.quads}\n")


def _manifest_files(folder: Path) -> set[str]:
    """The files an earlier manifest in ``folder`` lists (plain names only, nothing outside it)."""
    path = folder / MANIFEST
    if not path.is_file():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        name = line.split("\t", 1)[0]
        if name and name == Path(name).name and name.endswith(".nq"):
            names.add(name)
    return names
