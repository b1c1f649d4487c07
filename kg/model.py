"""Typed, frozen records that flow from the readers to the mapper; imports nothing from kg."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

_frozen = dict(frozen=True, slots=True, kw_only=True)


class WorkType(str, Enum):
    """What kind of publication a record describes; mapped to FaBiO/BIBO classes by a table."""

    JOURNAL_ARTICLE = "journal-article"
    REVIEW = "review"
    BOOK = "book"
    CHAPTER = "chapter"
    CONFERENCE_PAPER = "conference-paper"
    PROCEEDINGS = "proceedings"
    THESIS = "thesis"
    REPORT = "report"
    PREPRINT = "preprint"
    EDITORIAL = "editorial"
    LETTER = "letter"
    CASE_REPORT = "case-report"
    CLINICAL_TRIAL = "clinical-trial"
    DATASET = "dataset"
    SOFTWARE = "software"
    WEB_PAGE = "web-page"
    OTHER = "other"


class Status(str, Enum):
    """Publication status flags (BIBO status individuals)."""

    PUBLISHED = "published"
    PEER_REVIEWED = "peerReviewed"
    ACCEPTED = "accepted"
    FORTHCOMING = "forthcoming"
    DRAFT = "draft"
    UNPUBLISHED = "unpublished"


@dataclass(**_frozen)
class PartialDate:
    """A date known to year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day without a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError(f"day out of range: {self.day}")

    @property
    def precision(self) -> str:
        """"year", "month" or "day"."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def isoformat(self) -> str:
        """"1993", "2006-06" or "2012-05-01"."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@dataclass(**_frozen)
class Organization:
    """An affiliation as the source states it, with its ROR id where given."""

    name: str
    ror: str | None = None  # bare ROR id, e.g. "03vek6s52"


@dataclass(**_frozen)
class Identifier:
    """A source's own identifier of a work or a person, normalised by the reader.

    Work schemes: "eid" (Scopus), "wos" (Web of Science UT), "openalex" (W…), "arxiv", "isbn",
    "pure" (portal UUID); person schemes: "researcherid", "openalex" (A…). DOI, PMID, PMCID,
    ORCID and the Scopus author id have fields of their own.
    """

    scheme: str
    value: str


@dataclass(**_frozen)
class Contributor:
    """One author in the order the source gives, with the name as printed.

    ``given``/``family`` are set only when the source structures the name.
    ``collective`` marks a group author (a consortium, a study group).
    """

    name: str
    given: str | None = None
    family: str | None = None
    initials: str | None = None
    orcid: str | None = None  # bare, "0000-0002-1825-0097"
    scopus_id: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    affiliations: tuple[Organization, ...] = ()
    collective: bool = False


@dataclass(**_frozen)
class Venue:
    """The journal a work appears in, or (``series=True``) the book or report series."""

    title: str | None = None
    abbreviation: str | None = None
    issn: str | None = None  # print ISSN, "0284-186X"
    eissn: str | None = None
    publisher: str | None = None
    series: bool = False


@dataclass(**_frozen)
class Subject:
    """A subject term: an ASJC field, a MeSH heading, a keyword, a classification.

    ``scheme`` is one of "asjc", "mesh", "keyword"; ``code`` the scheme's identifier
    (ASJC "2730", MeSH descriptor "D009369"), None for free keywords.
    """

    scheme: str
    label: str
    code: str | None = None
    major: bool = False


@dataclass(**_frozen)
class Work:
    """One publication as one source describes it. Fields the source does not give stay None."""

    type: WorkType = WorkType.OTHER
    title: str | None = None
    abstract: str | None = None
    language: str | None = None  # ISO 639-1, "en"
    contributors: tuple[Contributor, ...] = ()
    venue: Venue | None = None
    host_title: str | None = None  # a book or proceedings a chapter appears in
    volume: str | None = None
    issue: str | None = None
    page_start: str | None = None
    page_end: str | None = None
    num_pages: int | None = None
    article_number: str | None = None
    issued: PartialDate | None = None
    status: tuple[Status, ...] = ()
    subjects: tuple[Subject, ...] = ()
    publication_types: tuple[str, ...] = ()  # as the source names them, e.g. "Journal Article"
    doi: str | None = None  # normalised: lower case, no resolver
    pmid: str | None = None
    pmcid: str | None = None  # "PMC1234567"
    identifiers: tuple[Identifier, ...] = ()  # the other schemes (see Identifier)
    publisher: str | None = None
    url: str | None = None


@dataclass(**_frozen)
class Record:
    """A work together with where it was read from."""

    work: Work
    source: str  # the reader's registry name: "pure", "pubmed", ...
    path: str  # the file, or "<stdin>"
    index: int  # 1-based position of the record in its file
    line: int | None = None  # 1-based line where the record starts, where the format has lines
    source_id: str | None = None  # the record's own id in its source (PMID, BibTeX key, ...)

    @property
    def label(self) -> str:
        """How messages name this record: its source id, else its position."""
        return self.source_id or f"#{self.index}"
