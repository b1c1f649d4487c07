"""Field builders shared by the export-format readers (BibTeX, RIS, Scopus CSV, Web of Science)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
import re

from kg.errors import InputError, KgError
from kg.identity.normalize import clean_text, display_name, initials_of, normalize_doi, parse_date
from kg.model import Contributor, Organization, PartialDate, Record, Status, Subject, Work, WorkType
from kg.readers.source import Source

_DOI_IN_URL = re.compile(r"^(?:https?:)?//[^/\s]*doi[^/\s]*/+(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_INITIALS_TOKEN = re.compile(r"(?:[A-Z]\.?-?){1,4}")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_COLLECTIVE = re.compile(
    r"\b(?:group|grp|consortium|collaborat\w*|committee|comm|investigators|trialists"
    r"|network|society|association|team|council|organi[sz]ation|working party|task force"
    r"|study|institute|registry|program(?:me)?|centre|center)\b", re.IGNORECASE)
_ANONYMOUS = {"anon", "anon.", "anonymous", "[anonymous]", "et al", "et al."}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"}

# journal-like work types: "published" follows from a database giving an issue or volume
_SERIAL_TYPES = {WorkType.JOURNAL_ARTICLE, WorkType.REVIEW, WorkType.EDITORIAL,
                 WorkType.LETTER, WorkType.CASE_REPORT, WorkType.CLINICAL_TRIAL}


def first_text(*values: str | None) -> str | None:
    """The first value that is not empty after whitespace clean-up."""
    for value in values:
        text = clean_text(value)
        if text:
            return text
    return None


def doi_in(text: str | None) -> str | None:
    """A normalised DOI from a bare DOI, "doi:…", or any resolver URL (doi.org, doi.acm.org, …)."""
    if not text:
        return None
    text = text.strip()
    doi = normalize_doi(text)
    if doi:
        return doi
    match = _DOI_IN_URL.match(text)
    return normalize_doi(match.group(1)) if match else None


def year_date(text: str | None) -> PartialDate | None:
    """The year in "1993", "1993a" or "c. 1993" as a year-precision date."""
    match = _YEAR.search(text or "")
    return parse_date(match.group(1)) if match else None


def keyword_subjects(labels: Iterable[str | None], *, seen: set[str] | None = None,
                     major_marker: str | None = None) -> list[Subject]:
    """Keyword subjects, blank and repeated labels dropped (case-insensitive)."""
    seen = set() if seen is None else seen
    out = []
    for label in labels:
        label = clean_text(label)
        major = False
        if label and major_marker and label.startswith(major_marker):
            label, major = clean_text(label[len(major_marker):]), True
        if not label or label.casefold() in seen:
            continue
        seen.add(label.casefold())
        out.append(Subject(scheme="keyword", label=label, major=major))
    return out


def split_values(text: str | None, separator: str = ";") -> list[str]:
    """The non-empty, cleaned parts of a delimited value."""
    if not text:
        return []
    return [part for part in (clean_text(p) for p in text.split(separator)) if part]


def looks_collective(name: str) -> bool:
    """True for a group author ("Scandinavian Simvastatin Survival Study Group")."""
    return bool(_COLLECTIVE.search(name))


def is_anonymous(name: str | None) -> bool:
    """True for the placeholders exports print instead of an author ("Anon", "[Anonymous]")."""
    return (clean_text(name) or "").casefold() in _ANONYMOUS


def collective(name: str | None, **extra) -> Contributor | None:
    """A group author, its name as printed."""
    name = clean_text(name)
    return Contributor(name=name, collective=True, **extra) if name else None


def person(given: str | None, family: str | None, *, suffix: str | None = None,
           **extra) -> Contributor | None:
    """A structured person: name printed "Given Family[ Suffix]"."""
    given, family, suffix = clean_text(given), clean_text(family), clean_text(suffix)
    name = display_name(given, family)
    if not name:
        return None
    if suffix:
        name = f"{name} {suffix}"
    return Contributor(name=name, given=given, family=family, initials=initials_of(given),
                       **extra)


def person_from_inverted(text: str | None, **extra) -> Contributor | None:
    """A person from "Family, Given[, Jr]", "Family Initials" ("Fanning E.") or "Given Family"."""
    text = clean_text(text)
    if not text or is_anonymous(text):
        return None
    if "," not in text and looks_collective(text):
        return collective(text, **extra)
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        family = parts[0]
        rest = [p for p in parts[1:] if p]
        suffix = None
        if len(rest) >= 2 and rest[0].casefold() in _SUFFIXES:  # "Family, Jr, Given"
            suffix, rest = rest[0], rest[1:]
        elif len(rest) >= 2 and rest[-1].casefold() in _SUFFIXES:  # "Family, Given, Jr"
            suffix, rest = rest[-1], rest[:-1]
        given = " ".join(rest) or None
        if not family:
            return _unstructured(text, **extra)
        return person(given, family, suffix=suffix, **extra)
    tokens = text.split(" ")
    if len(tokens) == 1:
        return Contributor(name=text, family=text, **extra)
    if _INITIALS_TOKEN.fullmatch(tokens[-1]):
        return person(tokens[-1], " ".join(tokens[:-1]), **extra)  # "Fanning E."
    return person(" ".join(tokens[:-1]), tokens[-1], **extra)  # "Catarina Barata"


def _unstructured(text: str, **extra) -> Contributor:
    return Contributor(name=text, **extra)


def organizations(names: Iterable[str | None]) -> tuple[Organization, ...]:
    """Affiliations as stated, blank and repeated ones dropped, order kept."""
    out: list[Organization] = []
    seen: set[str] = set()
    for name in names:
        name = clean_text(name)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(Organization(name=name))
    return tuple(out)


def serial_status(work_type: WorkType, issued: PartialDate | None, volume: str | None,
                  issue: str | None) -> tuple[Status, ...]:
    """PUBLISHED for a journal item a database lists with a date and a volume or issue."""
    if work_type in _SERIAL_TYPES and issued is not None and (volume or issue):
        return (Status.PUBLISHED,)
    return ()


def guarded(source: Source, build: Callable[[], Record | InputError], *, line: int | None,
            record: str | int) -> Record | InputError:
    """Run one record's builder; any unexpected failure becomes that record's InputError."""
    try:
        return build()
    except KgError as exc:
        if isinstance(exc, InputError):
            return exc.located(path=source.name, line=line, record=record)
        return source.error(str(exc), line=line, record=record)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        return source.unreadable(exc, line=line, record=record)


def work_or_error(source: Source, work: Work, *, reader: str, index: int, line: int | None,
                  source_id: str | None) -> Record | InputError:
    """The Record for a built work, or the "no title" error that names it."""
    if not work.title:
        return source.error("no title", line=line, record=source_id or index)
    return Record(work=work, source=reader, path=source.name, index=index, line=line,
                  source_id=source_id)


def iter_lines(source: Source) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its end) for each line of the source."""
    with source.open_text() as stream:
        for number, line in enumerate(stream, 1):
            yield number, line.rstrip("\r\n")
