"""The public operations of kg as functions, and the names the CLI needs; imports: kg.pipeline, kg.extraction, kg.identity, kg.rdf, kg.readers, kg.store, kg.remote, kg.views, kg.model, kg.findings, kg.errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
import io
import os

import pyoxigraph as ox

from kg.errors import KgError, StoreError, UsageError
from kg.findings import Findings, findings_as_dict
from kg.identity.mint import DEFAULT_BASE, IdentityRegistry, check_base
from kg.pipeline import (Pipeline, Progress, RecordGraphs, Summary, extract_file, person_links,
                         read_records, vocabulary_sources)
from kg.rdf.results import RESULT_FORMATS
from kg.rdf.results import render as render_results
from kg.rdf.results import render_table
from kg.rdf.sinks import FORMATS as OUTPUT_FORMATS
from kg.rdf.sinks import format_for, write_quads
from kg.readers import READERS
from kg.store import GraphStore, default_store_path
from kg.views import MAX_AUTHORS, VIEWS, Filters, strongest_edges
from kg.views import write as write_view

__all__ = ["LOAD_BATCH", "MAX_AUTHORS", "OUTPUT_FORMATS", "READERS", "RESULT_FORMATS", "Endpoint",
           "Filters", "PROFILES", "PushInterrupted", "RetryPolicy", "Summary", "VIEWS", "convert",
           "dataset", "default_base", "default_store_path", "export", "export_bulk", "extract",
           "extract_findings", "extract_many", "findings_as_dict", "load", "open_store", "push",
           "query", "query_endpoint", "render_results", "render_table", "stats", "strongest_edges",
           "validate", "view", "write_view"]

# Names of the remote client, loaded only when asked for (`kg.api.Endpoint`): most runs never
# talk to a server.
_REMOTE = {"Endpoint": "kg.remote.endpoint", "RetryPolicy": "kg.remote.endpoint",
           "PROFILES": "kg.remote.profiles", "PushInterrupted": "kg.remote.push"}


def __getattr__(name: str):
    if name in _REMOTE:
        from importlib import import_module
        return getattr(import_module(_REMOTE[name]), name)
    raise AttributeError(f"module 'kg.api' has no attribute {name!r}")

LOAD_BATCH = 200
_LIST_GRAPHS = "kg query 'SELECT DISTINCT ?g { GRAPH ?g {} }'"


def default_base() -> str:
    """``$KG_BASE`` or the project default instance namespace."""
    return os.environ.get("KG_BASE") or DEFAULT_BASE


def _base(base: str | None) -> str:
    try:
        return check_base(base or default_base())
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _encoding(encoding: str) -> str:
    if encoding != "auto":
        try:
            io.TextIOWrapper(io.BytesIO(), encoding=encoding)  # as the readers open text; it
            # refuses unknown names and codecs that are not text encodings (rot13, hex)
        except LookupError:
            raise UsageError(f"unknown text encoding {encoding!r}: use auto, or the name of a "
                             "text encoding such as utf-8, latin-1, cp1252 or utf-16") from None
    return encoding


def _graph(graph: str | None) -> ox.NamedNode | None:
    if not graph:
        return None
    try:
        return ox.NamedNode(graph)
    except ValueError:
        raise UsageError(f"{graph!r} is not a graph IRI: give the full IRI of a named graph, "
                         f"as {_LIST_GRAPHS} lists them") from None


def open_store(path: str | None = None, *, read_only: bool = False) -> GraphStore:
    """The embedded store at ``path`` (default ``$KG_STORE`` or ./kg-store)."""
    return GraphStore(path or default_store_path(), read_only=read_only)


def load(paths: list[str] | tuple[str, ...], *, store: str | GraphStore | None = None,
         base: str | None = None, reader: str | None = None, encoding: str = "auto",
         extract: bool = True, strict: bool = False, vocabularies: bool = True,
         link: bool = True, progress: Progress | None = None) -> Summary:
    """Read inputs into the embedded store, one named graph per record, replacing earlier loads.
    The vocabulary graphs (ASJC, the clinical lexicon) are added once, unless ``vocabularies``
    is false. Then, unless ``link`` is false, the person-links graph is made anew from the
    whole store (kg.identity.linking: name forms of one person, conservatively)."""
    base, encoding = _base(base), _encoding(encoding)
    target = store if isinstance(store, GraphStore) else open_store(store)
    if vocabularies:
        target.ensure_vocabularies(base, vocabulary_sources(base))
    registry = IdentityRegistry(base, lookup=target.find_key, identifiers=target.identifiers)
    pipeline = Pipeline(registry, extract=extract)
    summary = Summary()
    batch: dict[ox.NamedNode, list[ox.Quad]] = {}
    records = read_records(paths, summary, reader=reader, encoding=encoding, strict=strict)
    for result in pipeline.run(records, summary, progress):
        batch.update(result.graphs)
        if len(batch) >= LOAD_BATCH:
            target.replace_graphs(batch)
            batch = {}
    target.replace_graphs(batch)
    if link and summary.written:
        graph, quads, summary.linked = person_links(target.query, base=base,
                                                    generated_at=pipeline.generated_at)
        target.replace_graphs({graph: quads})
    target.flush()
    return summary


def _quads(results: Iterator[RecordGraphs]) -> Iterator[ox.Quad]:
    for result in results:
        for quads in result.graphs.values():
            yield from quads


class _NothingRead(KgError):
    """Raised inside the output stream to abandon a file when no record could be read."""


def convert(paths: list[str] | tuple[str, ...], output: str, *, fmt: str | None = None,
            reader: str | None = None, base: str | None = None, encoding: str = "auto",
            extract: bool = True, strict: bool = False,
            progress: Progress | None = None) -> Summary:
    """Write RDF for the inputs straight to ``output`` ("-" for stdout), streaming, without a store."""
    out_format, encoding = format_for(output, fmt), _encoding(encoding)
    pipeline = Pipeline(IdentityRegistry(_base(base)), extract=extract)
    summary = Summary()

    def stream() -> Iterator[ox.Quad]:
        records = read_records(paths, summary, reader=reader, encoding=encoding, strict=strict)
        yield from _quads(pipeline.run(records, summary, progress))
        if summary.written == 0 and output != "-":
            raise _NothingRead("nothing to write")

    try:
        write_quads(stream(), output, out_format)
    except _NothingRead:
        pass
    return summary


def export(output: str, *, store: str | GraphStore | None = None, fmt: str | None = None,
           graph: str | None = None) -> int:
    """Write the store (or one graph of it) to ``output``; the number of quads written."""
    out_format = format_for(output, fmt)
    selected = _graph(graph)
    source = store if isinstance(store, GraphStore) else open_store(store, read_only=True)
    if selected is not None and selected not in source.named_graphs():
        raise StoreError(f"no graph {graph} in the store: {_LIST_GRAPHS} lists its graphs")
    count = 0

    def counted() -> Iterator[ox.Quad]:
        nonlocal count
        for quad in source.quads(selected):
            count += 1
            yield quad

    write_quads(counted(), output, out_format)
    return count


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Counts of what the store holds."""

    works: int
    persons: int
    journals: int
    subject_areas: int
    graphs: int
    triples: int

    def as_dict(self) -> dict[str, int]:
        return {"works": self.works, "persons": self.persons, "journals": self.journals,
                "subject_areas": self.subject_areas, "graphs": self.graphs, "triples": self.triples}


