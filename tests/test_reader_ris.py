"""The RIS reader: corpus counts, spot checks, sniffing, bad input, dates, properties."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Record, Status, WorkType
from kg.readers import sniff
from kg.readers.ris import _ris_date, read_ris
from kg.readers.ris import sniff as sniff_ris
from kg.readers.source import Source
from kg.readers.wos import read_wos
from tests.reader_helpers import read_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "ris"
DATA = ROOT / "tests" / "data" / "ris"

# file → (records read, of which InputErrors). PROVENANCE.md gives TY/ER counts; a record
# without a title or without a TY line is an error record, RisImporterTest1's eleven TY
# lines share one ER (one record), and rispy__example_wos.ris is Web of Science (below).
COUNTS = {
    "jabref__RisImporterCorrupted.ris": (1, 1),  # no TY line
    "jabref__RisImporterTest1.ris": (1, 0),
    "jabref__RisImporterTest3.ris": (1, 0),
    "jabref__RisImporterTest4a.ris": (1, 0),
    "jabref__RisImporterTest4b.ris": (1, 0),
    "jabref__RisImporterTest4c.ris": (1, 0),
    "jabref__RisImporterTest5a.ris": (1, 0),
    "jabref__RisImporterTest5b.ris": (1, 0),
    "jabref__RisImporterTest6.ris": (1, 0),
    "jabref__RisImporterTest7.ris": (1, 0),
    "jabref__RisImporterTest8_date.ris": (1, 0),
    "jabref__RisImporterTest9.ris": (1, 0),
    "jabref__RisImporterTestDOI.ris": (1, 0),
    "jabref__RisImporterTestDate1.1.ris": (1, 0),
    "jabref__RisImporterTestDate1.2.ris": (1, 0),
    "jabref__RisImporterTestDoiAndJournalTitle.ris": (1, 1),  # no title
    "jabref__RisImporterTestScience.ris": (1, 0),
    "jabref__RisImporterTestScopus.ris": (1, 0),
    "jabref__RisImporterTestWithEmptyER.ris": (1, 0),
    "litstudy__example.ris": (25, 0),
    "rispy__example_basic.ris": (1, 0),
    "rispy__example_bom.ris": (1, 1),  # TY and DO only: no title
    "rispy__example_custom_list_tags.ris": (1, 1),  # no title
    "rispy__example_empty_tag.ris": (1, 0),
    "rispy__example_extraneous_data.ris": (2, 0),
    "rispy__example_full.ris": (2, 0),
    "rispy__example_full_without_whitespace.ris": (2, 0),
    "rispy__example_full_write.ris": (2, 0),
    "rispy__example_multi_unknown_tags.ris": (1, 0),
    "rispy__example_multiline.ris": (3, 3),  # no titles
    "rispy__example_single_unknown_tag.ris": (1, 0),
    "rispy__example_starting_newlines.ris": (1, 0),
    "rispy__example_urls.ris": (4, 0),
    "rispy__example_utf_chars.ris": (1, 0),  # title from ST
}
WOS_IN_DISGUISE = "rispy__example_wos.ris"


def corpus_path(name: str) -> Path:
    if not FOLDER.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    return FOLDER / name


def read(path: Path | str) -> list[Record | InputError]:
    return list(read_ris(Source(str(path))))


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_reads(name):
    items = read(corpus_path(name))
    errors = [i for i in items if isinstance(i, InputError)]
    assert (len(items), len(errors)) == COUNTS[name]
    for error in errors:  # each names the file, its line and the record
        assert error.path.endswith(name) and error.line and error.record
        assert str(error).startswith(f"{error.path}:{error.line} (record {error.record})")


def test_every_corpus_file_is_counted():
    corpus_path("")
    assert {p.name for p in FOLDER.glob("*.ris")} == set(COUNTS) | {WOS_IN_DISGUISE}


def test_error_messages_of_the_broken_corpus_files():
    (corrupted,) = read(corpus_path("jabref__RisImporterCorrupted.ris"))
    assert "no TY line" in corrupted.message and corrupted.record == 1
    multiline = read(corpus_path("rispy__example_multiline.ris"))
    assert [(e.record, e.message) for e in multiline] == [(1, "no title"), (2, "no title"),
                                                          (3, "no title")]


SPOT = [
    ("jabref__RisImporterTest1.ris", 1, dict(
        title="Editorial.", author="Cocke", year=2001, doi="10.1023/a:1017379030770",
        venue="Arrow", volume="6", issue=None, pages=("193", "194"))),
    ("jabref__RisImporterTest3.ris", 1, dict(
        title="Toward a Robust Analysis of Dermoscopy Images Acquired under Different "
              "Conditions", author="Catarina Barata", year=2015, doi="10.1201/b19107-2",
        venue="Digital Imaging and Computer Vision", volume=None, issue=None,
        pages=("1", "22"), type=WorkType.CHAPTER, host="Dermoscopy Image Analysis")),
    ("jabref__RisImporterTest4a.ris", 1, dict(
        title="Find It Fast: How to Uncover Expert Information on Any Subject",
        author="R. I. Berkman", year=1994, doi=None, venue=None, volume=None, issue=None,
        pages=(None, None), type=WorkType.BOOK)),
    ("jabref__RisImporterTest4b.ris", 1, dict(
        title="Clinicopathologic Principles For Veterinary Medicine", author=None, year=1988,
        doi=None, venue=None, volume=None, issue=None, pages=(None, None))),
    ("jabref__RisImporterTest4c.ris", 1, dict(
        title="Processing whey protein for use as a food ingredient", author="L. M. Huffman",
        year=1996, doi=None, venue="Food Technology", volume="50", issue="2",
        pages=("49", "52"))),
    ("jabref__RisImporterTest5a.ris", 1, dict(
        title="Release profile of ibuprofen in β-cyclodextrin complexes from two different "
              "solid dosage forms.", author="P. J. Salustio", year=2012,
        doi="10.1016/j.powtec.2012.01.008", venue="Powder Technology", volume="221",
        issue=None, pages=("245", "251"))),
    ("jabref__RisImporterTest5b.ris", 1, dict(
        title="The influence of the preparation methods on the inclusion of model drugs in a "
              "beta-cyclodextrin cavity", author="P. J. Salustio", year=2009, doi=None,
        venue="European journal of pharmaceutics and biopharmaceutics : official journal of "
              "Arbeitsgemeinschaft fur Pharmazeutische Verfahrenstechnik e.V",
        volume="71", issue="2", pages=("377", "386"))),
    ("jabref__RisImporterTest6.ris", 1, dict(
        title="Chelation: Harnessing and Enhancing Heavy Metal Detoxification—A Review",
        author="Margaret E Sears", year=2013, doi="10.1155/2013/219840",
        venue="The Scientific World Journal", volume="2013", issue=None,
        pages=("219840", None), pmid="23690738", pmcid="PMC3654245")),
    ("jabref__RisImporterTest7.ris", 1, dict(
        title="Testing Book Title", author="Bob Smith", year=2015, month=10, doi=None,
        venue=None, volume="1", issue=None, pages=(None, None))),
    ("jabref__RisImporterTest8_date.ris", 1, dict(
        title="Hydration forces between silica surfaces: Experimental data and predictions "
              "from different theories", author="J. J. Valle-Delgado", year=2005, month=7,
        day=15, doi="10.1063/1.1954747", venue="The Journal of Chemical Physics",
        volume="123", issue="3", pages=("034708", None))),
    ("jabref__RisImporterTest9.ris", 1, dict(
        title="Grid Cells for Conceptual Spaces?", author="Nikolaus Kriegeskorte", year=2016,
        month=10, day=19, doi="10.1016/j.neuron.2016.10.006", venue="Neuron", volume="92",
        issue="2", pages=("280", "284"))),
    ("jabref__RisImporterTestDOI.ris", 1, dict(
        title="The effect of smartphone usage time on posture and respiratory function",
        author="Sang In Jung", year=2016, month=1, doi="10.1589/jpts.28.186",
        venue="Journal of physical therapy science", volume="28", issue="1",
        pages=("186", "189"), pmid="26957754", pmcid="PMC4756000")),
    ("jabref__RisImporterTestDate1.1.ris", 1, dict(
        title="Hydration forces between silica surfaces: Experimental data and predictions "
              "from different theories", author="J. J. Valle-Delgado", year=2005, month=7,
        day=15, doi="10.1063/1.1954747", venue="The Journal of Chemical Physics",
        volume="123", issue="3", pages=("034708", None))),
    ("jabref__RisImporterTestDate1.2.ris", 1, dict(
        title="Hydration forces between silica surfaces: Experimental data and predictions "
              "from different theories", author="J. J. Valle-Delgado", year=2005, month=7,
        day=15, doi="10.1063/1.1954747", venue="The Journal of Chemical Physics",
        volume="123", issue="3", pages=("034708", None))),
    ("jabref__RisImporterTestScience.ris", 1, dict(
        title="Phase separation and ω transformation in binary V-Ti and ternary V-Ti-Cr alloys",
        author="Chanchal Ghosh", year=2016, month=12, doi="10.1016/j.actamat.2016.09.028",
        venue="Acta Materialia", volume="121", issue=None, pages=("310", "324"))),
    ("jabref__RisImporterTestScopus.ris", 1, dict(
        title="A transversely isotropic composite with a statistical distribution of "
              "spheroidal inclusions: A geometrical approach to overall properties",
        author="S. Federico", year=2004, doi="10.1016/j.jmps.2004.03.010",
        venue="Journal of the Mechanics and Physics of Solids", volume="52", issue="10",
        pages=("2309", "2327"))),
    ("jabref__RisImporterTestWithEmptyER.ris", 1, dict(
        title="Length scales and interfacial potentials in ion hydration", author="Yu Shi",
        year=2013, doi="10.1063/1.4814070", venue="The Journal of Chemical Physics",
        volume="139", issue="4", pages=("044504", None))),
    ("litstudy__example.ris", 1, dict(
        title="The European Approach to the Exascale Challenge", author="G. Kalbe", year=2019,
        month=1, doi="10.1109/mcse.2018.2884139", venue="Computing in Science & Engineering",
        volume="21", issue="1", pages=("42", "47"))),
    ("litstudy__example.ris", 2, dict(
        title="Reference Exascale Architecture", author="M. Bobák", year=2019,
        doi="10.1109/escience.2019.00063", venue=None, volume=None, issue=None,
        pages=("479", "487"), type=WorkType.CONFERENCE_PAPER,
        host="2019 15th International Conference on eScience (eScience)")),
    ("rispy__example_basic.ris", 1, dict(
        title="A Mathematical Theory of Communication", author="Claude E. Shannon", year=1948,
        month=7, doi=None, venue="Bell System Technical Journal", volume="27", issue=None,
        pages=("379", "423"))),
    ("rispy__example_empty_tag.ris", 1, dict(
        title="Outcome Measures After Shoulder Stabilization in the Athletic Population: A "
              "Systematic Review of Clinical and Patient-Reported Metrics",
        author="E. Fanning", year=2020, doi="10.1177/2325967120950040",
        venue="Orthopaedic Journal of Sports Medicine", volume="8", issue="9",
        pages=(None, None))),
    ("rispy__example_extraneous_data.ris", 2, dict(
        title="The title of the reference", author="Karlus Marxus", year=2006, doi=None,
        venue="Lorem", volume="6", issue="3", pages=("e0815341", None))),
    ("rispy__example_full.ris", 1, dict(
        title="Title of reference", author="Karl Marx", year=2014, doi=None, venue="Lorem",
        volume="9", issue="3", pages=("e0815", None))),
    ("rispy__example_full_without_whitespace.ris", 2, dict(
        title="The title of the reference", author="Karlus Marxus", year=2006, doi=None,
        venue="Lorem", volume="6", issue="3", pages=("e0815341", None))),
    ("rispy__example_full_write.ris", 1, dict(
        title="Title of reference", author="Karl Marx", year=2014, doi=None, venue="lorem",
        volume="9", issue="3", pages=("e0815", None))),
    ("rispy__example_multi_unknown_tags.ris", 1, dict(
        title="A Mathematical Theory of Communication", author="Claude E. Shannon", year=1948,
        doi=None, venue="Bell System Technical Journal", volume="27", issue=None,
        pages=(None, None))),
    ("rispy__example_single_unknown_tag.ris", 1, dict(
        title="A Mathematical Theory of Communication", author="Claude E. Shannon", year=1948,
        doi=None, venue="Bell System Technical Journal", volume="27", issue=None,
        pages=("379", "423"))),
    ("rispy__example_starting_newlines.ris", 1, dict(
        title="A Mathematical Theory of Communication", author="Claude E. Shannon", year=1948,
        doi=None, venue="Bell System Technical Journal", volume="27", issue=None,
        pages=("379", "423"))),
    ("rispy__example_urls.ris", 4, dict(
        title="A Mathematical Theory of Communication", author="Claude E. Shannon", year=1948,
        doi=None, venue="Bell System Technical Journal", volume="27", issue=None,
        pages=("379", "423"), url="http://example.com")),
    ("rispy__example_utf_chars.ris", 1, dict(
        title="Состояние рецепторного аппарата эндометрия и метаболизм эстрогенов при "
              "гиперплазиях эндометрия в позднем репродуктивном периоде",
        author="Yu E. Dobrokhotova", year=2009, doi=None,
        venue="Gynecology, Obstetrics and Perinatology", volume="8", issue="3",
        pages=("52", "57"))),
]


@pytest.mark.parametrize(("name", "index", "expected"), SPOT,
                         ids=[f"{s[0][:30]}#{s[1]}" for s in SPOT])
def test_spot_check(name, index, expected):
    record = read(corpus_path(name))[index - 1]
    assert isinstance(record, Record) and record.index == index
    work = record.work
    assert work.title == expected["title"]
    first = work.contributors[0].name if work.contributors else None
    assert first == expected["author"]
    assert work.issued.year == expected["year"]
    for part in ("month", "day"):
        if part in expected:
            assert getattr(work.issued, part) == expected[part]
    assert work.doi == expected["doi"]
    assert (work.venue.title if work.venue else None) == expected["venue"]
    assert (work.volume, work.issue) == (expected["volume"], expected["issue"])
    assert (work.page_start, work.page_end) == expected["pages"]
    for field in ("pmid", "pmcid", "url"):
        if field in expected:
            assert getattr(work, field) == expected[field]
    if "type" in expected:
        assert work.type is expected["type"]
    assert work.host_title == expected.get("host")


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_sniffs_as_ris(name):
    assert sniff(Source(str(corpus_path(name)))) == "ris"


def test_web_of_science_file_named_ris_is_sniffed_as_wos():
    path = corpus_path(WOS_IN_DISGUISE)
    assert sniff(Source(str(path))) == "wos"
    assert read(path) == []  # no TY line: nothing RIS in it
    records = list(read_wos(Source(str(path))))
    assert [r.source_id for r in records] == ["WOS:000221807500019", "WOS:000221807500020"]


# -- fixtures of our own ------------------------------------------------------------------

def test_mixed_fixture_bom_crlf_errors_and_missing_final_er():
    items = read(DATA / "mixed.ris")
    assert [type(i).__name__ for i in items] == ["Record", "InputError", "InputError", "Record"]
    first, no_title, no_type, last = items
    work = first.work
    assert first.line == 3 and first.source_id == "15948534"
    assert work.title == "Hormone receptor status in early breast cancer"  # continuation line
    assert [(c.given, c.family) for c in work.contributors] == [("Nicoletta", "Zilembo"),
                                                                ("Paolo", "Bidoli")]
    assert work.issued.isoformat() == "2005-01-29"  # DA is more precise than PY "2005///"
    assert (work.page_start, work.page_end, work.num_pages) == ("103", "112", 10)
    assert (work.venue.title, work.venue.abbreviation) == ("Tumori", "Tumori J")
    assert (work.venue.issn, work.venue.eissn) == ("0300-8916", "2038-2529")
    assert work.doi == "10.1177/030089160509100201" and work.pmid == "15948534"
    assert work.language == "en" and work.status == (Status.PUBLISHED,)
    assert [(s.label, s.major) for s in work.subjects] == [("Breast Neoplasms", False),
                                                          ("Receptors, Estrogen", True)]
    assert (no_title.record, no_title.line, no_title.message) == (2, 27, "no title")
    assert no_type.record == 3 and "no TY line" in no_type.message
    assert last.index == 4 and last.work.title == "A book whose file ends without ER"
    assert last.work.contributors[0].name == "First Last Jr."
    assert last.work.issued.isoformat() == "2015-10"


# -- exports with other habits (tests/data/real, see its SOURCES.md) -------------------------

REAL = ROOT / "tests" / "data" / "real" / "ris"


def test_tag_lines_with_one_space_before_the_dash():
    """Zotero's RIS test case 3 writes 'TY - JOUR', 'AU - CASTOE, TODD A.', … 'ER -'."""
    path = REAL / "zotero__RIS_3.ris"
    assert sniff(Source(str(path))) == "ris"
    (record,) = read(path)
    work = record.work
    assert work.type is WorkType.JOURNAL_ARTICLE and work.title.startswith("Rapid identification")
    assert [c.family for c in work.contributors][:2] == ["CASTOE", "POOLE"]
    assert (work.venue.title, work.venue.issn) == ("Molecular Ecology Resources", "1755-0998")
    assert work.doi == "10.1111/j.1755-0998.2009.02750.x"


