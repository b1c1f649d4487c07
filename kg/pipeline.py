"""The load/convert pipeline, the one module that composes them all: inputs → records → findings → quads per record graph, with a running summary; imports: kg.readers, kg.extraction, kg.mapping, kg.identity, kg.rdf, kg.model, kg.findings, kg.errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import InputError
from kg.findings import Findings
from kg.identity.mint import IdentityRegistry
from kg.mapping.bib import BibMapper
from kg.mapping.person_links import person_links
from kg.mapping.provenance import generation_time, graph_provenance
from kg.mapping.vocabularies import vocabulary_sources
from kg.model import Record
from kg.readers import Source, expand_paths, read_source

Progress = Callable[[int], None]

__all__ = ["EXTRACT_BATCH", "Pipeline", "Progress", "RecordGraphs", "Summary", "extract_file",
           "person_links", "read_records", "vocabulary_sources"]


@dataclass(slots=True)
class Summary:
    """What a run read, wrote and skipped, and why."""

    files: int = 0
    files_failed: int = 0
    records: int = 0
    written: int = 0
    skipped: int = 0
    triples: int = 0
    linked: int = 0  # person links made after a load
    readers: dict[str, str] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input file could be read (bad records inside one are only skipped)."""
        return self.files_failed == 0

    def as_dict(self) -> dict:
        return {"files": self.files, "files_failed": self.files_failed, "records": self.records,
                "written": self.written, "skipped": self.skipped, "triples": self.triples,
                "linked": self.linked,
                "readers": dict(self.readers), "errors": [str(e) for e in self.errors]}


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordGraphs:
    """The quads one record contributes, by named graph (its record graph, and findings if any)."""

    record: Record
    graphs: dict[ox.NamedNode, list[ox.Quad]]


def read_records(paths: list[str] | tuple[str, ...], summary: Summary, *, reader: str | None = None,
                 encoding: str = "auto", strict: bool = False) -> Iterator[Record]:
    """Every good record of every input, in order. A bad record is skipped and kept in the
    summary (or raised with ``strict``). An input that gives no record at all — missing, empty,
    binary, not any known format, malformed, no record in it, or a folder with no files —
    counts as a failed input, after the good records before the failure."""
    for given in paths:
        files = expand_paths([given])
        if not files:
            _failed(summary, InputError("the folder holds no input files: name a folder of "
                                        "record files, or the files themselves", path=given),
                    strict=strict)
        for path in files:
            yield from _read_file(Source(path, encoding), summary, reader=reader, strict=strict)


def _read_file(source: Source, summary: Summary, *, reader: str | None,
               strict: bool) -> Iterator[Record]:
    summary.files += 1
    good = bad = 0
    try:
        name, items = read_source(source, reader)
        summary.readers[source.name] = name
        for item in items:
            if isinstance(item, InputError):
                bad += 1
                summary.skipped += 1
                summary.errors.append(item)
                if strict:
                    raise item
                continue
            good += 1
            summary.records += 1
            yield item
    except InputError as exc:
        _failed(summary, exc if exc.path else exc.located(path=source.name), strict=strict)
        return
    if not good:
        _failed(summary, _no_record(source, name, bad), strict=strict)


def _failed(summary: Summary, error: InputError, *, strict: bool) -> None:
    if strict:
        raise error
    summary.files_failed += 1
    summary.errors.append(error)


def _no_record(source: Source, reader: str, bad: int) -> InputError:
    """The error of an input that was read without failing but gave no record."""
    if bad:
        return source.error(f"none of its {bad} record(s) could be read (see the lines above)")
    return source.error(f"no record in this file (read as {reader}): check that it holds {reader} "
                        "records, or name its format with --from")


class Pipeline:
    """Maps records to record graphs with one identity registry and one generation time."""

    def __init__(self, registry: IdentityRegistry, *, extract: bool = False) -> None:
        self.registry = registry
        self.mapper = BibMapper(registry)
        self.generated_at = generation_time()
        self.extract = extract

    def graphs(self, record: Record, findings=None) -> RecordGraphs:
        """The record's graph (with provenance) and, when extracting, its findings graph."""
        mapped, quads = self.mapper.map(record)
        quads += graph_provenance(mapped.graph, base=self.registry.base, path=record.path,
                                  generated_at=self.generated_at)
        graphs = {mapped.graph: quads}
        work = record.work
        if self.extract and (work.title or work.abstract):
            # the extractor and the clinical mapper load only when used
            from kg.mapping.clinical import findings_graph
            if findings is None:
                from kg.extraction.pipeline import extract_findings
                findings = extract_findings(work.title, work.abstract)
            extra = findings_graph(findings, mapped, base=self.registry.base,
                                   generated_at=self.generated_at)
            if extra is not None:
                graphs[extra[0]] = extra[1]
        return RecordGraphs(record=record, graphs=graphs)

    def run(self, records: Iterator[Record], summary: Summary,
            progress: Progress | None = None) -> Iterator[RecordGraphs]:
        """Record graphs for each record, counting what is written; with extraction, records
        go through the tagger in small batches (its fast path)."""
        for batch in _batches(records, EXTRACT_BATCH if self.extract else 1):
            findings: list = [None] * len(batch)
            if self.extract:
                from kg.extraction.pipeline import extract_many
                findings = extract_many([(r.work.title, r.work.abstract) for r in batch])
            for record, found in zip(batch, findings):
                result = self.graphs(record, found)
                summary.written += 1
                summary.triples += sum(len(q) for q in result.graphs.values())
                if progress is not None:
                    progress(1)
                yield result


EXTRACT_BATCH = 32


def _batches(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_file(path: str, *, reader: str | None = None,
                 encoding: str = "auto") -> Iterator[tuple[str, str | None, Findings | InputError]]:
    """(label, title, findings) of each record of a file — or, when the file is plain text in no
    record format, of the whole text as one abstract; a bad record gives its InputError instead."""
    from kg.extraction.pipeline import extract_findings
    source = Source(path, encoding)
    try:
        name, items = read_source(source, reader)
    except InputError as error:
        if reader is not None or "cannot tell the format" not in error.message:
            raise
        yield source.name, None, extract_findings(None, source.read_text().strip())
        return
    good = bad = 0
    for item in items:
        if isinstance(item, InputError):
            bad += 1
            yield str(item.record or "?"), None, item  # a bad record: reported, the rest goes on
            continue
        good += 1
        yield item.source_id or f"{source.name}#{item.index}", item.work.title, extract_findings(
            item.work.title, item.work.abstract)
    if not good:
        raise _no_record(source, name, bad)
