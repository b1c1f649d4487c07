"""RIS reader: records cut at "ER  -" as the file streams, each one parsed by rispy.

Tags are kept as tags (rispy is given an identity mapping), so vendor variants can be
read through tables: TI/T1 (then ST, BT for whole books) for the title, JF/JO/T2/JA/J2
for the journal, AU/A1 for authors, PY/DA/Y1 for the date, AB/N2 for the abstract.
A record without a TY line is an error; repeated TY lines inside one record keep the
first; a missing final ER is tolerated. AD addresses belong to no author in particular,
so they are attached only when the record has a single author. A journal item giving a
date and a volume or issue is PUBLISHED; INPR is ACCEPTED; UNPB is UNPUBLISHED.
A record whose TY line has one space before the dash ("TY - JOUR", as some exporters
write every tag) is read with its tag lines written so.
Outside journals, T3 (and a whole book's T2, as Zotero reads it) is the series.
Identifiers: SN ISBNs of whole books, reports and theses (a chapter's are its book's); AN
when marked as a Web of Science UT ("WOS:") or a Scopus EID ("2-s2.0-"), and the EID of a
Scopus record URL; arXiv ids from UR and DO.
"""

from __future__ import annotations

from collections.abc import Iterator
import re

import rispy

from kg.errors import InputError
from kg.identity.normalize import (clean_text, language_code, month_number, normalize_issn, normalize_pmcid,
                                   normalize_pmid, page_count, parse_date, parse_pages)
from kg.identity.source_ids import identifiers, normalize_eid
from kg.model import Contributor, Identifier, Record, Status, Venue, Work, WorkType
from kg.readers.citation_fields import (doi_in, first_text, guarded, iter_lines, keyword_subjects,
                                        organizations, person_from_inverted, serial_status, work_or_error)
from kg.readers.citation_ids import arxiv_in, eid_in_url, marked_wos_ut, own_isbns
from kg.readers.source import Source

READER = "ris"

WORK_TYPES: dict[str, WorkType] = {
    "JOUR": WorkType.JOURNAL_ARTICLE, "EJOUR": WorkType.JOURNAL_ARTICLE,
    "INPR": WorkType.JOURNAL_ARTICLE, "MGZN": WorkType.JOURNAL_ARTICLE,
    "NEWS": WorkType.OTHER, "JFULL": WorkType.OTHER, "ABST": WorkType.OTHER,
    "BOOK": WorkType.BOOK, "EBOOK": WorkType.BOOK, "EDBOOK": WorkType.BOOK,
    "CLSWK": WorkType.BOOK, "DICT": WorkType.BOOK, "ENCYC": WorkType.BOOK,
    "CHAP": WorkType.CHAPTER, "ECHAP": WorkType.CHAPTER,
    "CONF": WorkType.CONFERENCE_PAPER, "CPAPER": WorkType.CONFERENCE_PAPER,
    "THES": WorkType.THESIS, "RPRT": WorkType.REPORT, "GOVDOC": WorkType.REPORT,
    "STAND": WorkType.REPORT, "ELEC": WorkType.WEB_PAGE, "ICOMM": WorkType.WEB_PAGE,
    "BLOG": WorkType.WEB_PAGE, "WEB": WorkType.WEB_PAGE,
    "DATA": WorkType.DATASET, "DBASE": WorkType.DATASET, "AGGR": WorkType.DATASET,
    "COMP": WorkType.SOFTWARE, "GEN": WorkType.OTHER, "UNPB": WorkType.OTHER,
    "PAT": WorkType.OTHER, "MANSCPT": WorkType.OTHER, "SER": WorkType.OTHER,
    # some exporters write the long names
    "JOURNAL ARTICLE": WorkType.JOURNAL_ARTICLE, "BOOK SECTION": WorkType.CHAPTER,
    "CONFERENCE PAPER": WorkType.CONFERENCE_PAPER, "THESIS": WorkType.THESIS,
    "REPORT": WorkType.REPORT,
}
TYPE_STATUS: dict[str, tuple[Status, ...]] = {
    "INPR": (Status.ACCEPTED,), "UNPB": (Status.UNPUBLISHED,), "MANSCPT": (Status.UNPUBLISHED,),
}
_WHOLE_BOOKS = {"BOOK", "EBOOK", "EDBOOK", "CLSWK", "DICT", "ENCYC", "JFULL"}
_JOURNAL_TYPES = {"JOUR", "EJOUR", "INPR", "MGZN", "NEWS", "JFULL", "ABST",
                  "JOURNAL ARTICLE"}
