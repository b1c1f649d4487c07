"""NLM tables and record checks shared by the PubMed XML and MEDLINE readers: publication types, statuses, the Record."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.errors import InputError
from kg.model import Record, Status, Work, WorkType
from kg.readers.source import Source

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


def checked_record(source: Source, reader: str, build: Callable[[], Work], *, index: int, line: int,
                   label: str | int, errors: tuple[type[Exception], ...]) -> Record | InputError:
    """The Record of one citation whose Work ``build()`` makes, or the InputError saying why not
    (a field that does not convert, or no title)."""
    try:
        work = build()
    except errors as exc:
        return source.unreadable(exc, line=line, record=label)
    if not work.title:
        return source.error("no title", line=line, record=label)
    return Record(work=work, source=reader, path=source.name, index=index, line=line,
                  source_id=work.pmid)
