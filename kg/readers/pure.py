"""Reader for Elsevier Pure research-portal publication pages saved as text.

The page is cut into its parts by ``pure_page`` (both the glued layout of saved excerpts and
the "›" layout of live portals). The type line gives the work type, the subtype as a
publication type and PEER_REVIEWED; a journal page's venue is its journal, a book's or
chapter's its publication series (``Venue.series``). Identifiers: the research output's UUID
("pure"), where the page gives it, and the ISBNs of a whole book or report ("isbn", 13 digits;
a chapter's ISBNs are its host book's and are not its own).
"""

from __future__ import annotations

from collections.abc import Iterator
import re

from kg.errors import InputError
from kg.identity.normalize import (clean_text, language_code, normalize_doi, normalize_isbn, normalize_issn,
                                   parse_date, parse_pages)
from kg.identity.source_ids import identifiers
from kg.model import Contributor, Identifier, Record, Status, Subject, Venue, Work, WorkType
from kg.readers.pure_page import Page, parse_page
from kg.readers.source import Source

# Output categories and subtypes, as Pure prints them glued together on the type line.
_CATEGORIES = (
    "Contribution to journal",
    "Chapter in Book/Report/Conference proceeding",
    "Contribution to conference",
    "Contribution to specialist publication",
    "Book/Report",
    "Thesis",
    "Working paper",
    "Non-textual form",
    "Other contribution",
    "Patent",
)
_PEER_REVIEW = "peer-review"
_SUBTYPES: dict[tuple[str, str], WorkType] = {
    ("Contribution to journal", "Article"): WorkType.JOURNAL_ARTICLE,
    ("Contribution to journal", "Review article"): WorkType.REVIEW,
    ("Contribution to journal", "Letter"): WorkType.LETTER,
    ("Contribution to journal", "Editorial"): WorkType.EDITORIAL,
    ("Contribution to journal", "Comment/debate"): WorkType.JOURNAL_ARTICLE,
    ("Contribution to journal", "Conference article"): WorkType.CONFERENCE_PAPER,
    ("Contribution to journal", "Short survey"): WorkType.REVIEW,
    ("Contribution to journal", "Special issue"): WorkType.JOURNAL_ARTICLE,
    ("Chapter in Book/Report/Conference proceeding", "Chapter"): WorkType.CHAPTER,
    ("Chapter in Book/Report/Conference proceeding", "Conference contribution"): WorkType.CONFERENCE_PAPER,
    ("Chapter in Book/Report/Conference proceeding", "Entry for encyclopedia/dictionary"): WorkType.CHAPTER,
    ("Chapter in Book/Report/Conference proceeding", "Foreword/postscript"): WorkType.CHAPTER,
    ("Book/Report", "Book"): WorkType.BOOK,
    ("Book/Report", "Report"): WorkType.REPORT,
    ("Book/Report", "Anthology"): WorkType.BOOK,
    ("Thesis", "Doctoral Thesis"): WorkType.THESIS,
    ("Thesis", "Master's Thesis"): WorkType.THESIS,
    ("Contribution to conference", "Paper"): WorkType.CONFERENCE_PAPER,
    ("Contribution to conference", "Poster"): WorkType.CONFERENCE_PAPER,
    ("Contribution to conference", "Abstract"): WorkType.CONFERENCE_PAPER,
    ("Working paper", "Preprint"): WorkType.PREPRINT,
}
_CATEGORY_DEFAULTS = {
    "Contribution to journal": WorkType.JOURNAL_ARTICLE,
    "Chapter in Book/Report/Conference proceeding": WorkType.CHAPTER,
    "Contribution to conference": WorkType.CONFERENCE_PAPER,
    "Book/Report": WorkType.BOOK,
    "Thesis": WorkType.THESIS,
    "Working paper": WorkType.PREPRINT,
}

# "Publication status" values → status flags.
_STATUS = {
    "published": (Status.PUBLISHED,),
    "accepted/in press": (Status.ACCEPTED,),
    "e-pub ahead of print": (Status.PUBLISHED,),
    "submitted": (Status.DRAFT,),
    "unpublished": (Status.UNPUBLISHED,),
    "in preparation": (Status.DRAFT,),
}

# Types whose ISBN is their own (a chapter's or a paper's is its host's).
_WHOLE_PUBLICATIONS = frozenset({WorkType.BOOK, WorkType.REPORT, WorkType.PROCEEDINGS, WorkType.THESIS})
# What Pure prints when it knows no journal: not a journal name.
_PLACEHOLDER_JOURNALS = frozenset({"Unknown Journal", "Unknown journal"})

# PubMed publication-type names that Pure lists among the keyword bullets.
_PUBLICATION_TYPE_BULLETS = frozenset({
    "Journal Article", "Review", "Case Reports", "Clinical Trial", "Comparative Study",
    "Editorial", "Letter", "Comment", "Meta-Analysis", "Randomized Controlled Trial",
    "Multicenter Study", "Research Support, Non-U.S. Gov't", "Research Support, U.S. Gov't, P.H.S.",
    "English Abstract", "Systematic Review", "Practice Guideline", "Clinical Trial, Phase II",
    "Clinical Trial, Phase III", "Historical Article", "Observational Study",
})


