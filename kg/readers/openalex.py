"""OpenAlex works: API JSON (a work, a ``results`` page, JSON Lines) and the web CSV export.

Decisions:
- The CSV export (dotted column names, "|"-joined lists) is told from JSON by its header and
  read row by row into the same work objects (see ``openalex_csv``).
- Both schemas: the current one (``primary_location.source``, ``topics``, ``type_crossref``)
  and the retired one (``host_venue``, Crossref type names in ``type``).
- Abstract rebuilt from ``abstract_inverted_index`` by word position; a leading "Abstract" or
  "Summary" heading word that OpenAlex scraped with the text is dropped (only when a
  capitalised word follows, so "Summary statistics were …" stays whole).
- Identifiers: the work id ("W…", bare) is the work's "openalex" identifier and each
  ``author.id`` ("A…", bare) the author's; ORCIDs from ``author.orcid``.
- Authors: the name as printed (``raw_author_name``, else ``author.display_name``); OpenAlex
  does not split names, so given/family stay None. Affiliations are the matched
  ``institutions`` (name and ROR), else the ``raw_affiliation_strings``.
- ISSNs: OpenAlex does not say which is print and which electronic; ``issn_l`` (else the
  first) goes to Venue.issn, the first other one to Venue.eissn.
- A source of type "ebook platform" is a publisher's platform, not a container: no venue
  is made from it (its organisation is still the publisher).
- ``keywords``, ``topics``, ``concepts`` (display names) → keyword subjects; ``mesh`` → MeSH
  subjects with descriptor ids, one per descriptor (major when any of its rows is major).
- Status: PUBLISHED when the primary location is the published version, or, when OpenAlex
  does not know the version, for a published type in a journal/series/book/conference source;
  ACCEPTED for an accepted version; nothing for preprints, repositories and datasets.
"""

from __future__ import annotations

from collections.abc import Iterator
import re
from typing import Any

from kg.errors import InputError
from kg.identity.normalize import (language_code, normalize_doi, normalize_issn, normalize_orcid,
                                   normalize_pmcid, normalize_pmid, normalize_ror, page_count, parse_date)
from kg.identity.source_ids import identifiers, normalize_openalex_id
from kg.model import Contributor, Organization, PartialDate, Record, Status, Subject, Venue, Work, WorkType
from kg.readers.citeproc import plain
from kg.readers.crossref import CROSSREF_TYPES
from kg.readers.jats import markup_to_text
from kg.readers.jsonio import Located, RecordProblem, array, iter_values, mapping, read_items, text, texts
from kg.readers.openalex_csv import csv_works, is_openalex_csv
from kg.readers.source import Source

# OpenAlex work type → (WorkType, formally published)
OPENALEX_TYPES: dict[str, tuple[WorkType, bool]] = {
    "article": (WorkType.JOURNAL_ARTICLE, True),
    "book": (WorkType.BOOK, True),
    "book-chapter": (WorkType.CHAPTER, True),
    "reference-entry": (WorkType.CHAPTER, True),
    "dataset": (WorkType.DATASET, False),
    "dissertation": (WorkType.THESIS, True),
    "editorial": (WorkType.EDITORIAL, True),
    "letter": (WorkType.LETTER, True),
    "review": (WorkType.REVIEW, True),
    "preprint": (WorkType.PREPRINT, False),
    "report": (WorkType.REPORT, True),
    "standard": (WorkType.OTHER, True),
    "erratum": (WorkType.OTHER, True),
    "retraction": (WorkType.OTHER, True),
    "paratext": (WorkType.OTHER, False),
    "peer-review": (WorkType.OTHER, False),
    "supplementary-materials": (WorkType.OTHER, False),
    "libguides": (WorkType.OTHER, False),
    "grant": (WorkType.OTHER, False),
    "other": (WorkType.OTHER, False),
}
# Source (venue) types in which a work of a published type counts as published.
_PUBLISHING_SOURCES = frozenset({"journal", "book series", "conference", "ebook platform"})
# Source types that are platforms, not containers: no Venue is made from them.
_PLATFORM_SOURCES = frozenset({"ebook platform"})
# "Abstract", "Summary" (any case, maybe with ":") opening the text, before a capitalised word.
_LEADING_HEADING = re.compile(r'^(?i:abstract|summary)\s*[:.]?\s*(?=[A-Z0-9"“(\[À-Þ])')
# Location version → status (OpenAlex's "version" of the primary location).
_VERSION_STATUS: dict[str, tuple[Status, ...]] = {
    "publishedVersion": (Status.PUBLISHED,),
    "acceptedVersion": (Status.ACCEPTED,),
    "submittedVersion": (),
}


