"""PubMed XML reader: PubmedArticleSet files (efetch output, baseline files, gzipped or not)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from xml.etree.ElementTree import Element

from kg.errors import InputError
from kg.identity.normalize import (clean_text, display_name, initials_of, language_code, month_number,
                                   normalize_doi, normalize_issn, normalize_orcid, normalize_pmcid,
                                   normalize_pmid, normalize_ror, page_count, parse_date, parse_pages)
from kg.model import Contributor, Organization, PartialDate, Record, Subject, Venue, Work, WorkType
from kg.readers.pubmed_stream import iter_record_elements
from kg.readers.pubmed_tables import checked_record, publication_status, unique, work_type
from kg.readers.source import Source

NAME = "pubmed"
RECORD_TAGS = frozenset({"PubmedArticle", "PubmedBookArticle"})
ROOT_TAGS = RECORD_TAGS | {"PubmedArticleSet", "PubmedBookArticleSet"}
_SNIFF_MARKERS = ("<PubmedArticleSet", "<PubmedBookArticleSet", "<PubmedArticle>",
                  "<PubmedArticle ", "<PubmedBookArticle>", "<PubmedBookArticle ",
                  "<!DOCTYPE PubmedArticleSet", "<MedlineCitation")
_CONVERSION_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)
# Content-MathML empty elements that stand for a symbol.
_MATH_SYMBOLS = {"infinity": "∞", "pi": "π", "exponentiale": "e", "imaginaryi": "i",
                 "emptyset": "∅"}


def sniff(head: str) -> int:
    """95 when the text is XML with PubMed's record elements, else 0."""
    if not head.lstrip().startswith("<"):
        return 0
    return 95 if any(marker in head for marker in _SNIFF_MARKERS) else 0


def read_pubmed(source: Source) -> Iterator[Record | InputError]:
    """Stream the PubmedArticle and PubmedBookArticle records of a PubMed XML file."""
    index = 0
    for line, element in iter_record_elements(source, RECORD_TAGS, ROOT_TAGS):
        index += 1
        yield _record(source, element, index, line)
        element.clear()


def _record(source: Source, element: Element, index: int, line: int) -> Record | InputError:
    pmid = normalize_pmid(element.findtext("MedlineCitation/PMID")
                          or element.findtext("BookDocument/PMID"))
    build = _book_work if element.tag == "PubmedBookArticle" else _article_work
    return checked_record(source, NAME, lambda: build(element), index=index, line=line,
                          label=pmid or index, errors=_CONVERSION_ERRORS)


# -- the two record kinds ----------------------------------------------------------------

def _article_work(element: Element) -> Work:
    citation = _child(element, "MedlineCitation")
    article = _child(citation, "Article")
    journal = _child(article, "Journal")
    journal_issue = _child(journal, "JournalIssue")
    pubmed_data = _child(element, "PubmedData")
    ids = _article_ids(pubmed_data)
    publication_types = _texts(article.findall("PublicationTypeList/PublicationType"))
    page_start, page_end = _pages(_child(article, "Pagination"))
    return Work(
        type=work_type(publication_types),
        title=_inline(article.find("ArticleTitle")) or _inline(article.find("VernacularTitle")),
        abstract=_abstract(article.find("Abstract")),
        language=language_code(article.findtext("Language")),
        contributors=_contributors(article, article.findall("Affiliation")),
        venue=_venue(journal, citation),
        volume=clean_text(journal_issue.findtext("Volume")),
        issue=clean_text(journal_issue.findtext("Issue")),
        page_start=page_start,
        page_end=page_end,
        num_pages=page_count(page_start, page_end),
        issued=_date(journal_issue.find("PubDate")) or _date(article.find("ArticleDate")),
        status=publication_status(pubmed_data.findtext("PublicationStatus")),
        subjects=_subjects(citation),
        publication_types=publication_types,
        doi=normalize_doi(ids.get("doi")) or _elocation_doi(article),
        pmid=normalize_pmid(citation.findtext("PMID")) or normalize_pmid(ids.get("pubmed")),
        pmcid=normalize_pmcid(ids.get("pmc")),
    )