def stats(*, store: str | GraphStore | None = None) -> StoreStats:
    """Works, persons, journals, ASJC subject areas in use, graphs and triples."""
    from kg.views.queries import load_query
    source = store if isinstance(store, GraphStore) else open_store(store, read_only=True)
    row = next(iter(source.query(load_query("stats"))))
    value = lambda name: int(row[name].value) if row[name] is not None else 0  # noqa: E731
    return StoreStats(works=value("works"), persons=value("persons"), journals=value("journals"),
                      subject_areas=value("areas"), graphs=len(source.named_graphs()),
                      triples=source.count())



def query(sparql: str, *, store: str | GraphStore | None = None):
    """Run SPARQL against the embedded store; a pyoxigraph result (solutions, boolean or triples)."""
    source = store if isinstance(store, GraphStore) else open_store(store, read_only=True)
    return source.query(sparql)


def validate(path: str | None = None, *, store: str | GraphStore | None = None,
             vocabularies: bool = False):
    """Check an RDF file, or the store, against ontology/shapes.ttl graph by graph; a Report.
    The store's vocabulary graphs (shipped data, checked by kg's own tests) are left out
    unless ``vocabularies``."""
    from kg.rdf.shacl import read_rdf_file, validate_quads
    if path is not None:
        return validate_quads(read_rdf_file(path))
    source = store if isinstance(store, GraphStore) else open_store(store, read_only=True)
    graphs = [g for g in source.named_graphs() if vocabularies or "/graph/vocab/" not in g.value]
    return validate_quads(q for g in graphs for q in source.quads(g))


