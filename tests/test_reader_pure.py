"""The Pure portal reader on every page variant of the corpus (values read by eye from the files)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Identifier, Status, Venue, WorkType
from kg.readers import Source, sniff
from kg.readers.pure import read_pure
from tests.conftest import CORPUS, DATA, need
from tests.reader_helpers import read_text

# file: (type, title start, authors, first author, journal, volume, issue, pages, article no,
#        number of pages, date, language, peer reviewed, ASJC labels, keyword count)
PAGES = {
    "moh-it_new-strategies-colon-cancer-adjuvant.txt": (
        WorkType.JOURNAL_ARTICLE, "New strategies in colon", 3, "R. Labianca", "Annals of Oncology",
        None, "SUPPL. 7", (None, None), None, None, "2006-06", "en", True, 2, 2),
    "moh-it_consensus-conference-sentinel-lymph-node.txt": (
        WorkType.JOURNAL_ARTICLE, "Proceeding of the consensus", 3, "Gordon F. Schwartz",
        "Breast Journal", None, "3", ("124", "138"), None, 15, "2002-05", "en", False, 2, 0),
    "moh-it_controversies-sentinel-nodes-microinvasion.txt": (
        WorkType.JOURNAL_ARTICLE, "Controversies in the use", 3, None, None, None, "2 SUPPL.",
        ("67", "70"), None, 4, "2007", "en", False, 1, 5),
    "moh-it_introduction-45-multiple-sclerosis.txt": (
        WorkType.JOURNAL_ARTICLE, "Introduction", 0, None, None, None, None, ("3", "5"), None, 3,
        "2012-05-01", "en", True, 1, 0),
    "moh-it_multidisciplinary-management-retroperitoneal-sarcoma.txt": (
        WorkType.REVIEW, "Multidisciplinary management", 0, None, None, None, "16", (None, None),
        "4016", None, "2021-08-02", "en", True, 2, 5),
    "prinsesmaxima_neuroblastoom-dutch.txt": (
        WorkType.JOURNAL_ARTICLE, "Het neuroblastoom", 2, "H. N. Caron",
        "Tijdschrift voor Kindergeneeskunde", None, "5", ("200", "205"), None, 6, "1999-10", "nl",
        True, 0, 0),
    "moh-it_chapter-adjuvant-cmf-primary-mammary-carcinoma.txt": (
        WorkType.CHAPTER, "Adjuvant combination chemotherapy", 3, "U. Veronesi", None, None, None,
        (None, None), None, 4, "1977", "en", False, 2, 0),
    "moh-it_30-years-follow-up-adjuvant-cmf-bmj.txt": (
        WorkType.JOURNAL_ARTICLE, "30 Years' follow up", 7, "Gianni Bonadonna",
        "British Medical Journal", "330", "7485", ("217", "220"), None, 4, "2005-01-29", "en", True,
        1, 0),
    "moh-it_rationale-limited-surgery-breast-cancer.txt": (
        WorkType.JOURNAL_ARTICLE, "Rationale and indications", 1, None, None, None, None,
        ("493", "498"), None, 6, None, "en", True, 0, 0),
    "moh-it_childhood-medulloblastoma.txt": (
        WorkType.JOURNAL_ARTICLE, "Childhood medulloblastoma", 8, "Maura Massimino",
        "Critical Reviews in Oncology/Hematology", None, None, ("35", "51"), None, 17, "2016-09",
        "en", True, 0, 8),
    "moh-it_gastric-cancer-2.txt": (
        WorkType.JOURNAL_ARTICLE, "Gastric cancer", 6, None, "Critical Reviews in Oncology/Hematology",
        None, "3", ("209", "241"), None, 33, "2005-06", "en", True, 3, 4),
    "moh-it_current-issues-advanced-hodgkins.txt": (
        WorkType.JOURNAL_ARTICLE, "Current issues in the management", 2, None, "Blood Reviews",
        None, "1", ("69", "73"), None, 5, "1990", "en", True, 3, 0),
}


def read(name: str):
    [record] = list(read_pure(Source(str(need(CORPUS / "pure") / name))))
    assert not isinstance(record, InputError), record
    return record


def test_every_page_reads_and_sniffs_as_pure():
    pages = sorted(need(CORPUS / "pure").glob("*.txt"))
    assert len(pages) == 20
    for page in pages:
        assert sniff(Source(str(page))) == "pure", page.name
        [record] = list(read_pure(Source(str(page))))
        assert not isinstance(record, InputError), record
        assert record.work.title and record.work.abstract


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_fields(name):
    (kind, title, n_authors, first, journal, volume, issue, pages, article, n_pages, date, lang,
     peer_reviewed, n_asjc, n_keywords) = PAGES[name]
    work = read(name).work
    assert work.type is kind
    assert work.title.startswith(title)
    assert len(work.contributors) == n_authors
    if first:
        assert work.contributors[0].name == first
    assert (work.venue.title if work.venue else None) == journal
    assert (work.volume, work.issue) == (volume, issue)
    assert (work.page_start, work.page_end) == pages
    assert (work.article_number, work.num_pages) == (article, n_pages)
    assert (work.issued.isoformat() if work.issued else None) == date
    assert work.language == lang
    assert (Status.PEER_REVIEWED in work.status) is peer_reviewed
    assert len([s for s in work.subjects if s.scheme == "asjc"]) == n_asjc
    assert len([s for s in work.subjects if s.scheme == "keyword"]) == n_keywords


def test_structured_abstract_keeps_its_labels():
    work = read("moh-it_30-years-follow-up-adjuvant-cmf-bmj.txt").work
    assert work.abstract.startswith("Objective: To assess")
    assert "Conclusions: When delivered optimally" in work.abstract


def test_placeholder_journal_is_not_a_journal():
    assert read("moh-it_introduction-45-multiple-sclerosis.txt").work.venue is None


def test_cut_page_drops_the_cut_value():
    # The excerpt ends inside "JournalWorld Journal " — no journal from a cut line.
    work = read("moh-it_rationale-limited-surgery-breast-cancer.txt").work
    assert work.venue is None and work.num_pages == 6


def test_chapter_host_title():
    work = read("moh-it_chapter-adjuvant-cmf-primary-mammary-carcinoma.txt").work
    assert work.host_title == "WORLD J.SURG."


def test_publication_type_bullets_are_not_keywords():
    work = read("moh-it_childhood-medulloblastoma.txt").work
    labels = {s.label for s in work.subjects}
    assert "Journal Article" not in labels and "Medulloblastoma" in labels
    assert "Review" in work.publication_types


def test_names_as_printed():
    names = [c.name for c in read("moh-it_gastric-cancer-2.txt").work.contributors]
    assert "Filippo De Braud" in names and "Eric Van Cutsem" in names


# -- a page as a live portal prints it (tests/data/pure/PROVENANCE.md) ------------------------

LIVE = DATA / "pure" / "monash_model-dependent-analysis.txt"
LIVE_TYPE_LINE = "Research output: Contribution to journal › Article › Research › peer-review"


def read_live(text: str | None = None):
    """The live-layout page, or ``text`` (a page written from it) read as a page."""
    [record] = read_text(read_pure, LIVE.read_text(encoding="utf-8") if text is None else text, ".txt")
    assert not isinstance(record, InputError), record
    return record


def test_live_portal_page():
    assert sniff(Source(str(LIVE))) == "pure"
    record = read_live()
    work = record.work
    assert (work.type, work.publication_types) == (WorkType.JOURNAL_ARTICLE, ("Article",))
    assert work.status == (Status.PUBLISHED, Status.PEER_REVIEWED)
    assert [c.name for c in work.contributors] == ["Xiao Wang", "Chi Tian", "Fa Peng Huang"]
    assert work.doi == "10.1088/1475-7516/2023/07/006"  # the bullet under "DOIs"
    assert [s.label for s in work.subjects if s.scheme == "keyword"] == [
        "cosmological phase transitions", "cosmology of theories beyond the SM",
        "gravitational waves / theory", "physics of the early universe"]
    assert work.abstract.startswith("The kinetic energy of the fluid shell")
    assert work.abstract.endswith("induced by the first-order phase transition.")
    assert (work.venue.title, work.volume, work.issue, work.article_number, work.num_pages) == (
        "Journal of Cosmology and Astroparticle Physics", "2023", "7", "JCAP07(2023)006", 31)
    assert (work.language, work.issued.isoformat()) == ("en", "2023-07")
    uuid = "d0087380-2e0f-4eae-985c-1003e74600dc"  # the key of the page's BibTeX entry
    assert work.identifiers == (Identifier(scheme="pure", value=uuid),) and record.source_id == uuid


def test_navigation_words_never_start_the_abstract():
    """Without its "Abstract" heading, the citation count and the "Overview" tab before the
    text are still not the abstract; a page giving no BibTeX entry has no UUID."""
    text = LIVE.read_text(encoding="utf-8")
    text = text.replace("\nAbstract\n", "\n").split("\n@article{")[0]
    work = read_live(text).work
    assert work.abstract.startswith("The kinetic energy of the fluid shell")
    assert work.identifiers == ()


@pytest.mark.parametrize("type_line, kind, subtype, peer_reviewed", [
    # type lines as live portals print them (KAIST, SNU, Princeton and Illinois pages)
    ("Chapter in Book/Report/Conference proceeding › Conference contribution › peer-review",
     WorkType.CONFERENCE_PAPER, "Conference contribution", True),
    ("Chapter in Book/Report/Conference proceeding › Conference contribution",
     WorkType.CONFERENCE_PAPER, "Conference contribution", False),
    ("Contribution to journal › Review article › peer-review", WorkType.REVIEW, "Review article",
     True),
    ("Book/Report › Book", WorkType.BOOK, "Book", False),
    ("Contribution to journalArticlepeer-review", WorkType.JOURNAL_ARTICLE, "Article", True),
])
def test_type_lines(type_line, kind, subtype, peer_reviewed):
    work = read_live(LIVE.read_text(encoding="utf-8").replace(
        LIVE_TYPE_LINE, f"Research output: {type_line}")).work
    assert (work.type, work.publication_types[0]) == (kind, subtype)
    assert (Status.PEER_REVIEWED in work.status) is peer_reviewed


def test_book_isbns_and_series():
    """A book page in the live layout. No real one was found (see PROVENANCE.md), so this page is
    the live one with a book's type line and the fields Pure prints for a book in a series."""
    head = LIVE.read_text(encoding="utf-8").split("Original language")[0]
    book = head.replace(LIVE_TYPE_LINE, "Research output: Book/Report › Book › Research") + (
        "Original language English\nPublisher Springer\nNumber of pages 210\n"
        "ISBN (Print) 0-306-40615-2\nISBN (Electronic) 978-3-16-148410-0\n"
        "Publication status Published - 2023\n\nPublication series\n\n"
        "Name Lecture Notes in Physics\nVolume 1001\nISSN (Print) 0075-8450\n"
        "ISSN (Electronic) 1616-6361\nCite this\n")
    work = read_live(book).work
    assert work.type is WorkType.BOOK
    assert [i.value for i in work.identifiers if i.scheme == "isbn"] == ["9780306406157",
                                                                        "9783161484100"]
    assert work.venue == Venue(title="Lecture Notes in Physics", issn="0075-8450",
                               eissn="1616-6361", series=True)
    assert work.volume == "1001"
    chapter = read_live(book.replace("Book/Report › Book", "Chapter in Book/Report/Conference "
                                     "proceeding › Chapter")).work
    assert chapter.type is WorkType.CHAPTER and chapter.venue.series
    assert [i for i in chapter.identifiers if i.scheme == "isbn"] == []  # the host book's


