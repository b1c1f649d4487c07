"""Crossref REST API works JSON: single works, work-list pages, bare works and JSON Lines.

Decisions:
- Title: the first entry of ``title``. ``subtitle`` is NOT appended: Crossref fills it with
  decks and standfirsts as often as with real subtitles (10.1126/science.169.3946.635 has
  "New data and interpretations are yielding new insights ..."), and PubMed's title for the
  same work has no such text, so appending would make one work look like two.
- Date: ``published-print``, else ``published-online``, else ``issued``, else ``published``,
  each with the precision its ``date-parts`` give; ``[[null]]`` and ``[[]]`` count as absent.
- Journal: ``container-title[0]`` (Crossref promises no order when there are several) with
  ``short-container-title[0]``; ISSNs typed by ``issn-type`` (print/electronic), else the
  untyped ``ISSN`` list in order. For chapters and conference papers the container is the
  book or proceedings (``host_title``); an ISSN then belongs to the series.
- Type and status from ``CROSSREF_TYPES``; ``posted-content`` refined by its ``subtype``.
  Crossref has no status field: Status.PUBLISHED is given for the types that are formally
  published (journal articles, books, chapters, proceedings, reports, theses), never for
  posted content (preprints) or datasets.
- ``subject`` (Crossref's journal subject categories) become keyword subjects.
- Identifiers: ``ISBN`` (and ``isbn-type``) of whole books, reports, dissertations and
  proceedings only; a chapter's or a proceedings paper's ISBNs are its host's. An arXiv DOI
  (10.48550/arXiv.…) also gives the arXiv id.
"""

from __future__ import annotations

from collections.abc import Iterator
import re
from typing import Any

from kg.errors import InputError
from kg.identity.normalize import normalize_doi, normalize_issn, page_count, parse_pages
from kg.identity.source_ids import identifiers
from kg.model import Identifier, Record, Status, Subject, Venue, Work, WorkType
from kg.readers.citation_ids import arxiv_in, own_isbns
from kg.readers.citeproc import container_fields, date_of, plain
from kg.readers.jats import markup_to_text
from kg.readers.jsonio import Located, RecordProblem, array, iter_values, mapping, read_items, text, texts
from kg.readers.source import Source

# Crossref work type → (WorkType, formally published)
CROSSREF_TYPES: dict[str, tuple[WorkType, bool]] = {
    "journal-article": (WorkType.JOURNAL_ARTICLE, True),
    "book-chapter": (WorkType.CHAPTER, True),
    "book-section": (WorkType.CHAPTER, True),
    "book-part": (WorkType.CHAPTER, True),
    "reference-entry": (WorkType.CHAPTER, True),
    "book": (WorkType.BOOK, True),
    "monograph": (WorkType.BOOK, True),
    "edited-book": (WorkType.BOOK, True),
    "reference-book": (WorkType.BOOK, True),
    "book-set": (WorkType.BOOK, True),
    "book-series": (WorkType.BOOK, True),
    "book-track": (WorkType.BOOK, True),
    "proceedings-article": (WorkType.CONFERENCE_PAPER, True),
    "proceedings": (WorkType.PROCEEDINGS, True),
    "proceedings-series": (WorkType.PROCEEDINGS, True),
    "posted-content": (WorkType.PREPRINT, False),
    "dataset": (WorkType.DATASET, False),
    "database": (WorkType.DATASET, False),
    "report": (WorkType.REPORT, True),
    "report-series": (WorkType.REPORT, True),
    "report-component": (WorkType.REPORT, True),
    "dissertation": (WorkType.THESIS, True),
    "standard": (WorkType.OTHER, True),
    "standard-series": (WorkType.OTHER, True),
    "peer-review": (WorkType.OTHER, False),
    "component": (WorkType.OTHER, False),
    "grant": (WorkType.OTHER, False),
    "journal": (WorkType.OTHER, False),
    "journal-volume": (WorkType.OTHER, False),
    "journal-issue": (WorkType.OTHER, False),
    "other": (WorkType.OTHER, False),
}
# posted-content subtype → WorkType (none of them is formally published)
POSTED_CONTENT_SUBTYPES: dict[str, WorkType] = {
    "preprint": WorkType.PREPRINT,
    "working_paper": WorkType.REPORT,
    "working-paper": WorkType.REPORT,
    "report": WorkType.REPORT,
    "dissertation": WorkType.THESIS,
    "letter": WorkType.LETTER,
    "other": WorkType.OTHER,
}
# Types whose container-title is a book or proceedings rather than a journal.
HOSTED_TYPES = frozenset({WorkType.CHAPTER, WorkType.CONFERENCE_PAPER})
_DATE_FIELDS = ("published-print", "published-online", "issued", "published")


def read_crossref(source: Source) -> Iterator[Record | InputError]:
    """Records from Crossref works JSON (a work, a work-list page, bare works or JSON Lines)."""
    return read_items(source, "crossref", _works(iter_values(source)), work_from_crossref)


def _works(values: Iterator[Located]) -> Iterator[Located]:
    """The work objects inside each top-level value: envelope, page, array or bare work."""
    for line, value in values:
        if isinstance(value, InputError):
            yield line, value
            continue
        if isinstance(value, list):
            for item in value:
                yield line, item
            continue
        message = value.get("message") if isinstance(value, dict) else None
        if isinstance(message, dict):
            value = message
        if isinstance(value, dict) and isinstance(value.get("items"), list):
            for item in value["items"]:
                yield line, item
        else:
            yield line, value