def dataset(store: str | GraphStore | None = None):
    """An ``rdflib.Dataset`` over the embedded store (through the oxrdflib store plugin)."""
    from oxrdflib import OxigraphStore
    import rdflib
    source = store if isinstance(store, GraphStore) else open_store(store)
    return rdflib.Dataset(store=OxigraphStore(store=source.oxigraph), default_union=True)


# -- remote stores and bulk loaders (kg.remote.endpoint, kg.rdf.bulk) ----------------------------------

def push(endpoint, *, store: str | GraphStore | None = None, dry_run: bool = False,
         batch_size: int | None = None, retries: int | None = None, skip_unchanged: bool = False,
         progress=None):
    """Send every named graph of the store to a SPARQL endpoint (a URL or a ``kg.remote.endpoint.Endpoint``)
    with Graph Store Protocol PUTs; a ``PushSummary``. See ``kg.remote.push.push``."""
    from kg.remote.endpoint import DEFAULT_BATCH, Endpoint
    from kg.remote.push import push as push_graphs
    target = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
    source = store if isinstance(store, GraphStore) else open_store(store, read_only=True)
    try:
        return push_graphs(source, target, dry_run=dry_run, batch_size=batch_size or DEFAULT_BATCH,
                           retries=retries, skip_unchanged=skip_unchanged, progress=progress)
    finally:
        target.close()


def query_endpoint(sparql: str, endpoint):
    """Run SPARQL on a remote endpoint (a URL or a ``kg.remote.endpoint.Endpoint``); a ``RemoteResult``
    whose ``oxigraph()`` is rendered like a local result."""
    from kg.remote.endpoint import Endpoint
    from kg.remote.endpoint import query as remote_query
    target = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
    try:
        return remote_query(target, sparql)
    finally:
        target.close()


def export_bulk(folder: str, *, store: str | GraphStore | None = None, split_by: str | None = None,
                shard_size: int | None = None):
    """Write the store as N-Quads files for bulk loaders (one per graph, or shards) plus
    ``manifest.tsv``; a ``kg.rdf.bulk.BulkExport``."""
    from kg.rdf.bulk import export_bulk as write_files
    source = store if isinstance(store, GraphStore) else open_store(store, read_only=True)
    return write_files(source, folder, split_by=split_by, shard_size=shard_size)


def extract(path: str, *, reader: str | None = None, encoding: str = "auto"):
    """Findings of each record of an input file — or, when the file is plain text in no record
    format, of the whole text as one abstract. Yields (label, title, Findings or the
    InputError of a bad record)."""
    return extract_file(path, reader=reader, encoding=_encoding(encoding))


def extract_findings(title: str | None, abstract: str | None) -> Findings:
    """The clinical findings stated in one title and abstract."""
    from kg.extraction.pipeline import extract_findings as run  # the lexicon loads only when used
    return run(title, abstract)


def extract_many(texts) -> list[Findings]:
    """Findings of many (title, abstract) pairs, in order: the tagger's fast path for batches."""
    from kg.extraction.pipeline import extract_many as run
    return run(list(texts))


def view(name: str, *, store: str | GraphStore | None = None, endpoint=None, filters=None):
    """A networkx view ("coauthors", "topics", "treatments") of the store, or of a SPARQL
    endpoint (a URL or a ``kg.api.Endpoint``, as for ``push``)."""
    from kg.views import build
    if endpoint is None:
        source = store if isinstance(store, GraphStore) else open_store(store, read_only=True)
        return build(name, source.query, filters or Filters())
    from kg.remote.endpoint import Endpoint
    from kg.remote.endpoint import query as remote_query
    remote = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
    try:
        return build(name, lambda sparql: remote_query(remote, sparql).oxigraph(), filters or Filters())
    finally:
        remote.close()
