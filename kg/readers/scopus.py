"""Scopus CSV export reader: rows streamed with the csv module, columns read through a header table.

Header sets differ between export dates (41 to 45+ columns; "Author full names" only in
newer ones), so each header is mapped to a field name by ``COLUMNS`` and absent columns
are simply absent. "NA" cells (written by tools that re-save exports) count as empty.
Authors come from "Author full names" (family, given, Scopus id) when present, else from
"Authors" with ids from "Author(s) ID" by position; affiliations per author are cut out of
"Authors with affiliations" using the distinct strings of "Affiliations". Publication
Stage "Final" is PUBLISHED and "Article in Press" ACCEPTED; exports without that column
mark a journal item with a year and a volume or issue PUBLISHED. ``source_id`` is the EID,
which is also the work's "eid" identifier; the author ids are Contributor.scopus_id.
"""

from __future__ import annotations

from collections.abc import Iterator
import csv
from dataclasses import dataclass
import re

from kg.errors import InputError
from kg.identity.normalize import (clean_text, initials_of, language_code, normalize_issn, normalize_pmid,
                                   page_count, parse_pages)
from kg.identity.source_ids import identifiers, normalize_eid
from kg.model import Contributor, Organization, Record, Status, Subject, Venue, Work, WorkType
from kg.readers.citation_fields import (collective, doi_in, guarded, is_anonymous, keyword_subjects,
                                        looks_collective, organizations, person, serial_status, split_values,
                                        work_or_error, year_date)
from kg.readers.source import Source

READER = "scopus"

# export header (case-folded, spaces collapsed) → field name
COLUMNS: dict[str, str] = {
    "authors": "authors", "author": "authors", "author full names": "full_names",
    "author(s) id": "author_ids", "author(s) ids": "author_ids", "author id": "author_ids",
    "title": "title", "document title": "title", "year": "year",
    "source title": "source_title", "volume": "volume", "issue": "issue",
    "art. no.": "article_number", "article number": "article_number",
    "page start": "page_start", "page end": "page_end", "page count": "page_count",
    "pages": "pages", "doi": "doi", "link": "link", "affiliations": "affiliations",
    "authors with affiliations": "authors_affiliations", "abstract": "abstract",
    "author keywords": "author_keywords", "index keywords": "index_keywords",
    "issn": "issn", "e-issn": "eissn", "eissn": "eissn", "pubmed id": "pmid",
    "language of original document": "language", "language": "language",
    "abbreviated source title": "abbreviation", "document type": "document_type",
    "publication stage": "stage", "eid": "eid", "publisher": "publisher",
}
WORK_TYPES: dict[str, WorkType] = {
    "article": WorkType.JOURNAL_ARTICLE, "review": WorkType.REVIEW,
    "conference paper": WorkType.CONFERENCE_PAPER, "conference review": WorkType.PROCEEDINGS,
    "book chapter": WorkType.CHAPTER, "book": WorkType.BOOK, "editorial": WorkType.EDITORIAL,
    "letter": WorkType.LETTER, "note": WorkType.JOURNAL_ARTICLE,
    "short survey": WorkType.REVIEW, "data paper": WorkType.DATASET,
    "erratum": WorkType.OTHER, "retracted": WorkType.OTHER, "report": WorkType.REPORT,
    "article in press": WorkType.JOURNAL_ARTICLE, "business article": WorkType.JOURNAL_ARTICLE,
    "abstract report": WorkType.OTHER, "undefined": WorkType.OTHER,
}
STAGE_STATUS: dict[str, tuple[Status, ...]] = {
    "final": (Status.PUBLISHED,), "article in press": (Status.ACCEPTED,),
}
_NOT_GIVEN = {"", "na", "[no abstract available]", "[no author name available]",
              "[no author id available]", "[no title available]"}
_MARKUP = re.compile(r"</?(?:inf|sup|sub|i|b|em|strong|u|sc|br)\s*/?>", re.IGNORECASE)
_FULL_NAME = re.compile(r"^(.*?)\s*\((\d+)\)$")
_FUNDING_TEXT = re.compile(r"funding texts?(?: \d+)?")
_EID = re.compile(r"\s*2-s2\.0-\w+\s*$")
_FIELD_LIMIT = 1 << 27  # "References" cells run to megabytes


