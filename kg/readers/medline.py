"""MEDLINE tagged-text reader: PubMed's "MEDLINE" export and .nbib files (PMID- / TI- / FAU- ...)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
import re

from kg.errors import InputError
from kg.identity.normalize import (clean_text, display_name, initials_of, language_code, normalize_doi,
                                   normalize_issn, normalize_orcid, normalize_pmcid, normalize_pmid,
                                   page_count, parse_date, parse_pages, split_inverted_name)
from kg.model import Contributor, Organization, PartialDate, Record, Subject, Venue, Work, WorkType
from kg.readers.pubmed_tables import checked_record, publication_status, unique, work_type
from kg.readers.source import Source

NAME = "medline"
# A field line: a tag of up to four characters, padded with spaces, then "- " and the value.
# Hand-made files drop the padding ("TI-", "PMID-22664220"); continuation lines are indented.
TAG_LINE = re.compile(r"([A-Z][A-Z0-9]{1,3}) *- ?(.*)")
# Tags that only MEDLINE uses (RIS shares TI, AU, AB, PY ...; it always starts with TY).
_MEDLINE_TAGS = frozenset({
    "PMID", "FAU", "STAT", "OWN", "PMC", "PMCR", "DP", "TA", "JT", "JID", "MH", "PST", "SO",
    "BTI", "CTI", "DA", "DCOM", "LR", "EDAT", "MHDA", "CRDT", "PHST", "AID", "LID", "SB",
    "OTO", "FED", "FIR", "IR", "IRAD", "CN", "DEP", "MID", "OID", "GR", "CI", "AUID", "PUBM",
})
_RIS_ONLY_TAGS = frozenset({"TY", "ER"})
# Name suffixes as NLM writes them ("Rider SD Jr", "Rowe JW 3rd").
_SUFFIX = re.compile(r"\s+(Jr|Sr|2nd|3rd|4th|5th)\.?$")
_ISSN_FIELD = re.compile(r"(\S+)\s*(?:\(\s*([A-Za-z]+)\s*\))?")
_BRACKET_TYPE = re.compile(r"^(.*?)\s*\[([a-z-]+)\]\s*$")
_ORCID = re.compile(r"\d{4}-?\d{4}-?\d{4}-?\d{3}[\dXx]")
_NUMERIC_DATE = re.compile(r"(\d{4})\s+(\d{1,2})(?:\s+(\d{1,2}))?")
# Tags after which AD/AUID lines belong to someone who is not an author.
_NOT_AUTHORS = frozenset({"IR", "FIR", "ED", "FED"})
_CONVERSION_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError)


def sniff(head: str) -> int:
    """95 with a PMID- line, 80 with other MEDLINE-only tags, low for tag lines alone.

    The text must open with a field line (Web of Science's "FN ..." header does not).
    """
    lines = [line.rstrip() for line in head.splitlines()[:400]]
    opening = next((line for line in lines if line.strip()), "")
    if not TAG_LINE.fullmatch(opening):
        return 0
    tags = {m.group(1) for line in lines if (m := TAG_LINE.fullmatch(line))}
    if tags & _RIS_ONLY_TAGS:
        return 0
    if "PMID" in tags:
        return 95
    return 80 if tags & _MEDLINE_TAGS else 10


def read_medline(source: Source) -> Iterator[Record | InputError]:
    """Stream the records of a MEDLINE file, one blank-line separated block at a time."""
    for index, (line, fields) in enumerate(iter_field_blocks(source), start=1):
        yield _record(source, fields, index, line)


def iter_field_blocks(source: Source) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """(first line, [(tag, value), ...]) per record, continuation lines joined to their field.

    A record ends at a blank line, or where a second PMID line starts the next one. Text that
    is neither a field nor a continuation, outside any record, is not part of a record and is
    skipped (JabRef's test files put such notes between records).
    """
    fields: list[list[str]] = []
    start = 0
    has_pmid = False
    with source.open_text() as text:
        for number, raw in enumerate(text, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if fields:
                    yield start, [(tag, value) for tag, value in fields]
                    fields, has_pmid = [], False
                continue
            match = None if line[0].isspace() else TAG_LINE.fullmatch(line.rstrip())
            if match:
                tag = match.group(1)
                if tag == "PMID":
                    if has_pmid:
                        yield start, [(t, v) for t, v in fields]
                        fields = []
                    has_pmid = True
                if not fields:
                    start = number
                fields.append([tag, match.group(2).strip()])
            elif fields:
                fields[-1][1] = f"{fields[-1][1]} {line.strip()}".strip()
    if fields:
        yield start, [(tag, value) for tag, value in fields]


def _record(source: Source, fields: list[tuple[str, str]], index: int, line: int) -> Record | InputError:
    pmid = next((normalize_pmid(v) for t, v in fields if t == "PMID"), None)
    return checked_record(source, NAME, lambda: _work(fields), index=index, line=line,
                          label=pmid or index, errors=_CONVERSION_ERRORS)


def _work(fields: list[tuple[str, str]]) -> Work:
    values: dict[str, list[str]] = defaultdict(list)
    for tag, value in fields:
        if clean_text(value):
            values[tag].append(clean_text(value))

    def first(tag: str) -> str | None:
        return values[tag][0] if values[tag] else None

    def joined(tag: str) -> str | None:
        return clean_text(" ".join(values[tag]))

    title, book_title = joined("TI"), joined("BTI")
    publication_types = unique(values["PT"])
    if book_title:
        kind = WorkType.CHAPTER if title else WorkType.BOOK
    else:
        kind = work_type(publication_types)
    page_start, page_end = parse_pages(first("PG"))
    return Work(
        type=kind,
        title=title or book_title,
        abstract=joined("AB"),
        language=language_code(first("LA")),
        contributors=_contributors(fields),
        venue=_venue(values),
        host_title=book_title if title and book_title else None,
        volume=first("VI"),
        issue=first("IP"),
        page_start=page_start,
        page_end=page_end,
        num_pages=page_count(page_start, page_end),
        issued=_issued(first("DP")),
        status=publication_status(first("PST")),
        subjects=_subjects(values),
        publication_types=publication_types,
        doi=_doi(values["LID"] + values["AID"]),
        pmid=normalize_pmid(first("PMID")),
        pmcid=normalize_pmcid(first("PMC")),
        publisher=first("PB"),
    )


def _venue(values: dict[str, list[str]]) -> Venue | None:
    issn = eissn = None
    for value in values["IS"]:
        match = _ISSN_FIELD.match(value)
        kind = (match.group(2) or "print").lower() if match else ""
        number = normalize_issn(match.group(1)) if match else None
        if kind == "electronic":
            eissn = eissn or number
        elif kind == "print":
            issn = issn or number
    title = values["JT"][0] if values["JT"] else None
    if not title and values["BTI"]:
        title = values["CTI"][0] if values["CTI"] else None  # a book's series
    venue = Venue(title=title, abbreviation=values["TA"][0] if values["TA"] else None,
                  issn=issn, eissn=eissn)
    return venue if venue != Venue() else None


def _issued(text: str | None) -> PartialDate | None:
    """DP: "2003 Nov 22", "2006", "1998 Dec-1999 Jan", "2013 Spring"; also "2013 06 10"."""
    if not text:
        return None
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        return parse_date("-".join(part for part in numeric.groups() if part))
    return parse_date(text)


def _doi(locations: list[str]) -> str | None:
    """The first DOI among LID/AID values ("10.1/x [doi]"; untyped values only if DOI-shaped)."""
    for value in locations:
        typed = _BRACKET_TYPE.match(value)
        if typed and typed.group(2) != "doi":
            continue
        doi = normalize_doi(typed.group(1) if typed else value)
        if doi:
            return doi
    return None


def _subjects(values: dict[str, list[str]]) -> tuple[Subject, ...]:
    """MeSH headings ("Occupational Health/*history": major through its starred qualifier), keywords."""
    subjects = []
    for heading in values["MH"]:
        label, major = mesh_heading(heading)
        if label:
            subjects.append(Subject(scheme="mesh", label=label, major=major))
    subjects.extend(Subject(scheme="keyword", label=keyword) for keyword in values["OT"])
    return unique(subjects)


def mesh_heading(text: str) -> tuple[str | None, bool]:
    """The descriptor of an MH value and whether it (or one of its qualifiers) is starred."""
    parts = text.split("/")
    label = clean_text(parts[0].replace("*", ""))
    return label, any(part.strip().startswith("*") for part in parts)


@dataclass
class _Author:
    full: str | None = None  # FAU "Di Bartolomeo, Maria"
    short: str | None = None  # AU "Di Bartolomeo M"
    collective: str | None = None  # CN
    affiliations: list[str] = field(default_factory=list)
    orcid: str | None = None

    def contributor(self) -> Contributor | None:
        if self.collective:
            return Contributor(name=self.collective, collective=True,
                               affiliations=_organizations(self.affiliations))
        suffix = None
        given = family = initials = None
        if self.short:
            short, suffix = _split_suffix(self.short)
            initials, family = split_inverted_name(short)
        if self.full:
            full, full_suffix = _split_suffix(self.full)
            suffix = suffix or full_suffix
            if "," in full:
                given, family = split_inverted_name(full)
                given, given_suffix = _split_suffix(given or "")
                given = given or None
                suffix = suffix or given_suffix
            else:
                family = clean_text(full)
        if not family and not given:
            return None
        name = display_name(given or initials, family) or ""
        return Contributor(name=f"{name} {suffix}" if suffix else name, given=given,
                           family=family, initials=initials or initials_of(given),
                           orcid=self.orcid, affiliations=_organizations(self.affiliations))


def _split_suffix(text: str) -> tuple[str, str | None]:
    match = _SUFFIX.search(text)
    return (text[:match.start()].strip(), match.group(1)) if match else (text.strip(), None)


def _organizations(names: list[str]) -> tuple[Organization, ...]:
    return tuple(Organization(name=name) for name in unique(names))


def _contributors(fields: list[tuple[str, str]]) -> tuple[Contributor, ...]:
    """Authors in order: FAU (with the AU after it), AU alone, CN; AD and AUID go to the author
    before them. An AD before any author is the first author's (pre-2014 MEDLINE gave one AD,
    for the first author)."""
    authors: list[_Author] = []
    before_first: list[str] = []
    current: _Author | None = None
    previous = ""
    for tag, raw in fields:
        value = clean_text(raw)
        if tag in _NOT_AUTHORS:
            current = _Author()  # a sink for an investigator's or editor's details
        elif not value:
            continue
        elif tag == "FAU":
            if previous == "AU" and current is not None and current.full is None and authors:
                current.full = value
            else:
                current = _Author(full=value)
                authors.append(current)
        elif tag == "AU":
            if previous == "FAU" and current is not None and current.short is None and authors:
                current.short = value
            else:
                current = _Author(short=value)
                authors.append(current)
        elif tag == "CN":
            current = _Author(collective=value)
            authors.append(current)
        elif tag == "AD":
            (current.affiliations if current is not None else before_first).append(value)
        elif tag == "AUID" and current is not None:
            match = _ORCID.search(value) if value.upper().startswith("ORCID") else None
            current.orcid = current.orcid or (normalize_orcid(match.group(0)) if match else None)
        previous = tag
    if before_first and authors and not authors[0].affiliations:
        authors[0].affiliations.extend(before_first)
    return tuple(c for c in (a.contributor() for a in authors) if c is not None)