def read_openalex(source: Source) -> Iterator[Record | InputError]:
    """Records from OpenAlex works JSON (work, results page, JSON Lines) or an OpenAlex CSV."""
    source.check_text()
    head = source.head().decode(source.text_encoding(), errors="replace").lstrip("\ufeff")
    if head.lstrip()[:1] in ("{", "["):
        items = _works(iter_values(source))
    elif is_openalex_csv(head):
        items = csv_works(source)
    else:
        raise source.error("not OpenAlex works: expected JSON or an OpenAlex CSV export")
    return read_items(source, "openalex", items, work_from_openalex)


def _works(values: Iterator[Located]) -> Iterator[Located]:
    """The work objects inside each top-level value: a results page, an array or a work."""
    for line, value in values:
        if isinstance(value, dict) and isinstance(value.get("results"), list):
            for item in value["results"]:
                yield line, item
        elif isinstance(value, list):
            for item in value:
                yield line, item
        else:
            yield line, value


def work_from_openalex(item: dict) -> tuple[Work, str | None]:
    """A Work from one OpenAlex work object, with its OpenAlex id ("W…") as the source id."""
    source_id = _last_segment(text(item.get("id")))
    work_id = normalize_openalex_id(text(item.get("id")) or text(mapping(item.get("ids")).get("openalex")),
                                    "W")
    title = markup_to_text(text(item.get("title")) or text(item.get("display_name")))
    if not title:
        raise RecordProblem("no title", source_id)
    ids = mapping(item.get("ids"))
    location = mapping(item.get("primary_location"))
    venue_source = mapping(location.get("source")) or mapping(item.get("host_venue"))
    work_type, published = _type(text(item.get("type")), text(item.get("type_crossref")))
    biblio = mapping(item.get("biblio"))
    first_page, last_page = text(biblio.get("first_page")), text(biblio.get("last_page"))
    publisher = (plain(venue_source.get("host_organization_name"))
                 or plain(venue_source.get("publisher")))
    work = Work(
        type=work_type,
        title=title,
        abstract=_abstract(item),
        language=language_code(text(item.get("language"))),
        contributors=tuple(_contributors(item.get("authorships"))),
        venue=_venue(venue_source, publisher),
        volume=text(biblio.get("volume")),
        issue=text(biblio.get("issue")),
        page_start=first_page,
        page_end=last_page,
        num_pages=page_count(first_page, last_page) if first_page != last_page else None,
        issued=_issued(item),
        status=_status(location, venue_source, published),
        subjects=_subjects(item),
        publication_types=tuple(dict.fromkeys(
            t for t in (text(item.get("type")), text(item.get("type_crossref"))) if t)),
        doi=normalize_doi(text(item.get("doi")) or text(ids.get("doi"))),
        pmid=normalize_pmid(_last_segment(text(ids.get("pmid")))),
        pmcid=normalize_pmcid(_last_segment(text(ids.get("pmcid")))),
        identifiers=identifiers([("openalex", work_id)]),
        publisher=publisher,
        url=text(location.get("landing_page_url")) or text(venue_source.get("url")),
    )
    return work, source_id


def _last_segment(value: str | None) -> str | None:
    """The last path segment of an id URL: "https://openalex.org/W27" → "W27"."""
    if not value:
        return None
    return value.rstrip("/").rpartition("/")[2] or None


def _type(type_name: str | None, crossref_type: str | None) -> tuple[WorkType, bool]:
    found = (OPENALEX_TYPES.get(type_name or "") or CROSSREF_TYPES.get(type_name or "")
             or (WorkType.OTHER, False))
    # "article" lumps journal articles, conference papers and posted content together;
    # type_crossref tells them apart.
    refined = CROSSREF_TYPES.get(crossref_type or "")
    if type_name == "article" and refined and refined[0] not in (WorkType.JOURNAL_ARTICLE,
                                                                  WorkType.OTHER):
        return refined
    return found


def _abstract(item: dict) -> str | None:
    index = item.get("abstract_inverted_index")
    if isinstance(index, dict):
        placed = []
        for word, positions in index.items():
            for position in array(positions):
                if isinstance(position, int) and not isinstance(position, bool):
                    placed.append((position, word))
        placed.sort(key=lambda pair: pair[0])
        rebuilt = markup_to_text(" ".join(word for _, word in placed))
    else:
        rebuilt = markup_to_text(text(item.get("abstract")))
    # the heading scraped with the text ("Abstract Forest management…", "SUMMARY Besides…")
    return _LEADING_HEADING.sub("", rebuilt, count=1) or None if rebuilt else None