def _book_work(element: Element) -> Work:
    """A Bookshelf record: a chapter when it has its own ArticleTitle, else the whole book."""
    document = _child(element, "BookDocument")
    book = _child(document, "Book")
    ids = _article_ids(document)
    chapter_title = _inline(document.find("ArticleTitle"))
    book_title = _inline(book.find("BookTitle"))
    page_start, page_end = _pages(_child(document, "Pagination"))
    contributors = _contributors(document, ()) or _contributors(book, ())
    series = clean_text(book.findtext("CollectionTitle"))
    return Work(
        type=WorkType.CHAPTER if chapter_title else WorkType.BOOK,
        title=chapter_title or book_title,
        abstract=_abstract(document.find("Abstract")),
        language=language_code(document.findtext("Language")),
        contributors=contributors,
        venue=Venue(title=series) if series else None,
        host_title=book_title if chapter_title else None,
        volume=clean_text(book.findtext("Volume")),
        page_start=page_start,
        page_end=page_end,
        num_pages=page_count(page_start, page_end),
        issued=_date(book.find("PubDate")),
        status=publication_status(element.findtext("PubmedBookData/PublicationStatus")),
        subjects=_subjects(document),
        publication_types=_texts(document.findall("PublicationType")),
        doi=normalize_doi(ids.get("doi")) or _elocation_doi(book) or _elocation_doi(document),
        pmid=normalize_pmid(document.findtext("PMID")),
        publisher=clean_text(book.findtext("Publisher/PublisherName")),
    )


# -- parts -------------------------------------------------------------------------------

def _child(parent: Element, tag: str) -> Element:
    """The child element, or an empty stand-in so a missing part reads as absent fields."""
    found = parent.find(tag)
    return found if found is not None else Element(tag)


def _texts(elements: Iterable[Element]) -> tuple[str, ...]:
    return unique(text for text in (_inline(e) for e in elements) if text)


def _article_ids(holder: Element) -> dict[str, str]:
    """The record's own ArticleIdList by IdType (first of each; cited works' lists are not read)."""
    ids: dict[str, str] = {}
    for article_id in holder.findall("ArticleIdList/ArticleId"):
        text = (article_id.text or "").strip()
        if text:
            ids.setdefault(article_id.get("IdType", "pubmed").strip().lower(), text)
    return ids


def _elocation_doi(holder: Element) -> str | None:
    for location in holder.findall("ELocationID"):
        if location.get("EIdType", "").lower() == "doi" and location.get("ValidYN", "Y") != "N":
            doi = normalize_doi(location.text)
            if doi:
                return doi
    return None


def _venue(journal: Element, citation: Element) -> Venue | None:
    issn = eissn = None
    for element in journal.findall("ISSN"):
        value = normalize_issn(element.text)
        if element.get("IssnType", "Print").strip().lower() == "electronic":
            eissn = eissn or value
        else:
            issn = issn or value
    venue = Venue(
        title=clean_text(journal.findtext("Title")),
        abbreviation=clean_text(journal.findtext("ISOAbbreviation"))
        or clean_text(citation.findtext("MedlineJournalInfo/MedlineTA")),
        issn=issn,
        eissn=eissn,
    )
    return venue if venue != Venue() else None


def _pages(pagination: Element) -> tuple[str | None, str | None]:
    medline = clean_text(pagination.findtext("MedlinePgn"))
    if medline:
        return parse_pages(medline)
    return clean_text(pagination.findtext("StartPage")), clean_text(pagination.findtext("EndPage"))


def _date(element: Element | None) -> PartialDate | None:
    """PubDate/ArticleDate to the precision given; a Season gives the year, a MedlineDate is parsed."""
    if element is None:
        return None
    medline_date = clean_text(element.findtext("MedlineDate"))
    if medline_date:
        return parse_date(medline_date)
    year = clean_text(element.findtext("Year")) or ""
    if not (len(year) == 4 and year.isdigit()):
        return None
    text = year
    month = month_number(element.findtext("Month") or "")
    if month:
        text += f"-{month}"
        day = clean_text(element.findtext("Day")) or ""
        if day.isdigit():
            text += f"-{int(day)}"
    return parse_date(text)


def _abstract(abstract: Element | None) -> str | None:
    """The abstract text; sections of a structured abstract keep their labels ("METHODS: ...")."""
    if abstract is None:
        return None
    parts = []
    for section in abstract.findall("AbstractText"):
        text = _inline(section)
        if not text:
            continue
        label = clean_text(section.get("Label"))
        if label and label.upper() != "UNLABELLED":
            text = f"{label}: {text}"
        parts.append(text)
    return " ".join(parts) or None


