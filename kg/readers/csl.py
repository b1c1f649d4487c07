"""CSL-JSON (citeproc JSON, as Zotero, Manubot, pandoc and Crossref content negotiation write it).

Decisions:
- Types from ``CSL_TYPES``; Crossref type names (Crossref's citeproc output says
  "journal-article") fall back to the Crossref table.
- ``container-title`` is the journal, or the book/proceedings for chapters and conference
  papers (``host_title``). CSL does not type ISSNs: the first goes to Venue.issn, the second
  to Venue.eissn (Crossref-flavoured items with ``issn-type`` are typed properly).
- Authors: given/family (with particles and suffix) are persons; a ``literal`` name is a group
  when it reads like one (consortium, group, committee …) and otherwise a person whose name
  the source did not split — Manubot writes every arXiv author as a literal.
- Date: ``issued`` with the precision its ``date-parts`` give (extra parts beyond the day are
  ignored; ``[[null]]``/``[[]]`` are no date), else its ``raw``/``literal`` text.
- ``number`` (article number, report number, arXiv id) → article_number.
- Identifiers: the arXiv id of ``URL``/``DOI``/``id`` (or the ``number`` of an item whose publisher
  or container is arXiv, as Manubot writes them), and ``ISBN`` (a string or a list) for a whole
  book, report or thesis — not for a book with a container, whose ISBN is its container's.
- ``keyword`` (one string, ";"- or ","-separated, or a list) and ``categories`` → keyword
  subjects.
- Status: the CSL ``status`` variable when given; otherwise PUBLISHED for journal, magazine
  and newspaper articles, books, chapters and conference papers that have an issued date.
"""

from __future__ import annotations

from collections.abc import Iterator
import re
from typing import Any

from kg.errors import InputError
from kg.identity.normalize import normalize_doi, normalize_pmcid, normalize_pmid, page_count, parse_pages
from kg.identity.source_ids import identifiers, normalize_arxiv
from kg.model import Identifier, Record, Status, Subject, Venue, Work, WorkType
from kg.readers.citation_ids import arxiv_in, own_isbns
from kg.readers.citeproc import container_fields, date_of, plain
from kg.readers.crossref import CROSSREF_TYPES, HOSTED_TYPES, issns
from kg.readers.jats import markup_to_text
from kg.readers.jsonio import Located, RecordProblem, iter_values, read_items, text, texts
from kg.readers.source import Source

# CSL 1.0.2 item type → (WorkType, formally published when dated)
CSL_TYPES: dict[str, tuple[WorkType, bool]] = {
    "article-journal": (WorkType.JOURNAL_ARTICLE, True),
    "article": (WorkType.PREPRINT, False),  # CSL: "not published in a journal": preprints
    "article-magazine": (WorkType.OTHER, True),
    "article-newspaper": (WorkType.OTHER, True),
    "book": (WorkType.BOOK, True),
    "classic": (WorkType.BOOK, True),
    "chapter": (WorkType.CHAPTER, True),
    "entry-dictionary": (WorkType.CHAPTER, True),
    "entry-encyclopedia": (WorkType.CHAPTER, True),
    "paper-conference": (WorkType.CONFERENCE_PAPER, True),
    "thesis": (WorkType.THESIS, False),
    "report": (WorkType.REPORT, False),  # also used for arXiv preprints
    "dataset": (WorkType.DATASET, False),
    "software": (WorkType.SOFTWARE, False),
    "webpage": (WorkType.WEB_PAGE, False),
    "post": (WorkType.WEB_PAGE, False),
    "post-weblog": (WorkType.WEB_PAGE, False),
    "review": (WorkType.OTHER, False),  # a review of another work, not a review article
    "review-book": (WorkType.OTHER, False),
    "manuscript": (WorkType.OTHER, False),
    "standard": (WorkType.OTHER, False),
    "patent": (WorkType.OTHER, False),
    "entry": (WorkType.OTHER, False),
    "collection": (WorkType.OTHER, False),
    "document": (WorkType.OTHER, False),
    "event": (WorkType.OTHER, False),
    "periodical": (WorkType.OTHER, False),
    "pamphlet": (WorkType.OTHER, False),
    "speech": (WorkType.OTHER, False),
    "interview": (WorkType.OTHER, False),
    "personal_communication": (WorkType.OTHER, False),
    "broadcast": (WorkType.OTHER, False),
    "motion_picture": (WorkType.OTHER, False),
    "musical_score": (WorkType.OTHER, False),
    "song": (WorkType.OTHER, False),
    "performance": (WorkType.OTHER, False),
    "graphic": (WorkType.OTHER, False),
    "figure": (WorkType.OTHER, False),
    "map": (WorkType.OTHER, False),
    "bill": (WorkType.OTHER, False),
    "hearing": (WorkType.OTHER, False),
    "legal_case": (WorkType.OTHER, False),
    "legislation": (WorkType.OTHER, False),
    "regulation": (WorkType.OTHER, False),
    "treaty": (WorkType.OTHER, False),
}
# The CSL "status" variable (free text in practice) → status flags.
CSL_STATUS: dict[str, tuple[Status, ...]] = {
    "published": (Status.PUBLISHED,),
    "in press": (Status.FORTHCOMING,),
    "in-press": (Status.FORTHCOMING,),
    "forthcoming": (Status.FORTHCOMING,),
    "accepted": (Status.ACCEPTED,),
    "unpublished": (Status.UNPUBLISHED,),
    "submitted": (),
    "preprint": (),
    "draft": (Status.DRAFT,),
}


