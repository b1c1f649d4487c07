"""Pushing the store to a triple store: every named graph by Graph Store Protocol PUT, in
batches, resumable, with a summary (DESIGN §8; the client is kg.remote.endpoint)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
import time

import pyoxigraph as ox

from kg.errors import EndpointError
from kg.remote.endpoint import DEFAULT_BATCH, Endpoint, EndpointRefused, count_graphs

# -- push -----------------------------------------------------------------------------------

PushProgress = Callable[[int, int, str], None]      # (graphs done, graphs in all, graph IRI)


@dataclass(slots=True)
class PushSummary:
    """What a push sent, skipped and failed, and how long it took."""

    graphs: int = 0
    triples: int = 0
    skipped: int = 0
    failed: int = 0
    retries: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    planned: list[tuple[str, int]] = field(default_factory=list)    # (graph IRI, triples)
    failures: list[tuple[str, str]] = field(default_factory=list)   # (graph IRI, why)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        if self.dry_run:
            return (f"dry run: {len(self.planned)} graph(s), {sum(n for _, n in self.planned)} triples "
                    "would be sent; nothing was sent")
        return (f"{self.graphs} graph(s) sent, {self.triples} triples, {self.skipped} skipped, "
                f"{self.failed} failed, {self.retries} retries, {self.seconds:.1f} s")


class PushInterrupted(EndpointError):
    """The endpoint stopped answering (or refused every write) part way; ``summary`` says how far it got."""

    def __init__(self, message: str, summary: PushSummary) -> None:
        super().__init__(message)
        self.summary = summary


# Statuses that would fail every graph alike: stop at once rather than try each one.
_FATAL = {401, 403, 404, 405}


def _batches(quads: Iterator[ox.Quad], size: int) -> Iterator[list[ox.Triple]]:
    while batch := [q.triple for q in islice(quads, size)]:
        yield batch


def push(store, endpoint: Endpoint, *, dry_run: bool = False, batch_size: int = DEFAULT_BATCH,
         retries: int | None = None, skip_unchanged: bool = False,
         progress: PushProgress | None = None) -> PushSummary:
    """Send every named graph of ``store`` (a kg GraphStore) to the endpoint, replacing each whole.

    Each graph goes as N-Triples: one PUT (which replaces the graph), followed by POSTs when it
    holds more than ``batch_size`` triples. Pushing again therefore changes nothing, and a push
    cut short is completed by running it again: by default every graph is re-sent; with
    ``skip_unchanged`` a graph whose remote triple count equals the local one is skipped (a
    graph edited to the same size is then not re-sent). Raises ``PushInterrupted`` when the
    endpoint stops answering; a graph the endpoint rejects is counted as failed and the push
    goes on. Only named graphs are sent (kg writes nothing to the default graph, and Virtuoso's
    Graph Store Protocol has none); blank nodes would not survive a graph split over batches,
    and kg writes none.
    """
    if batch_size < 1:
        raise EndpointError("the batch size must be at least 1 triple")
    began = time.monotonic()
    summary = PushSummary(dry_run=dry_run)
    graphs = [(g.value, store.count(g)) for g in store.named_graphs()]
    if dry_run:
        summary.planned = graphs
        return summary
    if retries is not None:
        endpoint.retry = replace(endpoint.retry, retries=retries)
    retries_before = endpoint.retries
    remote = count_graphs(endpoint, [g for g, _ in graphs]) if skip_unchanged else {}
    for done, (graph, count) in enumerate(graphs, start=1):
        try:
            if skip_unchanged and remote.get(graph) == count:
                summary.skipped += 1
            else:
                _send_graph(store, endpoint, graph, batch_size)
                summary.graphs += 1
                summary.triples += count
        except EndpointRefused as exc:
            if exc.status in _FATAL:
                raise _interrupted(summary, exc, done - 1, len(graphs), endpoint, retries_before, began,
                                   resumable=False) from exc
            summary.failed += 1
            summary.failures.append((graph, str(exc)))
        except EndpointError as exc:
            raise _interrupted(summary, exc, done - 1, len(graphs), endpoint, retries_before, began) from exc
        if progress is not None:
            progress(done, len(graphs), graph)
    summary.retries = endpoint.retries - retries_before
    summary.seconds = time.monotonic() - began
    return summary


def _send_graph(store, endpoint: Endpoint, graph: str, batch_size: int) -> None:
    quads = iter(store.quads(ox.NamedNode(graph)))
    first = True
    for batch in _batches(quads, batch_size):
        data = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
        endpoint.put_graph(graph, data, append=not first)
        first = False
    if first:       # an empty graph: replace the remote one with nothing
        endpoint.put_graph(graph, b"")


def _interrupted(summary: PushSummary, exc: EndpointError, done: int, total: int, endpoint: Endpoint,
                 retries_before: int, began: float, *, resumable: bool = True) -> PushInterrupted:
    summary.retries = endpoint.retries - retries_before
    summary.seconds = time.monotonic() - began
    advice = ("; graphs are replaced whole, so running the same push again completes it without "
              "duplicates") if resumable else ""
    return PushInterrupted(f"push stopped after {done} of {total} graph(s): {exc}{advice}", summary)