def work_from_crossref(item: dict) -> tuple[Work, str | None]:
    """A Work from one Crossref work object, with its DOI as the source id."""
    doi = normalize_doi(text(item.get("DOI")))
    title = markup_to_text(text(item.get("title")))
    if not title:
        raise RecordProblem("no title", doi)
    type_name = text(item.get("type")) or ""
    work_type, published = CROSSREF_TYPES.get(type_name, (WorkType.OTHER, False))
    subtype = text(item.get("subtype"))
    if type_name == "posted-content" and subtype:
        work_type = POSTED_CONTENT_SUBTYPES.get(subtype, work_type)
    hosted = work_type in HOSTED_TYPES
    page_start, page_end = parse_pages(text(item.get("page")))
    issued = None
    for field in _DATE_FIELDS:
        issued = date_of(item.get(field))
        if issued is not None:
            break
    work = Work(
        type=work_type,
        title=title,
        **container_fields(item, hosted=hosted, venue=_venue),
        page_start=page_start,
        page_end=page_end,
        num_pages=page_count(page_start, page_end) if page_end != page_start else None,
        article_number=text(item.get("article-number")),
        issued=issued,
        status=(Status.PUBLISHED,) if published else (),
        subjects=_keywords(item.get("subject")),
        publication_types=tuple(t for t in (type_name, subtype) if t),
        doi=doi,
        identifiers=_identifiers(item, doi, work_type),
        publisher=plain(item.get("publisher")),
        url=text(item.get("URL")),
    )
    return work, doi


def _identifiers(item: dict, doi: str | None, work_type: WorkType) -> tuple[Identifier, ...]:
    """An arXiv DOI's id, and the ISBNs (``ISBN``, ``isbn-type``) of a whole book, report,
    dissertation or proceedings (a chapter's ISBNs are its book's)."""
    typed = [text(mapping(entry).get("value")) for entry in array(item.get("isbn-type"))]
    isbns = own_isbns(texts(item.get("ISBN")) + typed, work_type)
    return identifiers([("arxiv", arxiv_in(doi))] + [("isbn", isbn) for isbn in isbns])


def _venue(item: dict, title: str | None) -> Venue | None:
    issn, eissn = issns(item.get("issn-type"), item.get("ISSN"))
    abbreviation = plain(item.get("short-container-title")) if title else None
    if not (title or issn or eissn):
        return None
    return Venue(title=title, abbreviation=abbreviation, issn=issn, eissn=eissn)


def issns(typed: Any, untyped: Any) -> tuple[str | None, str | None]:
    """(print, electronic) ISSN from Crossref's ``issn-type``, else the ``ISSN`` list in order."""
    print_issn = electronic = None
    for entry in array(typed):
        entry = mapping(entry)
        value = normalize_issn(text(entry.get("value")))
        kind = (text(entry.get("type")) or "").casefold()
        if value and kind == "print" and print_issn is None:
            print_issn = value
        elif value and kind == "electronic" and electronic is None:
            electronic = value
    if print_issn or electronic:
        return print_issn, electronic
    found = [v for v in (normalize_issn(t) for t in split_issns(untyped)) if v]
    return (found[0] if found else None), (found[1] if len(found) > 1 else None)


def split_issns(value: Any) -> list[str]:
    """ISSN strings from a list or from one string such as "1234-5678, 8765-4321"."""
    return [part for t in texts(value) for part in re.split(r"[,;\s]+", t) if part]


def _keywords(value: Any) -> tuple[Subject, ...]:
    seen: set[str] = set()
    out = []
    for label in texts(value):
        label = plain(label)
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            out.append(Subject(scheme="keyword", label=label))
    return tuple(out)


# -- sniffing ------------------------------------------------------------------------------

_MESSAGE_TYPE = re.compile(r'"message-type"\s*:\s*"work(?:-list)?"')
_CONTAINER_LIST = re.compile(r'"container-title"\s*:\s*\[')
_CONTAINER_STRING = re.compile(r'"container-title"\s*:\s*"')
_TYPE_VALUE = re.compile(r'"type"\s*:\s*"([a-z_-]+)"')
# citeproc item types that Crossref's own JSON never uses
_CITEPROC_ONLY_TYPES = frozenset({
    "article-journal", "article-magazine", "article-newspaper", "paper-conference", "chapter",
    "entry-dictionary", "entry-encyclopedia", "webpage", "post", "post-weblog", "thesis",
    "manuscript"})
_CROSSREF_KEYS = re.compile(
    r'"(reference-count|is-referenced-by-count|references-count|short-container-title'
    r'|issn-type|content-domain|deposited|indexed|member|prefix)"\s*:')


def sniff(head: str) -> int:
    """Confidence that ``head`` starts Crossref works JSON (an API response, works, JSON Lines)."""
    if head.lstrip()[:1] not in ("{", "["):
        return 0
    if _MESSAGE_TYPE.search(head):
        return 95
    if "openalex.org/W" in head or _CONTAINER_STRING.search(head):
        return 0  # OpenAlex, or citeproc JSON (container-title as a string)
    if _CONTAINER_LIST.search(head):
        return 85
    if set(_TYPE_VALUE.findall(head)) & _CITEPROC_ONLY_TYPES:
        return 0  # citeproc JSON from Crossref ("article-journal"): the CSL reader's
    if len(set(_CROSSREF_KEYS.findall(head))) >= 3:
        return 70
    return 0
