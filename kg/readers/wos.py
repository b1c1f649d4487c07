"""Web of Science plain-text reader (savedrecs.txt / .isi): FN/VR header, PT … ER records, EF end.

Read line by line: a two-character tag and a space start a field, lines indented by three
spaces continue it. For AU, AF, CA, C1 and CR each continuation line is a new item; for
the other tags it continues the text. Authors, their addresses, ORCIDs and ResearcherIDs are
read by ``wos_authors``. DE and ID (Keywords Plus) are keywords. UT is the record id; a
Web of Science UT ("WOS:…", older exports "ISI:…") is also the work's "wos" identifier, as
"WOS:…"; a "MEDLINE:" UT gives the PMID. A book or chapter in a series (SE; PT B or S)
has the series as its venue (``Venue.series``) and the source title (SO) as its host. Web
of Science lists published items, so a record with a year (PY) or an early-access date
(EA) is PUBLISHED.

Damage is repaired where the repair is unambiguous: a known tag glued to its value
("AUGilles, H") is read as that tag; C1 continuation lines that are cited references
("Abraham M., 1909, RC CIRC MAT PALERMO, V28, P1": the CR tag line is missing, as in
metaknowledge's testFile.isi and badFile.isi) are read as CR. A record with a line that is
neither a field nor a continuation comes back as an InputError and reading goes on; so does
a record cut off by the end of the file (no ER). A file whose records are complete but
which lacks the closing EF line (badFile.isi) ends with an InputError saying so, after all
its records: Web of Science always writes EF, so the export may have been cut short.
"""

from __future__ import annotations

from collections.abc import Iterator
import re

from kg.errors import InputError
from kg.identity.normalize import (language_code, norm_key, normalize_issn, normalize_pmid, page_count, parse_date,
                                   parse_pages)
from kg.identity.source_ids import identifiers, normalize_wos_ut
from kg.model import Record, Status, Subject, Venue, Work, WorkType
from kg.readers.citation_fields import (doi_in, first_text, guarded, iter_lines, keyword_subjects, split_values,
                                        work_or_error, year_date)
from kg.readers.source import Source
from kg.readers.wos_authors import contributors

READER = "wos"

# DT document types, first known part wins ("Article; Proceedings Paper" → article)
WORK_TYPES: dict[str, WorkType] = {
    "article": WorkType.JOURNAL_ARTICLE, "review": WorkType.REVIEW,
    "proceedings paper": WorkType.CONFERENCE_PAPER, "editorial material": WorkType.EDITORIAL,
    "editorial": WorkType.EDITORIAL, "letter": WorkType.LETTER,
    "book chapter": WorkType.CHAPTER, "book": WorkType.BOOK,
    "meeting abstract": WorkType.OTHER, "note": WorkType.JOURNAL_ARTICLE,
    "correction": WorkType.OTHER, "book review": WorkType.OTHER, "news item": WorkType.OTHER,
    "data paper": WorkType.DATASET, "software review": WorkType.OTHER,
    "journal paper": WorkType.JOURNAL_ARTICLE, "conference paper": WorkType.CONFERENCE_PAPER,
    "case report": WorkType.CASE_REPORT, "clinical trial": WorkType.CLINICAL_TRIAL,
}
# PT publication types, used when DT says nothing known
PT_TYPES: dict[str, WorkType] = {"J": WorkType.JOURNAL_ARTICLE, "B": WorkType.BOOK,
                                 "S": WorkType.BOOK, "P": WorkType.OTHER}