def _contributors(value: Any) -> Iterator[Contributor]:
    for authorship in array(value):
        authorship = mapping(authorship)
        author = mapping(authorship.get("author"))
        name = plain(authorship.get("raw_author_name")) or plain(author.get("display_name"))
        if not name:
            continue
        yield Contributor(name=name, orcid=normalize_orcid(text(author.get("orcid"))),
                          identifiers=identifiers([("openalex", normalize_openalex_id(
                              text(author.get("id")), "A"))]),
                          affiliations=_affiliations(authorship))


def _affiliations(authorship: dict) -> tuple[Organization, ...]:
    found: dict[tuple[str, str | None], Organization] = {}
    for institution in array(authorship.get("institutions")):
        institution = mapping(institution)
        name = plain(institution.get("display_name"))
        if name:
            ror = normalize_ror(text(institution.get("ror")))
            found.setdefault((name, ror), Organization(name=name, ror=ror))
    if not found:
        raw = texts(authorship.get("raw_affiliation_strings")) or texts(
            authorship.get("raw_affiliation_string"))
        for name in raw:
            name = plain(name)
            if name:
                found.setdefault((name, None), Organization(name=name))
    return tuple(found.values())


def _venue(venue_source: dict, publisher: str | None) -> Venue | None:
    if (text(venue_source.get("type")) or "") in _PLATFORM_SOURCES:
        return None
    title = plain(venue_source.get("display_name"))
    linking = normalize_issn(text(venue_source.get("issn_l")))
    others = [i for i in (normalize_issn(t) for t in texts(venue_source.get("issn"))) if i]
    issn = linking or (others[0] if others else None)
    eissn = next((i for i in others if i != issn), None)
    if not (title or issn):
        return None
    return Venue(title=title, issn=issn, eissn=eissn, publisher=publisher)


def _issued(item: dict) -> PartialDate | None:
    found = parse_date(text(item.get("publication_date")))
    if found is not None:
        return found
    year = item.get("publication_year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if isinstance(year, int) and not isinstance(year, bool) and 1 <= year <= 9999:
        return PartialDate(year=year)
    return None


def _status(location: dict, venue_source: dict, published: bool) -> tuple[Status, ...]:
    version = text(location.get("version"))
    if location.get("is_published") is True:
        return (Status.PUBLISHED,)
    if version in _VERSION_STATUS:
        return _VERSION_STATUS[version]
    if location.get("is_accepted") is True:
        return (Status.ACCEPTED,)
    source_type = text(venue_source.get("type")) or ""
    if published and source_type in _PUBLISHING_SOURCES:
        return (Status.PUBLISHED,)
    return ()


def _subjects(item: dict) -> tuple[Subject, ...]:
    out: list[Subject] = []
    seen: set[str] = set()
    for field in ("keywords", "topics", "concepts", "primary_topic"):
        entries = item.get(field)
        for entry in array(entries) if isinstance(entries, list) else [entries]:
            label = plain(mapping(entry).get("display_name"))
            if label and label.casefold() not in seen:
                seen.add(label.casefold())
                out.append(Subject(scheme="keyword", label=label))
    headings: dict[str, Subject] = {}
    for entry in array(item.get("mesh")):
        entry = mapping(entry)
        label = plain(entry.get("descriptor_name"))
        code = text(entry.get("descriptor_ui"))
        if not label:
            continue
        key = code or label.casefold()
        major = entry.get("is_major_topic") is True
        earlier = headings.get(key)
        if earlier is None or (major and not earlier.major):
            headings[key] = Subject(scheme="mesh", label=label, code=code, major=major)
    return tuple(out) + tuple(headings.values())


# -- sniffing ------------------------------------------------------------------------------

_WORK_ID = re.compile(r'"id"\s*:\s*"https://openalex\.org/W\d+"')
_OPENALEX_KEYS = re.compile(r'"(abstract_inverted_index|authorships|primary_location|host_venue'
                            r'|publication_year|cited_by_count)"\s*:')


def sniff(head: str) -> int:
    """Confidence that ``head`` starts OpenAlex works JSON or an OpenAlex CSV export."""
    start = head.lstrip()[:1]
    if start in ("{", "["):
        if _WORK_ID.search(head):
            return 95
        if len(set(_OPENALEX_KEYS.findall(head))) >= 2:
            return 85
        return 0
    return 90 if is_openalex_csv(head) else 0
