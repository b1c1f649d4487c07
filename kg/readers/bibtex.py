"""BibTeX / biblatex reader: streams .bib entries into Records (bibtexparser per entry, LaTeX decoded).

Entries are cut out of the stream by brace counting (``bibtex_blocks``) and parsed one at a
time with the ``@string`` macros seen so far, so a large file never sits in memory whole and
a broken entry is one error naming its key and line. ``@comment``, ``@preamble``, ``@string``,
``@set`` and ``@xdata`` are not records. ``crossref``/``xdata`` fields are inherited from
their parent entry; since BibTeX puts parents after their children, records wait in a
bounded buffer (order kept) until the parent has been read.

Status: ``pubstate`` through a table; ``@unpublished`` is UNPUBLISHED; a journal article
giving a journal, a date and a volume or number is PUBLISHED. Nothing else is asserted.

The ``series`` of a book, a chapter or a proceedings paper (Lecture Notes in Computer Science)
is a series venue, never a journal.

Identifiers besides DOI, PMID and PMCID: the arXiv id (``eprint`` with ``archiveprefix`` or
``eprinttype`` arXiv, or an arXiv DOI or URL), the ISBNs of a whole book, report, thesis or
proceedings (a chapter's are its host's), the Scopus EID of a Scopus record URL in ``url`` or
``note``, and the Web of Science UT of ``unique-id`` ("WOS:…" or the older "ISI:…").
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterator
import re

from kg.errors import InputError
from kg.identity.normalize import (clean_text, language_code, month_number, normalize_issn, normalize_pmcid,
                                   normalize_pmid, page_count, parse_date, parse_pages)
from kg.identity.source_ids import identifiers, normalize_arxiv
from kg.model import Record, Status, Venue, Work, WorkType
from kg.readers.bibtex_blocks import ParsedEntry, RawBlock, parse_entry_block, parse_string_block, split_blocks
from kg.readers.bibtex_names import contributors
from kg.readers.citation_fields import (doi_in, first_text, guarded, iter_lines, keyword_subjects,
                                        serial_status, work_or_error, year_date)
from kg.readers.citation_ids import arxiv_in, eid_in_url, marked_wos_ut, own_isbns
from kg.readers.latex import decode_latex, strip_braces
from kg.readers.source import Source

READER = "bibtex"

WORK_TYPES: dict[str, WorkType] = {
    "article": WorkType.JOURNAL_ARTICLE, "suppperiodical": WorkType.JOURNAL_ARTICLE,
    "book": WorkType.BOOK, "mvbook": WorkType.BOOK, "bookinbook": WorkType.CHAPTER,
    "collection": WorkType.BOOK, "mvcollection": WorkType.BOOK, "reference": WorkType.BOOK,
    "mvreference": WorkType.BOOK, "booklet": WorkType.BOOK, "periodical": WorkType.OTHER,
    "inbook": WorkType.CHAPTER, "incollection": WorkType.CHAPTER, "suppbook": WorkType.CHAPTER,
    "suppcollection": WorkType.CHAPTER, "inreference": WorkType.CHAPTER,
    "inproceedings": WorkType.CONFERENCE_PAPER, "conference": WorkType.CONFERENCE_PAPER,
    "proceedings": WorkType.PROCEEDINGS, "mvproceedings": WorkType.PROCEEDINGS,
    "phdthesis": WorkType.THESIS, "mastersthesis": WorkType.THESIS, "thesis": WorkType.THESIS,
    "techreport": WorkType.REPORT, "report": WorkType.REPORT,
    "online": WorkType.WEB_PAGE, "electronic": WorkType.WEB_PAGE, "www": WorkType.WEB_PAGE,
    "dataset": WorkType.DATASET, "data": WorkType.DATASET,
    "software": WorkType.SOFTWARE, "code": WorkType.SOFTWARE,
    "misc": WorkType.OTHER, "unpublished": WorkType.OTHER, "manual": WorkType.OTHER,
    "patent": WorkType.OTHER, "standard": WorkType.OTHER, "artwork": WorkType.OTHER,
    "audio": WorkType.OTHER, "video": WorkType.OTHER, "image": WorkType.OTHER,
    "letter": WorkType.LETTER, "review": WorkType.REVIEW, "preprint": WorkType.PREPRINT,
}
TYPE_STATUS: dict[str, tuple[Status, ...]] = {"unpublished": (Status.UNPUBLISHED,)}
PUBSTATE_STATUS: dict[str, tuple[Status, ...]] = {
    "inpress": (Status.ACCEPTED,), "accepted": (Status.ACCEPTED,),
    "forthcoming": (Status.FORTHCOMING,), "submitted": (Status.DRAFT,),
    "prepublished": (Status.DRAFT,), "published": (Status.PUBLISHED,),
}
# who issues a work that names no publisher (CSL's reading of school/institution/organization)
ISSUER_FIELDS: dict[WorkType, tuple[str, ...]] = {
    WorkType.THESIS: ("school", "institution"), WorkType.REPORT: ("institution",),
    WorkType.OTHER: ("organization",), WorkType.PROCEEDINGS: ("organization",),
}
NOT_RECORDS = {"comment", "preamble", "string", "set", "xdata"}
# types whose own title may be given as booktitle (a collection that names itself that way)
_SELF_HOSTED = {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
                "reference", "mvreference", "periodical"}
_ARTICLE_LIKE = {"article", "suppperiodical", "periodical"}
# babel/polyglossia names that language_code does not know
# crossref inheritance (biblatex defaults, restricted to the fields read here)
_INHERITED = ("year", "date", "month", "publisher", "volume", "series", "issn", "langid",
              "language", "journal", "journaltitle", "shortjournal", "booktitle", "maintitle",
              "institution", "organization", "school", "location", "address")
_PARENT_FIELDS = set(_INHERITED) | {"title", "subtitle"}
# the fields read as text (the others, such as file= or annotation=, are never decoded)
_TEXT_FIELDS = {
    "title", "subtitle", "booktitle", "booksubtitle", "maintitle", "volume", "issue", "number",
    "pages", "pagetotal", "publisher", "school", "institution", "organization", "pubstate",
    "eprinttype", "archiveprefix", "type", "abstract", "eid", "articleno", "journaltitle",
    "journal", "shortjournal", "journalabbrev", "journal-iso", "iso4", "series", "langid",
    "language", "hyphenation", "keywords", "keyword", "date", "year", "month", "day",
}
# the fields identifiers are read from (raw, not LaTeX-decoded: URLs keep their characters)
_ID_FIELDS = ("eprint", "url", "howpublished", "doi", "pmid", "pmcid", "note", "unique-id", "isbn")
_BUFFER_LIMIT = 2000  # records waiting for a crossref parent
_CACHE_LIMIT = 5000  # recent entries kept as possible crossref parents


def sniff(head: str) -> int:
    """Confidence that ``head`` is BibTeX: an @type{ block at the start of a line."""
    for line in head.splitlines():
        stripped = line.strip().lstrip("\ufeff")
        if not stripped or stripped.startswith("%"):
            continue
        if re.match(r"@\s*[A-Za-z]+\s*[{(]", stripped):
            return 95
        break
    return 70 if re.search(r"(?m)^\s*@\s*[A-Za-z]+\s*\{\s*[^\s,{}]+\s*,", head) else 0


def read_bibtex(source: Source) -> Iterator[Record | InputError]:
    """Records of a BibTeX/biblatex file, in file order; broken entries as InputErrors."""
    macros: dict[str, str] = {}
    parents: OrderedDict[str, ParsedEntry] = OrderedDict()
    waiting: deque[list] = deque()  # [index, ParsedEntry | InputError, parent key or None]
    awaited: dict[str, int] = {}  # parent keys (casefolded) that buffered entries wait for
    index = 0
    for block in split_blocks(iter_lines(source)):
        if block.kind == "comment" or (block.kind == "preamble" and block.error is None):
            continue
        if block.kind == "string":
            error = _define_string(source, block, macros)
            if error is not None:
                waiting.append([None, error, None])
            yield from _release(source, waiting)
            continue
        if block.kind not in NOT_RECORDS:
            index += 1
        label = block.key or (index if block.kind not in NOT_RECORDS else f"@{block.kind}")
        if block.error is not None:
            waiting.append([index, source.error(block.error, line=block.line, record=label), None])
            yield from _release(source, waiting)
            continue
        try:
            entry = parse_entry_block(block, macros)
        except Exception as exc:  # bibtexparser's own failures become this entry's error
            waiting.append([index, source.error(f"not a valid entry: {exc}", line=block.line,
                                                record=label), None])
            yield from _release(source, waiting)
            continue
        _remember(parents, entry)
        if entry.key.casefold() in awaited:
            del awaited[entry.key.casefold()]
            _arrived(waiting, entry)
        if block.kind not in NOT_RECORDS:
            parent = _parent_key(entry)
            if parent is not None and parent.casefold() in parents:
                _inherit(entry, parents[parent.casefold()])
                parent = None
            elif parent is not None:
                parent = parent.casefold()
                awaited[parent] = awaited.get(parent, 0) + 1
            waiting.append([index, entry, parent])
        yield from _release(source, waiting)
    yield from _release(source, waiting, final=True)


def _define_string(source: Source, block: RawBlock, macros: dict[str, str]) -> InputError | None:
    if block.error is not None:
        return source.error(block.error, line=block.line, record="@string")
    try:
        name, value = parse_string_block(block, macros)
    except Exception as exc:
        return source.error(f"not a valid @string: {exc}", line=block.line, record="@string")
    macros[name] = value
    return None


def _parent_key(entry: ParsedEntry) -> str | None:
    for name in ("crossref", "xdata"):
        value = clean_text(strip_braces(entry.fields.get(name, "")))
        if value:
            return value.split(",")[0].strip() or None
    return None


def _remember(parents: OrderedDict[str, ParsedEntry], entry: ParsedEntry) -> None:
    """Keep what a later child could inherit from ``entry`` (all of an @xdata block)."""
    fields = entry.fields if entry.kind == "xdata" else {
        name: value for name, value in entry.fields.items() if name in _PARENT_FIELDS}
    key = entry.key.casefold()
    parents[key] = ParsedEntry(kind=entry.kind, key=entry.key, line=entry.line, fields=fields)
    parents.move_to_end(key)
    while len(parents) > _CACHE_LIMIT:
        parents.popitem(last=False)


def _arrived(waiting: deque[list], parent: ParsedEntry) -> None:
    """Entries waiting for ``parent`` inherit from it now."""
    key = parent.key.casefold()
    for item in waiting:
        if item[2] == key:
            _inherit(item[1], parent)
            item[2] = None


def _inherit(child: ParsedEntry, parent: ParsedEntry) -> None:
    fields = child.fields
    if parent.kind == "xdata":
        for name, value in parent.fields.items():
            fields.setdefault(name, value)
        return
    if "booktitle" not in fields and parent.kind in _SELF_HOSTED and "title" in parent.fields:
        fields["booktitle"] = parent.fields["title"]
        if "subtitle" in parent.fields:
            fields.setdefault("booksubtitle", parent.fields["subtitle"])
    if parent.kind == "periodical" and "title" in parent.fields:
        fields.setdefault("journaltitle", parent.fields["title"])
    for name in _INHERITED:
        if name in parent.fields:
            fields.setdefault(name, parent.fields[name])


def _release(source: Source, waiting: deque[list], *, final: bool = False):
    """Emit buffered items from the front while they no longer wait (or the buffer is full)."""
    while waiting and (final or waiting[0][2] is None or len(waiting) > _BUFFER_LIMIT):
        index, item, _ = waiting.popleft()
        if isinstance(item, InputError):
            yield item
        else:
            yield guarded(source, lambda: _record(source, item, index), line=item.line,
                          record=item.key or index)


def _record(source: Source, entry: ParsedEntry, index: int) -> Record | InputError:
    fields = entry.fields
    kind = entry.kind
    text = {name: _text(value) for name, value in fields.items() if name in _TEXT_FIELDS}
    work_type = WORK_TYPES.get(kind, WorkType.OTHER)
    title = text.get("title")
    if not title and kind in _SELF_HOSTED:
        title = text.get("booktitle")
    if title and text.get("subtitle"):
        title = f"{title}: {text['subtitle']}"
    host_title = None
    if kind not in _SELF_HOSTED:
        host_title = text.get("booktitle")
        if host_title and text.get("booksubtitle"):
            host_title = f"{host_title}: {text['booksubtitle']}"
    host_title = host_title or (text.get("maintitle") if kind not in _SELF_HOSTED else None)

    issued = _issued(text)
    volume = text.get("volume")
    issue = text.get("issue")
    if kind in _ARTICLE_LIKE:
        issue = text.get("number") or issue
    page_start, page_end = parse_pages(text.get("pages"))
    num_pages = _count(text.get("pagetotal")) or page_count(page_start, page_end)
    publisher = first_text(text.get("publisher"),
                           *(text.get(name) for name in ISSUER_FIELDS.get(work_type, ())))
    venue = _venue(kind, text, fields, publisher)

    status = PUBSTATE_STATUS.get((text.get("pubstate") or "").casefold().replace(" ", ""), ())
    status = status or TYPE_STATUS.get(kind, ())
    if not status and kind in _ARTICLE_LIKE and venue is not None and venue.title:
        status = serial_status(work_type, issued, volume, issue)

    types = [kind] + ([text["type"]] if text.get("type") and text["type"] != kind else [])
    work = Work(
        type=work_type, title=title, abstract=text.get("abstract"),
        language=_language(text), contributors=contributors(fields.get("author")),
        venue=venue, host_title=host_title, volume=volume, issue=issue,
        page_start=page_start, page_end=page_end, num_pages=num_pages,
        article_number=first_text(text.get("eid"), text.get("articleno")),
        issued=issued, status=status, subjects=tuple(keyword_subjects(_keywords(text))),
        publication_types=tuple(types), publisher=publisher, **_identified(fields, text, work_type),
    )
    return work_or_error(source, work, reader=READER, index=index, line=entry.line,
                         source_id=entry.key or None)


def _identified(fields: dict[str, str], text: dict[str, str | None], work_type: WorkType) -> dict:
    """The work's URL, DOI, PMID, PMCID and other identifiers (arXiv, EID, WoS UT, own ISBNs)."""
    raw = {name: clean_text(strip_braces(fields.get(name, ""))) or "" for name in _ID_FIELDS}
    eprint_type = (text.get("eprinttype") or text.get("archiveprefix") or "").casefold()
    eprint = raw["eprint"] or None
    url = _url(raw["url"]) or _url(raw["howpublished"])
    doi = doi_in(raw["doi"]) or (doi_in(eprint) if eprint_type == "doi" else None) or doi_in(url)
    pmid = normalize_pmid(raw["pmid"]) or (
        normalize_pmid(eprint) if eprint_type in ("pubmed", "pmid") else None)
    pmcid = normalize_pmcid(raw["pmcid"]) or (
        normalize_pmcid(eprint) if eprint_type in ("pmc", "pmcid") else None)
    arxiv = (normalize_arxiv(eprint) if eprint_type == "arxiv" else arxiv_in(eprint)) or next(
        filter(None, (arxiv_in(raw[name]) for name in ("doi", "url", "howpublished"))), None)
    pairs = [("eid", eid_in_url(raw["url"]) or eid_in_url(raw["note"])),
             ("wos", marked_wos_ut(raw["unique-id"])), ("arxiv", arxiv)]
    pairs += [("isbn", isbn) for isbn in own_isbns([raw["isbn"]], work_type)]
    return dict(url=url, doi=doi, pmid=pmid, pmcid=pmcid, identifiers=identifiers(pairs))


def _text(value: str) -> str | None:
    return clean_text(decode_latex(value))


def _issued(text: dict[str, str | None]):
    date = text.get("date")
    if date:
        date = re.split(r"/", date, maxsplit=1)[0].strip().rstrip("~?%").replace("~", "")
        parsed = parse_date(date)
        if parsed is not None:
            return parsed
    year = year_date(text.get("year"))
    if year is None:
        return None
    month = month_number(text["month"]) if text.get("month") else None
    if month is None:
        return year
    day = text.get("day")
    return parse_date(f"{year.year}-{month}-{day}" if day and day.isdigit()
                      else f"{year.year}-{month}") or year


def _venue(kind: str, text: dict[str, str | None], fields: dict[str, str],
           publisher: str | None) -> Venue | None:
    issns = [i for i in (normalize_issn(part) for part in
                         re.split(r"[,;\s]+", strip_braces(fields.get("issn", "")))) if i]
    eissn = normalize_issn(strip_braces(fields.get("eissn", "")))
    if kind in _ARTICLE_LIKE:
        title = first_text(text.get("journaltitle"), text.get("journal"))
        abbreviation = first_text(text.get("shortjournal"), text.get("journalabbrev"),
                                  text.get("journal-iso"), text.get("iso4"))
        venue_publisher = publisher
    else:
        series = text.get("series")
        title = series if series and series.casefold() not in ("newseries", "oldseries") else None
        abbreviation, venue_publisher = None, None
    issn = issns[0] if issns else None
    if not (title or issn or eissn):
        return None
    return Venue(title=title, abbreviation=abbreviation, issn=issn,
                 eissn=eissn if eissn != issn else None, publisher=venue_publisher,
                 series=kind not in _ARTICLE_LIKE)


def _language(text: dict[str, str | None]) -> str | None:
    for name in ("langid", "language", "hyphenation"):
        value = text.get(name)
        if value:
            word = re.split(r"[\s,;]+| and ", value.strip())[0]
            code = language_code(word)  # knows the babel names ("ngerman", "brazil" …)
            if code:
                return code
    return None


def _keywords(text: dict[str, str | None]) -> list[str]:
    value = text.get("keywords") or text.get("keyword") or ""
    return value.split(";") if ";" in value else value.split(",")


def _url(raw: str) -> str | None:
    url = clean_text(strip_braces(raw))
    if url and re.match(r"(?i)(?:https?|ftp)://\S+$", url):
        return url
    return None


def _count(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and 0 < int(text) < 100000 else None