def read_csl(source: Source) -> Iterator[Record | InputError]:
    """Records from CSL-JSON: an array of items, a single item, or one item per line."""
    return read_items(source, "csl", _items(iter_values(source)), work_from_csl)


def _items(values: Iterator[Located]) -> Iterator[Located]:
    for line, value in values:
        if isinstance(value, list):
            for item in value:
                yield line, item
        else:
            yield line, value


def work_from_csl(item: dict) -> tuple[Work, str | None]:
    """A Work from one CSL item, with its ``id`` (citation key), else its DOI, as the source id."""
    doi = normalize_doi(text(item.get("DOI")))
    source_id = text(item.get("id")) or doi
    title = markup_to_text(text(item.get("title")))
    if not title:
        raise RecordProblem("no title", source_id)
    type_name = text(item.get("type")) or ""
    work_type, published = (CSL_TYPES.get(type_name) or CROSSREF_TYPES.get(type_name)
                            or (WorkType.OTHER, False))
    hosted = work_type in HOSTED_TYPES
    page_start, page_end = parse_pages(text(item.get("page")) or text(item.get("page-first")))
    issued = date_of(item.get("issued"))
    status_text = (text(item.get("status")) or "").casefold()
    if status_text in CSL_STATUS:
        status = CSL_STATUS[status_text]
    else:
        status = (Status.PUBLISHED,) if published and issued is not None else ()
    work = Work(
        type=work_type,
        title=title,
        **container_fields(item, hosted=hosted, venue=_venue),
        page_start=page_start,
        page_end=page_end,
        num_pages=_num_pages(item.get("number-of-pages"), page_start, page_end),
        article_number=text(item.get("number")),
        issued=issued,
        status=status,
        subjects=_keywords(item),
        publication_types=(type_name,) if type_name else (),
        doi=doi,
        pmid=normalize_pmid(text(item.get("PMID"))),
        pmcid=normalize_pmcid(text(item.get("PMCID"))),
        identifiers=_identifiers(item, work_type),
        publisher=plain(item.get("publisher")),
        url=text(item.get("URL")),
    )
    return work, source_id


def _identifiers(item: dict, work_type: WorkType) -> tuple[Identifier, ...]:
    """The arXiv id (from ``URL``, ``DOI`` or ``id``, else the ``number`` of an item arXiv
    published) and the work's own ISBNs: not those of a book inside another (a biblatex
    @bookinbook, which CSL calls a book with a container), whose ISBN is its container's."""
    arxiv = next(filter(None, (arxiv_in(text(item.get(key))) for key in ("URL", "DOI", "id"))), None)
    if arxiv is None and any((text(item.get(key)) or "").casefold() == "arxiv"
                             for key in ("publisher", "container-title", "archive")):
        arxiv = normalize_arxiv(text(item.get("number")))
    isbns = [] if work_type is WorkType.BOOK and text(item.get("container-title")) else own_isbns(
        texts(item.get("ISBN")), work_type)
    return identifiers([("arxiv", arxiv)] + [("isbn", isbn) for isbn in isbns])


def _venue(item: dict, title: str | None) -> Venue | None:
    issn, eissn = issns(item.get("issn-type"), item.get("ISSN"))
    abbreviation = plain(item.get("container-title-short")) if title else None
    if not (title or issn or eissn):
        return None
    return Venue(title=title, abbreviation=abbreviation, issn=issn, eissn=eissn)


def _num_pages(value: Any, start: str | None, end: str | None) -> int | None:
    given = text(value)
    if given and given.isdigit() and 0 < int(given) < 100_000:
        return int(given)
    return page_count(start, end) if end != start else None


def _keywords(item: dict) -> tuple[Subject, ...]:
    labels: list[str] = []
    for value in texts(item.get("keyword")):
        separator = ";" if ";" in value else ","
        labels.extend(value.split(separator))
    labels.extend(texts(item.get("categories")))
    seen: set[str] = set()
    out = []
    for label in labels:
        label = plain(label)
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            out.append(Subject(scheme="keyword", label=label))
    return tuple(out)


# -- sniffing ------------------------------------------------------------------------------

_CONTAINER_STRING = re.compile(r'"container-title"\s*:\s*"')
_CONTAINER_LIST = re.compile(r'"container-title"\s*:\s*\[')
_TYPE_VALUE = re.compile(r'"type"\s*:\s*"([a-z_-]+)"')
# Types only CSL uses (not Crossref, not OpenAlex).
_CSL_ONLY_TYPES = frozenset(CSL_TYPES) - frozenset(CROSSREF_TYPES) - {
    "article", "review", "preprint"}
_CSL_KEYS = re.compile(r'"(container-title-short|PMID|PMCID|citation-key|literal'
                       r'|collection-title|publisher-place|number-of-pages|issued)"\s*:')


def sniff(head: str) -> int:
    """Confidence that ``head`` starts CSL-JSON (an array of items or one item)."""
    if head.lstrip()[:1] not in ("{", "["):
        return 0
    if '"message-type"' in head or "openalex.org/W" in head or _CONTAINER_LIST.search(head):
        return 0  # a Crossref API response, OpenAlex, or Crossref works JSON
    if _CONTAINER_STRING.search(head):
        return 88
    types = set(_TYPE_VALUE.findall(head))
    if types & _CSL_ONLY_TYPES:
        return 85
    if types & frozenset(CSL_TYPES) and len(set(_CSL_KEYS.findall(head))) >= 2:
        return 70
    return 0