def _read_all(path) -> None:
    """Reads a page; a whole-file InputError may be raised, nothing else may escape."""
    try:
        for item in read_pure(Source(str(path))):
            assert isinstance(item, InputError) or item.work.title
    except InputError as error:
        assert str(path) in str(error)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_only_input_errors_escape(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("pure") / "page.txt"
    path.write_text(text, encoding="utf-8")
    _read_all(path)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "Title line", "A. Author, B. Author", "Research output: Contribution to journalArticlepeer-review",
    "", "Abstract", "Some abstract text.", "Original languageEnglish", "Pages (from-to)1-5",
    "Journal", "Issue number", "Publication statusPublished - May 1 2012", "ASJC Scopus subject areas",
    "  • Oncology", "  • ", "Dive into the research topics of 'X'. Together they form a unique fingerprint.",
    "Cite this", "12 Citations (Scopus)", "Research output: Contribution to journal › Article › peer-review",
    "  * Overview", "  * , B. Author", "Keywords", "DOIs", "  * https://doi.org/10.1/x", "Publication series",
    "Name A Series", "ISSN (Print) 0284-186X", "ISBN (Print) 978-0-306-40615-7", "Access to Document",
    "@article{d00873802e0f4eae985c1003e74600dc,", "13 Link opens in a new tab Citations (Scopus)"]),
    max_size=30))
def test_shuffled_page_parts_never_crash(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("pure") / "page.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    _read_all(path)
