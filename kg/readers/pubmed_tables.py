"""NLM tables shared by the PubMed XML and MEDLINE readers: publication types and statuses."""

from __future__ import annotations

from collections.abc import Iterable

from kg.model import Status, WorkType

# NLM publication types (as PubMed spells them, compared case-insensitively) → the work type
# they make a record. A record names several; the most specific one wins (PRIORITY below).
# Clinical-trial types ("Clinical Trial, Phase II", "Randomized Controlled Trial", ...) stay
# journal articles: the trial kind is kept in Work.publication_types, as are all the others.
PUBLICATION_TYPES: dict[str, WorkType] = {
    "journal article": WorkType.JOURNAL_ARTICLE,
    "review": WorkType.REVIEW,
    "systematic review": WorkType.REVIEW,
    "scoping review": WorkType.REVIEW,
    "case reports": WorkType.CASE_REPORT,
    "editorial": WorkType.EDITORIAL,
    "letter": WorkType.LETTER,
    "preprint": WorkType.PREPRINT,
    "dataset": WorkType.DATASET,
    "congress": WorkType.CONFERENCE_PAPER,
    "technical report": WorkType.REPORT,
    "book": WorkType.BOOK,
}

# Most specific first: a case report that also reviews the literature is a case report.
PRIORITY: tuple[WorkType, ...] = (
    WorkType.BOOK, WorkType.PREPRINT, WorkType.CASE_REPORT, WorkType.EDITORIAL, WorkType.LETTER,
    WorkType.REVIEW, WorkType.DATASET, WorkType.CONFERENCE_PAPER, WorkType.REPORT,
    WorkType.JOURNAL_ARTICLE,
)
_RANK = {kind: rank for rank, kind in enumerate(PRIORITY)}

# PubMed's PublicationStatus (XML) / PST (MEDLINE). "aheadofprint" is NLM's "published
# electronically ahead of print": the version of record is out, only the issue is not, so it
# counts as published. Other values (history stamps such as "received") assert nothing.
PUBLICATION_STATUS: dict[str, tuple[Status, ...]] = {
    "ppublish": (Status.PUBLISHED,),
    "epublish": (Status.PUBLISHED,),
    "aheadofprint": (Status.PUBLISHED,),
}


def work_type(publication_types: Iterable[str], default: WorkType = WorkType.JOURNAL_ARTICLE) -> WorkType:
    """The work type the most specific known publication type gives; ``default`` when none is known."""
    kinds = [PUBLICATION_TYPES[name.casefold()] for name in publication_types
             if name.casefold() in PUBLICATION_TYPES]
    return min(kinds, key=_RANK.__getitem__, default=default)


def publication_status(text: str | None) -> tuple[Status, ...]:
    """The statuses a PubMed publication status asserts (none for unknown values)."""
    return PUBLICATION_STATUS.get((text or "").strip().casefold(), ())


def unique(items: Iterable) -> tuple:
    """The items in first-seen order without repeats."""
    return tuple(dict.fromkeys(items))