@pytest.mark.parametrize("type_line", ["TY  -  BOOK", "TY  - BOOK  ", "TY - BOOK"])
def test_type_lines_spaced_otherwise(type_line):
    (record,) = _read_text(f"{type_line}\nTI  - A Book\nER  - \n")
    assert (record.work.type, record.work.title) == (WorkType.BOOK, "A Book")


@pytest.mark.parametrize(("name", "series"), [
    ("jabref__RisImporterTest3.ris", "Digital Imaging and Computer Vision"),  # CHAP, T3
    ("zotero__RIS_6.ris", "Bibliothek des Eigentums"),  # BOOK, T2 (as Zotero reads it)
])
def test_a_series_is_not_a_journal(name, series):
    (record,) = read(REAL / name)
    assert (record.work.venue.title, record.work.venue.series) == (series, True)


def test_a_thesis_series():
    """Written here (no real thesis with T3 at hand): the series of a thesis, with its ISSN."""
    (record,) = _read_text("TY  - THES\nTI  - A Thesis\nT3  - Studies in Tests\n"
                           "SN  - 0000-0019\nER  - \n")
    venue = record.work.venue
    assert (venue.title, venue.series, venue.issn) == ("Studies in Tests", True, "0000-0019")


@pytest.mark.parametrize(("text", "iso"), [
    ("2005/01/29/", "2005-01-29"), ("2005///", "2005"), ("1948/07//", "1948-07"),
    ("2001/00/00/", "2001"), ("2015/october", "2015-10"), ("2016/01/", "2016-01"),
    ("1 Jan.-Feb. 2019", "2019-01"), ("2013/02/15/received", "2013-02-15"),
    ("///", None), ("YEAR/MONTH/DAY/", None), ("99", None),
])
def test_ris_dates(text, iso):
    date = _ris_date(text)
    assert (date.isoformat() if date else None) == iso