def sniff(head: str) -> int:
    """Confidence that ``head`` is a Scopus CSV export: its header row."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return 0
    names = {clean_text(h.lstrip("\ufeff")).casefold() for h in header if clean_text(h)}
    if "title" not in names:
        return 0
    marks = {"eid", "source title", "author(s) id", "authors with affiliations",
             "abbreviated source title", "document type", "link"} & names
    return 95 if len(marks) >= 2 else 40 if marks else 0


def read_scopus(source: Source) -> Iterator[Record | InputError]:
    """Records of a Scopus CSV export, one per row; a row that cannot be read is an InputError."""
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    with source.open_text() as stream:
        reader = csv.reader(stream)
        try:
            header = next(reader)
        except StopIteration:
            raise source.error("the file is empty") from None
        except csv.Error as exc:
            raise source.error(f"not a CSV file: {exc}", line=1) from None
        columns = [COLUMNS.get((clean_text(h.lstrip("\ufeff")) or "").casefold()) for h in header]
        if "title" not in columns:
            raise source.error("not a Scopus CSV export: there is no Title column "
                               "(pass --from to choose another format)", line=1)
        funding = max((i for i, h in enumerate(header)
                       if _FUNDING_TEXT.fullmatch((clean_text(h) or "").casefold())), default=None)
        eid_column = columns.index("eid") if "eid" in columns else None
        index, line = 0, reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise source.error(f"broken CSV near this line: {exc}",
                                   line=reader.line_num) from None
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            index += 1
            row = _realigned(row, len(header), funding, eid_column)
            if row is None:
                yield source.error(f"the row's cells do not line up with the header's "
                                   f"{len(header)} columns", line=start, record=index)
                continue
            cells = {name: value for name, value in zip(columns, row) if name}
            yield guarded(source, lambda: _record(source, cells, index, start), line=start,
                          record=index)


def _realigned(row: list[str], width: int, funding: int | None,
               eid_column: int | None) -> list[str] | None:
    """The row fitted to the header; None when it cannot be.

    Scopus writes every "Funding Text n" of a record but heads only as many columns as the
    first record needs, so surplus cells sit right after the last "Funding Text" column.
    """
    if len(row) > width and funding is not None:
        surplus = len(row) - width
        row = row[:funding + 1] + row[funding + 1 + surplus:]
        if eid_column is not None and row[eid_column].strip() and not _EID.match(row[eid_column]):
            return None
    return row if len(row) == width else None


def _cell(cells: dict[str, str], name: str) -> str | None:
    value = clean_text(cells.get(name))
    return None if value is None or value.casefold() in _NOT_GIVEN else value


def _record(source: Source, cells: dict[str, str], index: int, line: int) -> Record | InputError:
    eid = _cell(cells, "eid")
    return work_or_error(source, _work(cells), reader=READER, index=index, line=line,
                         source_id=eid)


def _work(cells: dict[str, str]) -> Work:
    document_type = _cell(cells, "document_type")
    work_type = WORK_TYPES.get((document_type or "").casefold(), WorkType.OTHER)
    issued = year_date(_cell(cells, "year"))
    volume, issue = _cell(cells, "volume"), _cell(cells, "issue")
    stage = (_cell(cells, "stage") or "").casefold()
    status = STAGE_STATUS.get(stage) or STAGE_STATUS.get((document_type or "").casefold(), ())
    if not status and not stage:
        status = serial_status(work_type, issued, volume, issue)

    page_start, page_end = _cell(cells, "page_start"), _cell(cells, "page_end")
    if not page_start and _cell(cells, "pages"):
        page_start, page_end = parse_pages(_cell(cells, "pages"))
    count = _cell(cells, "page_count")
    num_pages = int(count) if count and count.isdigit() and int(count) > 0 else page_count(
        page_start, page_end)

    source_title = _cell(cells, "source_title")
    host_title = source_title if work_type is WorkType.CHAPTER else None
    issns = [i for i in (normalize_issn(p) for p in split_values(_cell(cells, "issn"))) if i]
    eissn = normalize_issn(_cell(cells, "eissn"))
    journal_like = work_type not in (WorkType.CHAPTER, WorkType.BOOK)
    venue = None
    if (source_title and journal_like) or issns or eissn:
        venue = Venue(title=source_title if journal_like else None,
                      abbreviation=_cell(cells, "abbreviation") if journal_like else None,
                      issn=issns[0] if issns else None,
                      eissn=eissn if eissn and eissn not in issns else None,
                      publisher=_cell(cells, "publisher") if journal_like else None)
    seen: set[str] = set()
    subjects: list[Subject] = keyword_subjects(split_values(_cell(cells, "author_keywords")),
                                               seen=seen)
    subjects += keyword_subjects(split_values(_cell(cells, "index_keywords")), seen=seen)
    languages = split_values(_cell(cells, "language"))
    return Work(
        type=work_type, title=_strip_markup(_cell(cells, "title")),
        abstract=_strip_markup(_cell(cells, "abstract")),
        language=language_code(languages[0]) if languages else None,
        contributors=_contributors(cells), venue=venue, host_title=host_title,
        volume=volume, issue=issue, page_start=page_start, page_end=page_end,
        num_pages=num_pages, article_number=_cell(cells, "article_number"), issued=issued,
        status=status, subjects=tuple(subjects),
        publication_types=(document_type,) if document_type else (),
        doi=doi_in(_cell(cells, "doi")), pmid=normalize_pmid(_cell(cells, "pmid")),
        identifiers=identifiers([("eid", normalize_eid(_cell(cells, "eid")))]),
        publisher=_cell(cells, "publisher"), url=_cell(cells, "link"),
    )


def _strip_markup(text: str | None) -> str | None:
    return clean_text(_MARKUP.sub("", text)) if text else None


# -- authors ------------------------------------------------------------------------------

def _contributors(cells: dict[str, str]) -> tuple[Contributor, ...]:
    short = _author_list(_cell(cells, "authors"))
    full = split_values(_cell(cells, "full_names"))
    ids = split_values(_cell(cells, "author_ids"))
    segments = _author_segments(short, _cell(cells, "authors_affiliations"),
                                 split_values(_cell(cells, "affiliations")))
    out = []
    count = len(full) or len(short)
    for position in range(count):
        scopus_id = ids[position] if len(ids) == count and ids[position].isdigit() else None
        segment = segments[position] if len(segments) == count else None
        if full:
            match = _FULL_NAME.match(full[position])
            name = match.group(1) if match else full[position]
            scopus_id = match.group(2) if match else scopus_id
            contributor = _inverted(name, scopus_id)
        elif segment is not None and segment.inverted_name:
            contributor = _inverted(segment.inverted_name, scopus_id)
        else:
            contributor = _short(short[position], scopus_id)
        if contributor is None:
            continue
        if segment is not None and segment.affiliations:
            contributor = _with(contributor, segment.affiliations)
        out.append(contributor)
    return tuple(out)


def _author_list(text: str | None) -> list[str]:
    """"Liu F.; Li C." (newer exports) or "Yagai T., Kimura Y." (older ones)."""
    if not text:
        return []
    return split_values(text, ";") if ";" in text else split_values(text, ",")


def _inverted(text: str, scopus_id: str | None) -> Contributor | None:
    if is_anonymous(text):
        return None
    if "," not in text and looks_collective(text):
        return collective(text, scopus_id=scopus_id)
    family, _, given = text.partition(",")
    return person(given or None, family, scopus_id=scopus_id) if family.strip() else None


def _short(text: str, scopus_id: str | None) -> Contributor | None:
    """"Phillips J.C." → family Phillips, given (initials) J.C.: the last word is the given part."""
    if is_anonymous(text):
        return None
    if looks_collective(text):
        return collective(text, scopus_id=scopus_id)
    family, _, given = text.rpartition(" ")
    if not family:
        return Contributor(name=text, family=text, scopus_id=scopus_id)
    return person(given, family, scopus_id=scopus_id)


def _with(contributor: Contributor, affiliations: tuple[Organization, ...]) -> Contributor:
    return Contributor(name=contributor.name, given=contributor.given,
                       family=contributor.family, initials=contributor.initials or
                       initials_of(contributor.given), scopus_id=contributor.scopus_id,
                       affiliations=affiliations)


@dataclass(slots=True)
class _Segment:
    """One author's part of "Authors with affiliations"."""

    inverted_name: str | None  # "Haddrill, Richard M." when the segment writes it so
    affiliations: tuple[Organization, ...]