# tags rispy collects as lists (everything else keeps its first value)
_REPEATED = ["TY", "AU", "A1", "A2", "A3", "A4", "ED", "KW", "UR", "L1", "L2", "L3", "L4",
             "SN", "AD", "N1", "U1", "U2", "U3", "U4", "U5", "DO", "AN", "M3", "C1", "C2",
             "C3", "C4", "C5", "C6", "C7", "C8"]
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
# Tag lines with one space before the dash ("TY - JOUR", Zotero's RIS test case 3): read so in a
# record whose TY line is written so, and rewritten to the standard form for rispy.
_LOOSE_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: +(.*))?$")
_END = "ER"
_ID_SUFFIX = re.compile(r"^\s*(\S+)\s*\[(pmid|pmcid|doi)\]\s*$", re.IGNORECASE)
_ISSN_MARK = re.compile(r"\((print|electronic|linking|online)\)", re.IGNORECASE)
_ANY_MARK = re.compile(r"\([^)]*\)")  # also Scopus's "(ISSN)" and "(ISBN)"
_MONTH_RANGE = re.compile(r"[A-Za-z]{3,}\.?\s*[-/]\s*[A-Za-z]{3,}")
_VOLUME_ISSUE = re.compile(r"^(\S+?)\s*\((\S+)\)$")


class _TagNames(dict):
    """rispy mapping that keeps every tag under its own name."""

    def __missing__(self, key):
        return key


_MAPPING = _TagNames(TY="TY", ER="ER", UK="UK")


def sniff(head: str) -> int:
    """Confidence that ``head`` is RIS: "TY  - " tag lines (or "TY - ", one space, from the first)."""
    tags = _tags(head, _TAG_LINE)
    if not tags:
        return 90 if _tags(head, _LOOSE_TAG_LINE)[:1] == ["TY"] else 0
    if tags[0] == "TY":
        return 95
    if "TY" in tags:
        return 85
    return 30 if "ER" in tags else 10


def _tags(head: str, pattern: re.Pattern) -> list[str]:
    return [m.group(1) for m in (pattern.match(line.lstrip("\ufeff").rstrip())
                                 for line in head.splitlines()) if m]


def read_ris(source: Source) -> Iterator[Record | InputError]:
    """Records of a RIS file; a record rispy cannot place (no TY) comes back as an InputError."""
    index = 0
    for start, lines in _records(iter_lines(source)):
        index += 1
        yield guarded(source, lambda: _record(source, lines, index, start), line=start,
                      record=index)


def _records(lines) -> Iterator[tuple[int, list[str]]]:
    """(first line, lines) of each record: from a tag line to the next ER line."""
    current: list[str] | None = None
    start, pattern = 0, _TAG_LINE
    for number, line in lines:
        line = line.lstrip("\ufeff").rstrip()
        if current is None:
            pattern = _TAG_LINE if _TAG_LINE.match(line) else _LOOSE_TAG_LINE
            match = pattern.match(line)
            if match and match.group(1) != _END and (pattern is _TAG_LINE or match.group(1) == "TY"):
                current, start = [_standard(match)], number
            continue
        match = pattern.match(line)
        if match and match.group(1) == _END:
            yield start, current
            current = None
        elif match:
            current.append(_standard(match))
        elif line:
            current.append(line)
    if current is not None:
        yield start, current


def _standard(match: re.Match) -> str:
    """A tag line as rispy reads it: "TY  - JOUR"."""
    return f"{match.group(1)}  - {match.group(2) or ''}".rstrip()


def _record(source: Source, lines: list[str], index: int, line: int) -> Record | InputError:
    text = "\n".join(lines) + "\nER  - \n"
    try:
        parsed = rispy.loads(text, mapping=_MAPPING, list_tags=_REPEATED,
                             delimiter_tags_mapping={}, enforce_list_tags=True)
    except Exception as exc:  # rispy's own failures: this record is unreadable
        return source.error(f"not a valid RIS record: {exc}", line=line, record=index)
    if not parsed:
        return source.error("the record has no TY line (RIS records start with TY)",
                            line=line, record=index)
    tags = {tag: _values(value) for tag, value in parsed[0].items()}
    return work_or_error(source, _work(tags), reader=READER, index=index, line=line,
                         source_id=first_text(*tags.get("ID", []), *tags.get("AN", [])))


