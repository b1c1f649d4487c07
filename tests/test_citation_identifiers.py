"""Identifiers the citation readers (BibTeX, RIS, CSL-JSON, Crossref) read from real exports: arXiv
ids, own ISBNs, Scopus EIDs and Web of Science UTs, counted per corpus file and checked per record."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Identifier, Record
from kg.readers import Source, get_reader
from kg.readers.citation_ids import arxiv_in, eid_in_url, isbns_in, marked_wos_ut
from tests.conftest import CORPUS, DATA
from tests.reader_helpers import corpus_file, read_text

REAL = DATA / "real"

# Identifiers by scheme in each shared-corpus file that has any (the others have none: the
# Crossref ISBNs there are all chapters', which are their books' ISBNs).
SHARED_COUNTS = {
    ("bibtex", "biblatex__biblatex-examples.bib"): {"arxiv": 4, "isbn": 2},
    ("bibtex", "jabref__testjabref.bib"): {"arxiv": 72, "wos": 1},
    ("bibtex", "jabref__complex.bib"): {"isbn": 1},
    ("ris", "jabref__RisImporterTestScopus.ris"): {"eid": 1},
    ("csl_json", "manubot__arxiv-joss-csl.raw.json"): {"arxiv": 1},
    ("csl_json", "manubot__cite-command-rendered_input-bibliography.json"): {"arxiv": 1},
}
READER_OF = {"bibtex": "bibtex", "ris": "ris", "csl_json": "csl", "crossref": "crossref"}
SUFFIXES = {"bibtex": ".bib", "ris": ".ris", "csl_json": ".json", "crossref": ".json"}


def records(path: Path, reader: str) -> list[Record]:
    return [item for item in get_reader(reader)(Source(str(path))) if not isinstance(item, InputError)]


def counts(path: Path, reader: str) -> dict[str, int]:
    return dict(Counter(i.scheme for r in records(path, reader) for i in r.work.identifiers))


def shared_files() -> list[tuple[str, str]]:
    return [(folder, path.name) for folder in READER_OF
            for path in sorted((CORPUS / folder).glob(f"*{SUFFIXES[folder]}"))]


@pytest.mark.parametrize(("folder", "name"), shared_files() or [("bibtex", "absent")])
def test_identifiers_per_shared_corpus_file(folder, name):
    path = corpus_file(CORPUS / folder, name)
    assert counts(path, READER_OF[folder]) == SHARED_COUNTS.get((folder, name), {})


def ids(*pairs: tuple[str, str]) -> tuple[Identifier, ...]:
    return tuple(Identifier(scheme=scheme, value=value) for scheme, value in pairs)


CASES = [
    # archiveprefix = {arXiv}, eprint = {2003.12062}
    ("bibtex/jabref__testjabref.bib", "Hansel2020", ids(("arxiv", "2003.12062"))),
    # Unique-ID = {{ISI:000371557900003}} (Web of Science BibTeX)
    ("bibtex/bibliometrix__DISES-wos.bib", "ISI:000371557900003", ids(("wos", "WOS:000371557900003"))),
    # url={https://www.scopus.com/inward/record.uri?eid=2-s2.0-84993929598&…} (Scopus BibTeX)
    ("bibtex/bibliometrix__scopus.bib", "D'Ambrosio20171339", ids(("eid", "2-s2.0-84993929598"))),
    ("bibtex/citationjs__biblatex-input.bib", "tolkien:all", ids(("isbn", "9780007280599"))),
    # a @bookinbook carries the ISBN of the book it is in: not its own
    ("bibtex/citationjs__biblatex-input.bib", "tolkien:single", ()),
    ("bibtex/jabref__crossref.bib", "DBLP:conf/wicsa/2015", ids(("isbn", "9781479919222"))),
    # UR  - http://www.scopus.com/inward/record.url?eid=2-s2.0-4544289390&… (Scopus RIS)
    ("ris/jabref__RisImporterTestScopus.ris", None, ids(("eid", "2-s2.0-4544289390"))),
    ("ris/zotero__RIS_6.ris", None, ids(("isbn", "9783642002304"))),  # TY BOOK, SN 9783642002304
    ("ris/jabref__RisImporterTest3.ris", None, ()),  # TY CHAP: SN is the book's ISBN
    # number 1707.02264v3, URL https://arxiv.org/abs/1707.02264v3 (Manubot)
    ("csl_json/manubot__arxiv-joss-csl.json", "oGNtTmrp", ids(("arxiv", "1707.02264"))),
    ("csl_json/zotero__CSL_JSON_0.json", None, ids(("isbn", "9783642321566"))),
    ("csl_json/citationjs__biblatex-csl.json", "tolkien:all", ids(("isbn", "9780007280599"))),
    # citation.js writes the @bookinbook as a "book" with a container-title
    ("csl_json/citationjs__biblatex-csl.json", "tolkien:single", ()),
]


@pytest.mark.parametrize(("file", "source_id", "expected"), CASES,
                         ids=[f"{c[0]}:{c[1] or 1}" for c in CASES])
def test_identifiers_of_a_real_record(file, source_id, expected):
    found = records(REAL / file, READER_OF[file.split("/")[0]])
    record = next(r for r in found if source_id is None or r.source_id == source_id)
    assert record.work.identifiers == expected


def test_ris_accession_numbers_urls_and_marked_issns():
    """Written here from the shapes of Web of Science and Scopus RIS exports ('AN  - WOS:…',
    'SN  - 11009233 (ISSN)') and of an arXiv URL; a PubMed accession number is neither."""
    text = ("TY  - JOUR\nTI  - A\nAN  - WOS:000220133300004\nSN  - 1100-9233\nER  - \n\n"
            "TY  - JOUR\nTI  - B\nAN  - 2-s2.0-85000000201\nSN  - 11009233 (ISSN)\nER  - \n\n"
            "TY  - JOUR\nTI  - C\nAN  - 26957754\nDB  - PubMed\nER  - \n\n"
            "TY  - JOUR\nTI  - D\nUR  - https://arxiv.org/abs/2003.11901v2\nER  - \n")
    a, b, c, d = read_text(get_reader("ris"), text, ".ris")
    assert a.work.identifiers == ids(("wos", "WOS:000220133300004"))
    assert b.work.identifiers == ids(("eid", "2-s2.0-85000000201"))
    assert a.work.venue.issn == b.work.venue.issn == "1100-9233"
    assert (c.work.identifiers, c.work.pmid) == ((), "26957754")
    assert d.work.identifiers == ids(("arxiv", "2003.11901"))


def test_a_crossref_book_has_its_isbns_and_its_chapter_has_none():
    """Crossref's ISBN list (print, electronic) is the book's; a chapter lists its book's."""
    book = ('{"type": "monograph", "title": ["A Book"], "DOI": "10.1007/978-3-642-00230-4", '
            '"ISBN": ["3642002307", "9783642002311"], "isbn-type": [{"type": "print", '
            '"value": "3642002307"}]}')
    chapter = book.replace('"monograph"', '"book-chapter"').replace("A Book", "A Chapter")
    items = read_text(get_reader("crossref"), f"[{book}, {chapter}]", ".json")
    assert [r.work.identifiers for r in items] == [
        ids(("isbn", "9783642002304"), ("isbn", "9783642002311")), ()]


@pytest.mark.parametrize(("text", "expected"), [
    ("https://arxiv.org/abs/1707.02264v3", "1707.02264"), ("arXiv:hep-th/9603067", "hep-th/9603067"),
    ("10.48550/arXiv.2003.11901", "2003.11901"), ("2003.11901", None), ("10.7717/peerj-cs.147", None),
])
def test_arxiv_in_needs_the_value_to_say_arxiv(text, expected):
    assert arxiv_in(text) == expected


def test_eid_wos_and_isbn_finders():
    url = ("https://www.scopus.com/inward/record.uri?eid=2-s2.0-84955491488&partnerID=40&md5=b56a60")
    assert eid_in_url(url) == "2-s2.0-84955491488"
    assert eid_in_url("https://example.org/?eid=2-s2.0-84955491488") is None
    assert marked_wos_ut("ISI:000263918900029") == "WOS:000263918900029"
    assert marked_wos_ut("000263918900029") is None  # bare: could be any database's number
    assert isbns_in(["9780330393683 (print); 0-306-40615-2", "978 0 306 40615 7", "kmptns"]) == [
        "9780330393683", "9780306406157"]