LIST_TAGS = {"AU", "AF", "BA", "BF", "CA", "GP", "BE", "CR", "C1", "C3"}
_HEADER_TAGS = {"FN", "VR"}
# tags of the Web of Science field list (and its Inspec/MEDLINE variants), for "AUGilles, H"
KNOWN_TAGS = set("""FN VR PT AU AF BA BF CA GP BE TI SO SE BS LA DT CT CY CL SP HO DE ID AB C1
C3 RP EM RI OI FU FP FX CR NR TC Z9 U1 U2 PU PI PA SN EI BN J9 JI PD PY VL IS PN SU SI MA BP
EP AR DI DL D2 EA PG WC WE SC GA PM OA HC HP DA UT ER EF AN TY BR PS PV CO""".split())
_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_CONTINUATION = re.compile(r"^ {2,3}(\S.*)?$")
# a cited reference: "Abraham M., 1909, RC CIRC MAT PALERMO, V28, P1"
_CITED_REFERENCE = re.compile(r"^[^,\[\]]+, (?:1[5-9]|20)\d\d, [^,]+(?:, [VP]\S*|, DOI \S+|$)")


def sniff(head: str) -> int:
    """Confidence that ``head`` is Web of Science plain text: FN/VR header or PT … ER records."""
    lines = [line.lstrip("\ufeff").rstrip() for line in head.splitlines() if line.strip()]
    if not lines:
        return 0
    if lines[0].startswith("FN ") and any(line.startswith("VR ") for line in lines[:3]):
        return 98
    if lines[0].startswith("FN ") or (lines[0].startswith("PT ")
                                      and any(line == "ER" for line in lines)):
        return 80
    return 0


def read_wos(source: Source) -> Iterator[Record | InputError]:
    """Records of a Web of Science export; damaged records come back as InputErrors."""
    index = 0
    ending = _Ending()
    for start, fields, problem in _records(iter_lines(source), ending):
        index += 1
        label = first_text(*fields.get("UT", [])) or index
        if problem:
            yield source.error(problem, line=start, record=label)
            continue
        yield guarded(source, lambda: _record(source, fields, index, start), line=start,
                      record=label)
    if index and not ending.closed and not ending.truncated:
        yield source.error("the file ends without the EF line that closes every Web of "
                           "Science export: it may have been cut short (the records above "
                           "are complete)", line=ending.line)


class _Ending:
    """How the file ended: its last line number and whether an EF line came after the records."""

    def __init__(self) -> None:
        self.line = 0
        self.closed = False
        self.truncated = False


def _tagged(line: str):
    match = _LINE.match(line)
    if match:
        return match.group(1), match.group(2) or ""
    if len(line) > 2 and line[:2] in KNOWN_TAGS and line[:2] not in ("ER", "EF"):
        return line[:2], line[2:]  # "AUGilles, H": the space after the tag is missing
    return None


def _records(lines, ending: _Ending) -> Iterator[tuple[int, dict[str, list[str]], str | None]]:
    """(first line, tag → values, problem or None) for each record between PT and ER."""
    fields: dict[str, list[str]] | None = None
    start, tag, problem = 0, None, None
    for number, line in lines:
        line = line.lstrip("\ufeff").rstrip()
        ending.line = number
        if not line:
            continue
        continuation = _CONTINUATION.match(line)
        match = None if continuation else _tagged(line)
        if match and match[0] == "EF":
            ending.closed = True
        elif match:
            ending.closed = False
        if fields is None:
            if match and match[0] not in _HEADER_TAGS | {"EF", "ER"}:
                fields, start, tag, problem = {}, number, None, None
            else:
                continue
        if continuation:
            value = continuation.group(1) or ""
            if tag == "C1" and _CITED_REFERENCE.match(value):
                tag = "CR"  # the CR tag line is missing: references follow the addresses
                fields.setdefault(tag, [])
            if tag is None:
                problem = problem or f"line {number} continues no field"
            elif tag in LIST_TAGS:
                fields[tag].append(value)
            elif fields[tag]:
                fields[tag][-1] += " " + value
            continue
        if not match:
            problem = problem or f"line {number} is neither a tagged field nor a continuation"
            continue
        tag, value = match
        if tag in ("ER", "EF"):
            yield start, fields, problem
            fields, tag = None, None
            continue
        if tag in fields and tag not in LIST_TAGS:
            tag = None  # a repeated field: the first one is kept, its continuation dropped
            continue
        fields.setdefault(tag, []).append(value)
    if fields is not None:
        ending.truncated = True
        yield start, fields, problem or "the file ends inside this record (no ER line)"


