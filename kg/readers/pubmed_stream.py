"""Streaming XML for the PubMed reader: one record element at a time, entity declarations refused.

The parser is expat driven directly, so that nothing the document declares is ever expanded
or fetched: a DOCTYPE with an internal subset (where billion-laughs and external-entity
payloads live) is refused before its first declaration is read, and parameter entities —
including the external DTD that real PubMed files name in their DOCTYPE — are never loaded.
Only the subtree of the record being read is held in memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from html.entities import html5
from typing import BinaryIO
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat
import zlib

from kg.errors import InputError
from kg.identity.normalize import normalize_pmid
from kg.readers.source import Source

CHUNK_SIZE = 64 * 1024


class _Refused(Exception):
    """The document declares something this reader does not process."""


class _RecordCollector:
    """Expat handlers that build a tree for each record element and queue it when it closes."""

    def __init__(self, parser, record_tags: frozenset[str], root_tags: frozenset[str]) -> None:
        self._parser = parser
        self._record_tags = record_tags
        self._root_tags = root_tags
        self._builder: TreeBuilder | None = None
        self._depth = 0
        self._seen_root = False
        self.started = 0  # record elements opened so far
        self.line: int | None = None  # where the open record starts; None between records
        self.record_id: str | None = None  # the open record's PMID, once read
        self.done: deque[tuple[int, Element]] = deque()

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if not self._seen_root:
            self._seen_root = True
            if tag not in self._root_tags:
                raise _Refused(f"this is not PubMed XML: the root element is <{tag}>, expected "
                               f"one of {', '.join(f'<{t}>' for t in sorted(self._root_tags))}")
        if self._builder is None:
            if tag not in self._record_tags:
                return
            self._builder = TreeBuilder()
            self._depth = 0
            self.started += 1
            self.line = self._parser.CurrentLineNumber
            self.record_id = None
        self._depth += 1
        self._builder.start(tag, attrs)

    def end(self, tag: str) -> None:
        if self._builder is None:
            return
        element = self._builder.end(tag)
        self._depth -= 1
        if self._depth == 2 and tag == "PMID" and self.record_id is None:
            self.record_id = normalize_pmid(element.text)
        if self._depth == 0:
            self.done.append((self.line or 1, self._builder.close()))
            self._builder = None
            self.line = None

    def data(self, text: str) -> None:
        if self._builder is not None:
            self._builder.data(text)

    def skipped_entity(self, name: str, is_parameter_entity: bool) -> None:
        """An entity the (unread) external DTD may define: an HTML character name becomes its
        character, anything else stays as the literal reference, so no text silently vanishes."""
        if not is_parameter_entity:
            self.data(html5.get(f"{name};", f"&{name};"))


def _refuse_doctype(name, system_id, public_id, has_internal_subset) -> None:
    if has_internal_subset:
        raise _Refused("the DOCTYPE declares entities or other markup (an internal subset); "
                       "such XML is refused for safety — PubMed files never have one")


def _refuse_entity(name, *args) -> None:
    raise _Refused(f"the document declares the entity {name!r}; entity declarations are refused")


def _refuse_external(*args) -> int:
    raise _Refused("the document refers to an external entity; external entities are refused")


def _make_parser(encoding: str | None):
    parser = expat.ParserCreate(encoding)
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_external
    return parser


def iter_record_elements(source: Source, record_tags: frozenset[str],
                         root_tags: frozenset[str]) -> Iterator[tuple[int, Element]]:
    """(start line, element) for each record element of the XML in ``source``, as each closes.

    Raises InputError (naming line, column and the record being read) when the XML is not
    well formed, declares entities, cannot be decompressed, or is not rooted in ``root_tags``.
    """
    source.check_text()
    parser = _make_parser(None if source.encoding == "auto" else source.encoding)
    collector = _RecordCollector(parser, record_tags, root_tags)
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.data
    parser.SkippedEntityHandler = collector.skipped_entity
    with source.open_binary() as stream:
        while True:
            chunk = _read_chunk(stream, source, collector)
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as exc:
                yield from _drain(collector)
                problem = expat.ErrorString(exc.code)
                if not chunk and exc.code == expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]:
                    problem = "the file ends before the XML does (is it truncated?)"
                raise source.error(
                    f"malformed XML at line {exc.lineno}, column {exc.offset + 1}: {problem}",
                    line=exc.lineno, record=_open_record(collector)) from None
            except _Refused as exc:
                raise source.error(str(exc), line=parser.CurrentLineNumber,
                                   record=_open_record(collector)) from None
            except (LookupError, ValueError) as exc:  # an encoding expat and Python cannot read
                raise source.error(f"cannot decode the XML: {exc}", line=parser.CurrentLineNumber,
                                   record=_open_record(collector)) from None
            except RecursionError:
                raise source.error("the XML is nested too deeply to read",
                                   line=parser.CurrentLineNumber,
                                   record=_open_record(collector)) from None
            yield from _drain(collector)
            if not chunk:
                return


def _drain(collector: _RecordCollector) -> Iterator[tuple[int, Element]]:
    while collector.done:
        yield collector.done.popleft()


def _open_record(collector: _RecordCollector) -> str | int | None:
    """How an error names the record being read when it struck: its PMID, else its position."""
    if collector.line is None:
        return None
    return collector.record_id or collector.started


def _read_chunk(stream: BinaryIO, source: Source, collector: _RecordCollector) -> bytes:
    try:
        return stream.read(CHUNK_SIZE)
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise source.error(f"cannot read the file: {exc}", record=_open_record(collector)) from None