def _values(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in (clean_text(str(v)) for v in values) if v]


def _one(tags: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if tags.get(name):
            return tags[name][0]
    return None


def _work(tags: dict[str, list[str]]) -> Work:
    kind = (_one(tags, "TY") or "").upper()
    work_type = WORK_TYPES.get(kind, WorkType.OTHER)
    journal_like = kind in _JOURNAL_TYPES
    title = _one(tags, "TI", "T1") or (_one(tags, "BT") if kind in _WHOLE_BOOKS else None)
    title = title or _one(tags, "ST", "CT")
    host_title = None if journal_like or kind in _WHOLE_BOOKS else _one(tags, "T2", "BT")

    volume, issue = _one(tags, "VL", "VO"), _one(tags, "IS", "CP")
    if volume and not issue:
        match = _VOLUME_ISSUE.match(volume)
        if match:
            volume, issue = match.group(1), match.group(2)
    issued = _issued(tags)
    status = TYPE_STATUS.get(kind) or serial_status(work_type, issued, volume, issue)

    start, end = _one(tags, "SP"), _one(tags, "EP")
    page_start, page_end = parse_pages(f"{start}-{end}" if start and end else start)
    contributors = tuple(c for c in (person_from_inverted(a) for a in
                                     tags.get("AU", []) + tags.get("A1", [])) if c)
    if len(contributors) == 1 and tags.get("AD"):
        contributors = (_with_affiliations(contributors[0], tags["AD"]),)
    ids = _suffixed_ids(tags)
    database = (_one(tags, "DB", "DP") or "").casefold()
    accession = _one(tags, "AN")
    pmid = ids.get("pmid") or (normalize_pmid(accession) if "pubmed" in database
                               or "medline" in database else None)
    pmcid = ids.get("pmcid") or (normalize_pmcid(accession)
                                 if accession and accession.upper().startswith("PMC") else None)
    urls = [u for value in tags.get("UR", []) for u in re.split(r"\s*;\s*", value)]
    return Work(
        type=work_type, title=title, abstract=_one(tags, "AB", "N2"),
        language=language_code(_one(tags, "LA")), contributors=contributors,
        venue=_venue(tags, journal_like, kind), host_title=host_title, volume=volume, issue=issue,
        page_start=page_start, page_end=page_end, num_pages=page_count(page_start, page_end),
        issued=issued, status=status,
        subjects=tuple(keyword_subjects(_keywords(tags), major_marker="*")),
        publication_types=tuple(dict.fromkeys(
            [kind] + [m for m in tags.get("M3", []) if _names_a_type(m)] if kind else [])),
        doi=_doi(tags, urls) or ids.get("doi"), pmid=pmid, pmcid=pmcid,
        identifiers=_identifiers(tags, work_type, urls), publisher=_one(tags, "PB"),
        url=next((u for u in urls if re.match(r"(?i)(?:https?|ftp)://", u)), None),
    )


def _venue(tags: dict[str, list[str]], journal_like: bool, kind: str) -> Venue | None:
    """The journal of a journal item; else the series (T3, or a whole book's T2 as Zotero reads it)."""
    if journal_like:
        title = _one(tags, "JF", "T2", "JO", "JA", "J2", "J1")
        short = [v for v in (_one(tags, "JA"), _one(tags, "J2"), _one(tags, "J1"),
                             _one(tags, "JO")) if v and v != title]
        abbreviation = short[0] if short else None
    else:
        title = _one(tags, "T3", *(("T2",) if kind in _WHOLE_BOOKS else ()))
        abbreviation = None
    issn, eissn = _issns(tags.get("SN", []))
    if not (title or issn or eissn):
        return None
    return Venue(title=title, abbreviation=abbreviation, issn=issn, eissn=eissn,
                 publisher=_one(tags, "PB") if journal_like else None, series=not journal_like)


def _issns(values: list[str]) -> tuple[str | None, str | None]:
    """Print and electronic ISSN: marked ones where marked, the first unmarked as print."""
    issn = eissn = None
    for value in values:
        for part in re.split(r"[;,]\s*|\s{2,}", value):
            code = normalize_issn(_ANY_MARK.sub("", part))
            if not code:
                continue  # an ISBN or junk: SN holds both
            mark = _ISSN_MARK.search(part)
            kind = mark.group(1).casefold() if mark else None
            if kind in ("electronic", "online"):
                eissn = eissn or code
            elif issn is None:
                issn = code
    return issn, eissn if eissn != issn else None


def _issued(tags: dict[str, list[str]]):
    """The most precise of DA, PY, Y1 (all give the publication date in RIS)."""
    best = None
    for name in ("DA", "PY", "Y1"):
        value = _one(tags, name)
        date = _ris_date(value) if value else None
        if date is None:
            continue
        if best is None:
            best = date
        elif date.year == best.year and _precision(date) > _precision(best):
            best = date
    return best


def _precision(date) -> int:
    return {"year": 0, "month": 1, "day": 2}[date.precision]


def _ris_date(text: str):
    """"2005/01/29/", "2005///", "1948/07//", "2001/00/00/", "2015/october", "1 Jan.-Feb. 2019"."""
    if "/" not in text:
        date = parse_date(text)
        if date is not None and _MONTH_RANGE.search(text):  # "1 Jan.-Feb. 2019": no real day
            return parse_date(f"{date.year}-{date.month}") if date.month else date
        return date
    parts = [p.strip() for p in text.split("/")]
    if not re.fullmatch(r"\d{4}", parts[0]):
        return None
    month = day = None
    if len(parts) > 1 and parts[1]:
        month = month_number(parts[1]) if parts[1] not in ("0", "00") else None
    if month and len(parts) > 2 and parts[2].isdigit() and int(parts[2]):
        day = int(parts[2])
    iso = parts[0] + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return parse_date(iso) or parse_date(parts[0])


def _doi(tags: dict[str, list[str]], urls: list[str]) -> str | None:
    for value in tags.get("DO", []):
        doi = doi_in(value)
        if doi:
            return doi
    for value in urls + tags.get("L2", []) + [m for m in tags.get("M3", [])
                                               if m.casefold().startswith("doi")]:
        doi = doi_in(value) if re.match(r"(?i)(?:doi|https?:)", value) else None
        if doi:
            return doi
    return None


def _identifiers(tags: dict[str, list[str]], work_type: WorkType, urls: list[str]) -> tuple[Identifier, ...]:
    """Scopus EID and WoS UT from AN (when marked as theirs) or a Scopus record URL, arXiv ids from
    UR and DO, and the SN ISBNs of a whole book, report or thesis."""
    accessions = tags.get("AN", [])
    eid = next(filter(None, [normalize_eid(a) for a in accessions if a.startswith("2-s2.0-")]
                      + [eid_in_url(u) for u in urls]), None)
    wos = next(filter(None, (marked_wos_ut(a) for a in accessions)), None)
    arxiv = next(filter(None, (arxiv_in(v) for v in urls + tags.get("DO", []))), None)
    pairs = [("eid", eid), ("wos", wos), ("arxiv", arxiv)]
    return identifiers(pairs + [("isbn", i) for i in own_isbns(tags.get("SN", []), work_type)])


def _names_a_type(value: str) -> bool:
    """M3 holds the type of work for some exporters and a DOI or note for others."""
    return not (re.match(r"(?i)\s*doi\b", value) or "10." in value or "/" in value)


def _suffixed_ids(tags: dict[str, list[str]]) -> dict[str, str]:
    """PubMed's "23690738[pmid]", "PMC4756000[pmcid]" values in the U*/AN/ID tags."""
    found: dict[str, str] = {}
    normalizers = {"pmid": normalize_pmid, "pmcid": normalize_pmcid, "doi": doi_in}
    for name in ("U1", "U2", "U3", "U4", "U5", "AN", "ID", "C1", "C2"):
        for value in tags.get(name, []):
            match = _ID_SUFFIX.match(value)
            if match:
                kind = match.group(2).casefold()
                code = normalizers[kind](match.group(1))
                if code:
                    found.setdefault(kind, code)
    return found


def _keywords(tags: dict[str, list[str]]) -> list[str]:
    out = []
    for value in tags.get("KW", []):
        out.extend(value.split(";") if ";" in value else [value])
    return out


def _with_affiliations(contributor: Contributor, addresses: list[str]) -> Contributor:
    return Contributor(name=contributor.name, given=contributor.given,
                       family=contributor.family, initials=contributor.initials,
                       affiliations=organizations(addresses))