def test_empty_and_binary_files_raise_input_error(tmp_path):
    empty = tmp_path / "empty.ris"
    empty.write_bytes(b"\n\n")
    with pytest.raises(InputError, match="empty"):
        read(empty)
    binary = tmp_path / "binary.ris"
    binary.write_bytes(b"\x00\x01\x02TY  - JOUR\x00" * 100)
    with pytest.raises(InputError, match="binary"):
        read(binary)


# -- properties ---------------------------------------------------------------------------

def _read_text(text: str) -> list:
    return read_text(read_ris, text, ".ris", refused_as_empty=True)


_RIS_PIECES = st.sampled_from(["TY  - ", "ER  - ", "AU  - ", "TI  - ", "PY  - ", "SP  - ",
                               "EP  - ", "SN  - ", "DO  - ", "KW  - ", "\n", "JOUR", "/", "-",
                               "2005", "a, b", "10.1/x", "  ", "*", "[pmid]", "(Electronic)",
                               "TY - ", "ER -", "T3  - ", "AN  - WOS:", "2-s2.0-", "(ISSN)",
                               "0-306-40615-2", "UR  - https://arxiv.org/abs/", "2003.11901"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_RIS_PIECES, max_size=120).map("".join))
def test_random_ris_like_text_only_gives_input_errors(text):
    for item in _read_text(text):
        assert isinstance(item, (Record, InputError))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_ris_date_never_raises(text):
    date = _ris_date(text)
    assert date is None or 1 <= date.year <= 9999


@given(st.text(max_size=400))
def test_sniff_gives_a_score_for_any_head(head):
    assert 0 <= sniff_ris(head) <= 100