def _author_segments(short: list[str], text: str | None, known: list[str]) -> list[_Segment]:
    """Each author's segment of "Authors with affiliations" (segments in author order).

    A segment starts with the author's short name, with or without commas ("Liu F.",
    "Liu, F.", "Haddrill, Richard M." for "Haddrill Richard M."); segments that start with
    no expected name continue the previous author. The part after the name is cut into the
    distinct affiliation strings of the "Affiliations" column where they occur.
    """
    if not text or not short:
        return []
    names: list[str | None] = []
    rests: list[list[str]] = []
    position = 0
    for segment in (s.strip() for s in text.split(";")):
        if not segment:
            continue
        found = _name_at_start(segment, short[position]) if position < len(short) else None
        if found is not None:
            name, rest = found
            names.append(name if "," in name else None)
            rests.append([rest] if rest else [])
            position += 1
        elif rests:
            rests[-1].append(segment)
    if len(rests) != len(short):
        return []
    return [_Segment(name, organizations(_cut(", ".join(parts), known)))
            for name, parts in zip(names, rests)]


def _name_at_start(segment: str, name: str) -> tuple[str, str] | None:
    """(the name as the segment writes it, the text after it), or None when it does not start so."""
    words = name.replace(",", " ").split()
    if not words:
        return None
    position = 0  # the words in order, each pair apart by an optional comma and some space
    for index, word in enumerate(words):
        if index:
            if segment.startswith(",", position):
                position += 1
            spaced = position
            while spaced < len(segment) and segment[spaced].isspace():
                spaced += 1
            if spaced == position:
                return None
            position = spaced
        if not segment.startswith(word, position):
            return None
        position += len(word)
    if position < len(segment) and segment[position] != ",":
        return None
    return segment[:position], segment[position:].lstrip(",").strip()


def _cut(text: str, known: list[str]) -> list[str]:
    """``text`` as the known affiliation strings it is made of, in order; itself when none fit."""
    if not text:
        return []
    found = sorted((text.find(a), a) for a in known if a and text.find(a) >= 0)
    chosen, end = [], -1
    for begin, affiliation in found:
        if begin >= end:
            chosen.append(affiliation)
            end = begin + len(affiliation)
    return chosen or [text]
