"""Reader for Elsevier Pure research-portal publication pages saved as text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
import re

from kg.errors import InputError
from kg.identity.normalize import clean_text, language_code, normalize_doi, parse_date, parse_pages
from kg.model import Contributor, Record, Status, Subject, Venue, Work, WorkType
from kg.readers.source import Source

_RESEARCH_OUTPUT = "Research output:"
_ASJC_HEADING = "ASJC Scopus subject areas"
_BULLET = "•"
_FINGERPRINT = re.compile(r"^Dive into the research topics of '(.*)'\. Together they form a unique fingerprint\.?")
_FOOTERS = ("Dive into the research topics of", "Cite this", "Fingerprint")
_CITATIONS = re.compile(r"^\d[\d,]* Citations? \([^)]*\)$")

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

# Labels of the metadata block, longest first so "Pages (from-to)" wins over shorter prefixes.
_LABELS = tuple(sorted((
    "Original language", "Pages (from-to)", "Number of pages", "Journal", "Volume",
    "Issue number", "Article number", "DOIs", "Publication status", "State",
    "Title of host publication", "Publisher", "Place of Publication", "ISBN (Print)",
    "ISBN (Electronic)", "Externally published", "Edition", "Event", "Series", "Name",
    "Country/Territory", "City", "Period", "Sponsor", "Specialist publication",
    "Early online date", "Host publication", "Book series",
), key=len, reverse=True))

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
    """Pure pages have a "Research output:" line and glued label-value lines."""
    score = 0
    if re.search(r"^Research output: ", head, re.M):
        score += 60
    if re.search(r"^(Original language|Publication status|Pages \(from-to\))\S", head, re.M):
        score += 30
    if "ASJC Scopus subject areas" in head or "Dive into the research topics of" in head:
        score += 10
    return score


@dataclass(slots=True)
class _Page:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    type_line: str | None = None
    abstract: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    asjc: list[str] = field(default_factory=list)
    fingerprint_title: str | None = None
    complete: bool = False


def read_pure(source: Source) -> Iterator[Record | InputError]:
    """The one Record a page file holds (a Pure page describes one publication); a page
    without a title or a 'Research output:' line is refused as a whole."""
    text = source.read_text()
    try:
        page = _parse(text.split("\n"), ends_cleanly=text.endswith("\n"))
        work = _work(page)
    except InputError as exc:  # a page is one record: a page without one is a bad file
        raise exc.located(path=source.name) from None
    yield Record(work=work, source="pure", path=source.name, index=1, line=1)


def _parse(lines: list[str], *, ends_cleanly: bool) -> _Page:
    page = _Page()
    if not ends_cleanly and not any(line.strip().startswith(_FOOTERS) for line in lines):
        # A page that stops before its footer without a final newline was cut: its last
        # line may end mid-value ("JournalWorld Journal "), so it is not trusted.
        lines = lines[:-1]
    stripped = [line.strip() for line in lines]
    try:
        output_at = next(i for i, s in enumerate(stripped) if s.startswith(_RESEARCH_OUTPUT))
    except StopIteration:
        raise InputError("not a Pure publication page: no 'Research output:' line") from None
    header = [s for s in stripped[:output_at] if s]
    if header:
        page.title = header[0]
        if len(header) > 1:
            page.authors = [a.strip() for a in " ".join(header[1:]).split(",") if a.strip()]
    page.type_line = stripped[output_at][len(_RESEARCH_OUTPUT):].strip()

    section = "abstract"
    for line in stripped[output_at + 1:]:
        if not line:
            continue
        fingerprint = _FINGERPRINT.match(line)
        if fingerprint:
            page.fingerprint_title = fingerprint.group(1)
        if line.startswith(_FOOTERS):
            page.complete = True
            break
        if section == "abstract":
            if line == "Abstract" or _CITATIONS.match(line):
                continue
            label = _label_of(line)
            if label is None:
                page.abstract.append(line)
                continue
            section = "fields"
        if line == _ASJC_HEADING:
            section = "asjc"
            continue
        if line.startswith(_BULLET):
            (page.asjc if section == "asjc" else page.keywords).append(line[1:].strip())
            continue
        label = _label_of(line)
        if label is not None and section == "fields":
            page.fields.setdefault(label, line[len(label):].strip())
    return page


def _label_of(line: str) -> str | None:
    for label in _LABELS:
        if line.startswith(label) and (len(line) == len(label) or not line[len(label)].islower()):
            return label
    return None


def _split_type(type_line: str) -> tuple[WorkType, bool, str | None]:
    peer_reviewed = type_line.endswith(_PEER_REVIEW)
    rest = type_line[: -len(_PEER_REVIEW)] if peer_reviewed else type_line
    for category in _CATEGORIES:
        if rest.startswith(category):
            subtype = rest[len(category):].strip()
            kind = _SUBTYPES.get((category, subtype), _CATEGORY_DEFAULTS.get(category, WorkType.OTHER))
            return kind, peer_reviewed, subtype or None
    return WorkType.OTHER, peer_reviewed, rest or None


def _status(text: str | None) -> tuple[tuple[Status, ...], str | None]:
    if not text:
        return (), None
    state, _, date = text.partition(" - ")
    return _STATUS.get(state.strip().casefold(), ()), date.strip() or None


def _work(page: _Page) -> Work:
    title = clean_text(page.title) or clean_text(page.fingerprint_title)
    if not title:
        raise InputError("no title (neither a title line nor a 'Dive into the research topics' line)")
    fields = page.fields
    kind, peer_reviewed, subtype = _split_type(page.type_line or "")
    status, date_text = _status(fields.get("Publication status") or fields.get("State"))
    if peer_reviewed:
        status += (Status.PEER_REVIEWED,)
    page_start, page_end = parse_pages(fields.get("Pages (from-to)"))
    journal = clean_text(fields.get("Journal"))
    if journal in _PLACEHOLDER_JOURNALS:
        journal = None
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
        venue=Venue(title=journal) if journal else None,
        host_title=clean_text(fields.get("Title of host publication")),
        volume=clean_text(fields.get("Volume")),
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
        publisher=clean_text(fields.get("Publisher")),
    )