def _contributors(holder: Element, stray_affiliations: Iterable[Element]) -> tuple[Contributor, ...]:
    """The authors of the holder's author list (not its editors), in order.

    ``stray_affiliations`` are the pre-2015 ``Article/Affiliation`` elements, which NLM gave
    for the first author only.
    """
    author_list = next((lst for lst in holder.findall("AuthorList")
                        if lst.get("Type", "authors").lower() == "authors"), None)
    if author_list is None:
        return ()
    contributors = [c for c in (_contributor(a) for a in author_list.findall("Author")
                                if a.get("ValidYN", "Y") != "N") if c is not None]
    first_affiliations = tuple(Organization(name=name) for name in
                               unique(t for t in (_inline(e) for e in stray_affiliations) if t))
    if contributors and first_affiliations and not contributors[0].affiliations:
        contributors[0] = replace(contributors[0], affiliations=first_affiliations)
    return tuple(contributors)


def _contributor(author: Element) -> Contributor | None:
    family = clean_text(author.findtext("LastName"))
    given = clean_text(author.findtext("ForeName"))
    initials = clean_text(author.findtext("Initials"))
    collective = _inline(author.find("CollectiveName"))
    affiliations = _affiliations(author)
    if family or given:
        name = display_name(given or initials, family) or ""
        suffix = clean_text(author.findtext("Suffix"))
        orcid = next((o for o in (normalize_orcid(i.text) for i in author.findall("Identifier")
                                  if i.get("Source", "").upper() == "ORCID") if o), None)
        return Contributor(name=f"{name} {suffix}" if suffix else name, given=given,
                           family=family, initials=initials or initials_of(given), orcid=orcid,
                           affiliations=affiliations)
    if collective:
        return Contributor(name=collective, affiliations=affiliations, collective=True)
    return None


def _affiliations(author: Element) -> tuple[Organization, ...]:
    organizations = []
    for info in author.findall("AffiliationInfo"):
        name = _inline(info.find("Affiliation"))
        if name:
            ror = next((r for r in (normalize_ror(i.text) for i in info.findall("Identifier")
                                    if i.get("Source", "").upper() == "ROR") if r), None)
            organizations.append(Organization(name=name, ror=ror))
    organizations.extend(Organization(name=name) for name in
                         (_inline(e) for e in author.findall("Affiliation")) if name)
    return unique(organizations)


def _subjects(holder: Element) -> tuple[Subject, ...]:
    """MeSH descriptors (major when the descriptor or one of its qualifiers is starred), then keywords."""
    subjects = []
    for heading in holder.findall("MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        label = _inline(descriptor)
        if descriptor is None or not label:
            continue
        code = (descriptor.get("UI") or "").strip()
        major = any(e.get("MajorTopicYN", "N").upper() == "Y"
                    for e in (descriptor, *heading.findall("QualifierName")))
        subjects.append(Subject(scheme="mesh", label=label, major=major,
                                code=code if code[:1] == "D" and code[1:].isdigit() else None))
    for keyword in holder.findall("KeywordList/Keyword"):
        label = _inline(keyword)
        if label:
            subjects.append(Subject(scheme="keyword", label=label,
                                    major=keyword.get("MajorTopicYN", "N").upper() == "Y"))
    return unique(subjects)


# -- text --------------------------------------------------------------------------------

def _inline(element: Element | None) -> str | None:
    """An element's text with inline markup (<i>, <sup>, MathML ...) flattened, spaces collapsed."""
    if element is None:
        return None
    parts: list[str] = []
    _flatten(element, parts)
    return clean_text("".join(parts))


def _flatten(element: Element, parts: list[str]) -> None:
    parts.append(element.text or "")
    for child in element:
        if _local(child.tag) == "math":
            parts.append(_math_text(child))
        else:
            _flatten(child, parts)
        parts.append(child.tail or "")


def _local(tag: str) -> str:
    return tag.rpartition(":")[2]


def _math_text(element: Element) -> str:
    """MathML as the characters it shows: token texts joined, layout whitespace dropped,
    prescripts (as in ³He) put before their base."""
    name = _local(element.tag)
    children = list(element)
    if not children:
        text = element.text or ""
        return text if name == "mtext" else text.strip() or _MATH_SYMBOLS.get(name, "")
    if name == "mmultiscripts":
        names = [_local(child.tag) for child in children]
        split = names.index("mprescripts") if "mprescripts" in names else len(children)
        children = [*children[split + 1:], children[0], *children[1:split]]
    return (element.text or "").strip() + "".join(_math_text(child) for child in children)