def _record(source: Source, fields: dict[str, list[str]], index: int,
            line: int) -> Record | InputError:
    return work_or_error(source, _work(fields), reader=READER, index=index, line=line,
                         source_id=first_text(*fields.get("UT", [])))


def _one(fields: dict[str, list[str]], *tags: str) -> str | None:
    for tag in tags:
        value = first_text(*fields.get(tag, []))
        if value and value != "-":
            return value
    return None


def _work(fields: dict[str, list[str]]) -> Work:
    kinds = split_values(_one(fields, "DT"))
    work_type = next((WORK_TYPES[k.casefold()] for k in kinds if k.casefold() in WORK_TYPES),
                     PT_TYPES.get((_one(fields, "PT") or "").upper(), WorkType.OTHER))
    issued = _issued(fields)
    status = (Status.PUBLISHED,) if issued is not None else ()
    page_start, page_end = _one(fields, "BP"), _one(fields, "EP")
    if not page_start and _one(fields, "PS"):
        page_start, page_end = parse_pages(_one(fields, "PS"))
    count = _one(fields, "PG")
    num_pages = int(count) if count and count.isdigit() and int(count) > 0 else page_count(
        page_start, page_end)
    ut = _one(fields, "UT")
    pmid = normalize_pmid(_one(fields, "PM")) or (
        normalize_pmid(ut.partition(":")[2]) if ut and ut.upper().startswith("MEDLINE:") else None)
    seen: set[str] = set()
    subjects: list[Subject] = keyword_subjects(split_values(_one(fields, "DE")), seen=seen)
    subjects += keyword_subjects(split_values(_one(fields, "ID")), seen=seen)
    pt, series = (_one(fields, "PT") or "").upper(), _one(fields, "SE")
    book_like = pt == "B" or work_type in (WorkType.CHAPTER, WorkType.BOOK) or bool(
        series and pt == "S")
    source_title = _one(fields, "SO")
    host = source_title if book_like and work_type is not WorkType.BOOK else None
    return Work(
        type=work_type, title=_one(fields, "TI"), abstract=_one(fields, "AB"),
        language=language_code(_one(fields, "LA")), contributors=contributors(fields),
        venue=_venue(fields, None if book_like else source_title),
        host_title=host if norm_key(host or "") != norm_key(series or "") else None,
        volume=_one(fields, "VL"), issue=_one(fields, "IS"), page_start=page_start,
        page_end=page_end, num_pages=num_pages, article_number=_one(fields, "AR"),
        issued=issued, status=status, subjects=tuple(subjects),
        publication_types=tuple(kinds), doi=doi_in(_one(fields, "DI")), pmid=pmid,
        identifiers=identifiers([("wos", normalize_wos_ut(ut))]), publisher=_one(fields, "PU"),
    )


def _venue(fields: dict[str, list[str]], title: str | None) -> Venue | None:
    """The journal (``title`` is its source title), else the series of a book or chapter (SE)."""
    series = title is None and _one(fields, "SE") is not None
    if title is None:
        title = _one(fields, "SE")
    issn, eissn = normalize_issn(_one(fields, "SN")), normalize_issn(_one(fields, "EI"))
    if not (title or issn or eissn):
        return None
    return Venue(title=title, abbreviation=_one(fields, "JI", "J9"), issn=issn,
                 eissn=eissn if eissn != issn else None, publisher=_one(fields, "PU"),
                 series=series)


def _issued(fields: dict[str, list[str]]):
    year = year_date(_one(fields, "PY"))
    published = _one(fields, "PD")
    if year is not None:
        if published:
            date = parse_date(f"{published} {year.year}")
            if date is not None and date.year == year.year:
                return date
        return year
    early = _one(fields, "EA")
    return parse_date(early) if early else (parse_date(published) if published else None)