def sniff(head: str) -> int:
    """Pure pages have a "Research output:" line and label-value lines (glued or spaced)."""
    score = 0
    if re.search(r"^Research output: ", head, re.M):
        score += 60
    if re.search(r"^(Original language|Publication status|Pages \(from-to\))[ \t]*\S", head, re.M):
        score += 30
    if "ASJC Scopus subject areas" in head or "Dive into the research topics of" in head:
        score += 10
    return score


def read_pure(source: Source) -> Iterator[Record | InputError]:
    """The one Record a page file holds (a Pure page describes one publication); a page
    without a title or a 'Research output:' line is refused as a whole."""
    text = source.read_text()
    try:
        page = parse_page(text)
        work = _work(page)
    except InputError as exc:  # a page is one record: a page without one is a bad file
        raise exc.located(path=source.name) from None
    yield Record(work=work, source="pure", path=source.name, index=1, line=1, source_id=page.uuid)


def _split_type(type_line: str) -> tuple[WorkType, bool, str | None]:
    """(work type, peer reviewed, subtype) from "Contribution to journal › Article › peer-review"
    (a level such as "Research" may stand before "peer-review") or the glued
    "Contribution to journalArticlepeer-review"."""
    if "›" in type_line:
        parts = [part.strip() for part in type_line.split("›") if part.strip()]
        peer_reviewed = _PEER_REVIEW in parts[1:]
        category, subtype = parts[0] if parts else "", parts[1] if len(parts) > 1 else None
        subtype = None if subtype == _PEER_REVIEW else subtype
    else:
        peer_reviewed = type_line.endswith(_PEER_REVIEW)
        rest = type_line[: -len(_PEER_REVIEW)] if peer_reviewed else type_line
        category = next((c for c in _CATEGORIES if rest.startswith(c)), "")
        subtype = (rest[len(category):].strip() if category else rest.strip()) or None
    if category not in _CATEGORIES:
        return WorkType.OTHER, peer_reviewed, subtype
    kind = _SUBTYPES.get((category, subtype or ""), _CATEGORY_DEFAULTS.get(category, WorkType.OTHER))
    return kind, peer_reviewed, subtype


def _status(text: str | None) -> tuple[tuple[Status, ...], str | None]:
    if not text:
        return (), None
    state, _, date = text.partition(" - ")
    return _STATUS.get(state.strip().casefold(), ()), date.strip() or None


def _work(page: Page) -> Work:
    title = clean_text(page.title) or clean_text(page.fingerprint_title)
    if not title:
        raise InputError("no title (neither a title line nor a 'Dive into the research topics' line)")
    fields = page.fields
    kind, peer_reviewed, subtype = _split_type(page.type_line or "")
    status, date_text = _status(fields.get("Publication status") or fields.get("State"))
    if peer_reviewed:
        status += (Status.PEER_REVIEWED,)
    page_start, page_end = parse_pages(fields.get("Pages (from-to)") or fields.get("Pages"))
    number_of_pages = fields.get("Number of pages", "")
    keywords = [k for k in page.keywords if k not in _PUBLICATION_TYPE_BULLETS]
    publication_types = tuple(k for k in page.keywords if k in _PUBLICATION_TYPE_BULLETS)
    if subtype:
        publication_types = (subtype,) + publication_types
    return Work(
        type=kind,
        title=title,
        abstract="\n".join(page.abstract) or None,
        language=language_code(fields.get("Original language")),
        contributors=tuple(Contributor(name=name) for name in page.authors),
        venue=_venue(page),
        host_title=clean_text(fields.get("Title of host publication")),
        volume=clean_text(fields.get("Volume") or page.series.get("Volume")),
        issue=clean_text(fields.get("Issue number")),
        page_start=page_start,
        page_end=page_end,
        num_pages=int(number_of_pages) if number_of_pages.isdigit() else None,
        article_number=clean_text(fields.get("Article number")),
        issued=parse_date(date_text),
        status=status,
        subjects=tuple(Subject(scheme="keyword", label=k) for k in keywords)
        + tuple(Subject(scheme="asjc", label=label) for label in page.asjc),
        publication_types=publication_types,
        doi=normalize_doi(fields.get("DOIs")),
        identifiers=_identifiers(page, kind),
        publisher=clean_text(fields.get("Publisher")),
    )


def _venue(page: Page) -> Venue | None:
    """The journal; else the book series ("Publication series" block, or "Book series")."""
    journal = clean_text(page.fields.get("Journal"))
    if journal and journal not in _PLACEHOLDER_JOURNALS:
        return Venue(title=journal)
    series = clean_text(page.series.get("Name") or page.fields.get("Book series"))
    issn = normalize_issn(page.series.get("ISSN (Print)"))
    eissn = normalize_issn(page.series.get("ISSN (Electronic)"))
    if not (series or issn or eissn):
        return None
    return Venue(title=series, issn=issn or eissn, eissn=eissn if issn and eissn != issn else None,
                 series=True)


def _identifiers(page: Page, kind: WorkType) -> tuple[Identifier, ...]:
    """The page's UUID, and the ISBNs of a whole book or report, print first."""
    pairs = [("pure", page.uuid)]
    if kind in _WHOLE_PUBLICATIONS:
        for label in ("ISBN (Print)", "ISBN (Electronic)"):
            pairs += [("isbn", normalize_isbn(i)) for i in re.split(r"[,;]", page.fields.get(label, ""))]
    return identifiers(pairs)
