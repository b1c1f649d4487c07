"""The Web of Science reader: corpus counts, the bad file, spot checks, sniffing, damage, properties."""

from __future__ import annotations

from pathlib import Path
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Identifier, Record, Status, WorkType
from kg.readers import sniff
from kg.readers.source import Source
from kg.readers.wos import read_wos
from kg.readers.wos import sniff as sniff_wos
from tests.reader_helpers import read_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "wos_txt"
DATA = ROOT / "tests" / "data" / "wos"

COUNTS = {  # records (ER lines), from PROVENANCE.md
    "bibliometrix__wos_sample.txt": 8,
    "jabref__IsiImporterTest2.isi": 3,
    "jabref__IsiImporterTestInspec.isi": 2,
    "jabref__IsiImporterTestMedline.isi": 2,
    "jabref__IsiImporterTestWOS.isi": 2,
    "metaknowledge__ManyAuthors.isi": 500,
    "metaknowledge__OnePaper.isi": 1,
    "metaknowledge__TwoPaper.isi": 2,
    "metaknowledge__badFile.isi": 32,
    "metaknowledge__savedrecs.txt": 32,
    "metaknowledge__testFile.isi": 34,
}
BAD_FILE = "metaknowledge__badFile.isi"


def corpus_path(name: str) -> Path:
    if not FOLDER.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    return FOLDER / name


def read(path: Path | str) -> list[Record | InputError]:
    return list(read_wos(Source(str(path))))


@pytest.mark.parametrize("name", sorted(set(COUNTS) - {BAD_FILE}))
def test_corpus_file_reads_completely(name):
    items = read(corpus_path(name))
    assert [i for i in items if isinstance(i, InputError)] == []
    assert len(items) == COUNTS[name]
    assert [r.index for r in items] == list(range(1, len(items) + 1))


def test_every_corpus_file_is_counted():
    corpus_path("")
    assert {p.name for p in FOLDER.iterdir() if p.suffix != ".md"} == set(COUNTS)


def test_bad_file():
    """metaknowledge's badFile.isi is savedrecs.txt damaged twice.

    Its first record lost the "CR" tag line, so the cited references continue the C1
    addresses (and a lone CR line follows NR); the file ends after the last ER without the
    EF line. The references are recognised and kept out of the affiliations; the missing EF
    is reported after the 32 complete records as a file-level InputError.
    """
    items = read(corpus_path(BAD_FILE))
    records = [i for i in items if isinstance(i, Record)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(records) == 32 and len(errors) == 1
    assert items[-1] is errors[0]
    assert "without the EF line" in errors[0].message and errors[0].line == 2070
    assert str(errors[0]).startswith(str(corpus_path(BAD_FILE)) + ":2070: ")
    first = records[0].work
    assert [o.name for o in first.contributors[0].affiliations] == [
        "UNIV TRONDHEIM,INST THEORET PHYS,N-7034 TRONDHEIM,NORWAY.",
        "LUFTKRIGSSKOLEN,TRONDHEIM MIL 7000,NORWAY."]
    good = read(corpus_path("metaknowledge__savedrecs.txt"))
    assert [r.work for r in records] == [r.work for r in good]


SPOT = [
    ("bibliometrix__wos_sample.txt", 1, dict(
        ut="WOS:001702577900001",
        title="Mapping the application of Geographic Information System (GIS) in real estate: "
              "a bibliometric analysis using bibliometrix and QGIS",
        author=("Ming Liang Toh", "Ming Liang", "Toh", "ML"), date="2026-02-25",
        venue="SURVEY REVIEW", issn=("0039-6265", "1752-2706"), volume=None, issue=None,
        pages=(None, None), doi="10.1080/00396265.2026.2635057", pmid=None,
        types=("Article", "Early Access"))),
    ("bibliometrix__wos_sample.txt", 3, dict(
        ut="WOS:000418020600003",
        title="bibliometrix: An R-tool for comprehensive science mapping analysis",
        author=("Massimo Aria", "Massimo", "Aria", "M"), date="2017-11",
        venue="JOURNAL OF INFORMETRICS", issn=("1751-1577", "1875-5879"), volume="11",
        issue="4", pages=("959", "975"), doi="10.1016/j.joi.2017.08.007", pmid=None,
        orcid="0000-0002-8517-9411")),
    ("jabref__IsiImporterTest2.isi", 1, dict(
        ut="INSPEC:8863438", title="Optical properties of MgO doped LiNbO/sub 3/ single crystals",
        author=("James Brown", "James", "Brown", "J"), date="2006", venue="Optical Materials",
        issn=(None, None), volume="28", issue="5", pages=(None, "472"), doi=None, pmid=None,
        types=(), type=WorkType.OTHER)),  # PT K, DT "-"
    ("jabref__IsiImporterTestInspec.isi", 1, dict(
        ut="INSPEC:9027814",
        title="Second harmonic generation of continuous wave ultraviolet light and production "
              "of beta -BaB/sub 2/O/sub 4/ optical waveguides",
        author=("R. Degl'Innocenti", "R.", "Degl'Innocenti", "R"), date="2006",
        venue="Applied Physics Letters", issn=("0003-6951", None), volume="89", issue="4",
        pages=("41103-1", "41103-41103-3"), doi=None, pmid=None)),
    ("jabref__IsiImporterTestMedline.isi", 2, dict(
        ut="MEDLINE:16735938",
        title="Estrogen therapy selectively enhances prefrontal cognitive processes: a "
              "randomized, double-blind, placebo-controlled study with functional magnetic "
              "resonance imaging in perimenopausal and recently postmenopausal women.",
        author=("Hadine Joffe", "Hadine", "Joffe", "H"), date="2006-05", venue="Menopause",
        issn=(None, None), volume="13", issue="3", pages=("411", "422"), doi=None,
        pmid="16735938")),
    ("jabref__IsiImporterTestWOS.isi", 1, dict(
        ut="ISI:000238592600006",
        title="Optical and photoelectric spectroscopy of photorefractive Sn2P2S6 crystals",
        author=("RV Gamernyk", "RV", "Gamernyk", "RV"), date="2006-06-14",
        venue="JOURNAL OF PHYSICS-CONDENSED MATTER", issn=("0953-8984", None), volume="18",
        issue="23", pages=("5323", "5331"), doi=None, pmid=None)),
    ("metaknowledge__ManyAuthors.isi", 1, dict(
        ut="WOS:000238878800002",
        title="Defining biochemical failure following radiotherapy with or without hormonal "
              "therapy in men with clinically localized prostate cancer: Recommendations of "
              "the RTOG-ASTRO Phoenix Consensus Conference",
        author=("Mack Roach III", "Mack", "Roach", "M"), date="2006-07-15",
        venue="INTERNATIONAL JOURNAL OF RADIATION ONCOLOGY BIOLOGY PHYSICS",
        issn=("0360-3016", None), volume="65", issue="4", pages=("965", "974"),
        doi="10.1016/j.ijrobp.2006.04.029", pmid="16798415")),
    ("metaknowledge__OnePaper.isi", 1, dict(
        ut="WOS:000317623000007",
        title="The Motion Behind the Symbols: A Vital Role for Dynamism in the "
              "Conceptualization of Limits and Continuity in Expert Mathematics",
        author=("Tyler Marghetis", "Tyler", "Marghetis", "T"), date="2013-04",
        venue="TOPICS IN COGNITIVE SCIENCE", issn=("1756-8757", None), volume="5", issue="2",
        pages=("299", "316"), doi="10.1111/tops.12013", pmid="23460466")),
    ("metaknowledge__TwoPaper.isi", 1, dict(
        ut="WOS:000086967200001", title="Supervenience and causation: A probabilistic approach",
        author=("S Kim", "S", "Kim", "S"), date="2000-03", venue="SYNTHESE",
        issn=("0039-7857", None), volume="122", issue="3", pages=("245", "259"),
        doi="10.1023/a:1005282128866", pmid=None)),
    ("metaknowledge__savedrecs.txt", 1, dict(
        ut="WOS:A1979GV55600001",
        title="EXPERIMENTS IN PHENOMENOLOGICAL ELECTRODYNAMICS AND THE ELECTROMAGNETIC "
              "ENERGY-MOMENTUM TENSOR",
        author=("I BREVIK", "I", "BREVIK", "I"), date="1979",
        venue="PHYSICS REPORTS-REVIEW SECTION OF PHYSICS LETTERS", issn=("0370-1573", None),
        volume="52", issue="3", pages=("133", "201"), doi="10.1016/0370-1573(79)90074-7",
        pmid=None, type=WorkType.REVIEW)),
    ("metaknowledge__testFile.isi", 6, dict(  # "AUGilles, H": the tag lost its space
        ut="WOS:000177484FG0017",
        title="Simple technique for measuring the Goos-Hanchen effect with polarization "
              "modulation and a position-sensitive detector",
        author=("H Gilles", "H", "Gilles", "H"), date="2002-08-15", venue="OPTICS LETTERS",
        issn=("0146-9592", None), volume="27", issue="16", pages=("1421", "1423"),
        doi="10.1364/ol.27.001421", pmid="18026466")),
    ("metaknowledge__badFile.isi", 2, dict(
        ut="WOS:A1977DW70300003",
        title="LONGITUDINAL AND TRANSVERSE DISPLACEMENTS OF A BOUNDED MICROWAVE BEAM AT TOTAL "
              "INTERNAL-REFLECTION",
        author=("JJ COWAN", "JJ", "COWAN", "JJ"), date="1977",
        venue="JOURNAL OF THE OPTICAL SOCIETY OF AMERICA", issn=("0030-3941", None),
        volume="67", issue="10", pages=("1307", "1314"), doi="10.1364/josa.67.001307",
        pmid=None)),
]


@pytest.mark.parametrize(("name", "index", "expected"), SPOT,
                         ids=[f"{s[0][:25]}#{s[1]}" for s in SPOT])
def test_spot_check(name, index, expected):
    record = read(corpus_path(name))[index - 1]
    assert isinstance(record, Record) and record.source_id == expected["ut"]
    work = record.work
    assert work.title == expected["title"]
    first = work.contributors[0]
    assert (first.name, first.given, first.family, first.initials) == expected["author"]
    assert first.orcid == expected.get("orcid")
    assert work.issued.isoformat() == expected["date"]
    assert work.venue.title == expected["venue"]
    assert (work.venue.issn, work.venue.eissn) == expected["issn"]
    assert (work.volume, work.issue) == (expected["volume"], expected["issue"])
    assert (work.page_start, work.page_end) == expected["pages"]
    assert (work.doi, work.pmid) == (expected["doi"], expected["pmid"])
    assert work.type is expected.get("type", WorkType.JOURNAL_ARTICLE)
    if "types" in expected:
        assert work.publication_types == expected["types"]
    assert work.status == (Status.PUBLISHED,)


def test_affiliations_orcids_and_groups_in_a_large_file():
    records = read(corpus_path("metaknowledge__ManyAuthors.isi"))
    people = [c for r in records for c in r.work.contributors]
    assert sum(1 for c in people if c.orcid) == 37  # every OI entry found its author
    assert sum(1 for c in people if c.collective) == 17  # CA group authors
    assert sum(1 for c in people if c.affiliations) > 1000


@pytest.mark.parametrize("name", sorted(set(COUNTS) - {BAD_FILE}))
def test_a_web_of_science_ut_is_the_wos_identifier(name):
    """"WOS:…" and the older "ISI:…" give "WOS:…"; MEDLINE and INSPEC accession numbers none."""
    for record in read(corpus_path(name)):
        database, _, number = (record.source_id or "").partition(":")  # one has no UT
        expected = (Identifier(scheme="wos", value=f"WOS:{number}"),) if database in (
            "WOS", "ISI") else ()
        assert record.work.identifiers == expected


def test_family_first_full_names_are_split_where_the_short_form_says():
    """AF "Zhang Zhi-Wei" beside AU "Zhang, ZW" (savedrecs.txt, a Chinese Physics Letters paper):
    the family name is Zhang, as the AU line of the same author says."""
    records = read(corpus_path("metaknowledge__savedrecs.txt"))
    work = next(r.work for r in records if r.source_id == "WOS:000263601300039")
    assert [(c.name, c.given, c.family, c.initials) for c in work.contributors] == [
        ("Zhi-Wei Zhang", "Zhi-Wei", "Zhang", "ZW"), ("Ting-Dun Wen", "Ting-Dun", "Wen", "TD"),
        ("Ji-Long Zhang", "Ji-Long", "Zhang", "JL")]


def test_researcher_ids_and_orcids_go_to_their_authors():
    aria, cuccurullo = read(corpus_path("bibliometrix__wos_sample.txt"))[2].work.contributors
    # RI "; Aria, Massimo/O-7983-2015", OI "CUCCURULLO, Corrado/0000-…; Aria,\n   Massimo/0000-…"
    assert (aria.orcid, aria.identifiers) == (
        "0000-0002-8517-9411", (Identifier(scheme="researcherid", value="O-7983-2015"),))
    assert (cuccurullo.orcid, cuccurullo.identifiers) == ("0000-0002-7401-8575", ())
    people = [c for r in read(corpus_path("metaknowledge__ManyAuthors.isi"))
              for c in r.work.contributors]
    with_ids = [c for c in people if c.identifiers]
    # 116 RI entries; the others name no author of their record (WoS lists them all the
    # same), or a second id of an author who has one already
    assert len(with_ids) == 99
    assert all(i.scheme == "researcherid" and re.fullmatch(r"[A-Z]{1,3}-\d{4}-\d{4}", i.value)
               for c in with_ids for i in c.identifiers)


def test_a_chapter_in_a_book_series_has_the_series_as_its_venue():
    """PT S with SE "Annual Review of Sociology" and SO "ANNUAL REVIEW OF SOCIOLOGY, VOL 36"."""
    records = read(corpus_path("metaknowledge__ManyAuthors.isi"))
    work = next(r.work for r in records if r.work.title.startswith("Social Relationships and Health"))
    assert (work.venue.title, work.venue.issn, work.venue.series) == (
        "Annual Review of Sociology", "0360-0572", True)
    assert work.host_title == "ANNUAL REVIEW OF SOCIOLOGY, VOL 36"
    journal = next(r.work for r in records if r.source_id == "WOS:000238878800002")
    assert journal.venue.series is False


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_sniffs_as_wos(name):
    assert sniff(Source(str(corpus_path(name)))) == "wos"


# -- fixtures of our own ------------------------------------------------------------------

def test_damaged_fixture():
    items = read(DATA / "damaged.txt")
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Record", "InputError", "Record", "Record", "InputError"]
    work = items[0].work
    assert work.title == "Hormone receptor status in early breast cancer"
    assert work.abstract == "A test abstract that wraps onto a second line."
    people = work.contributors
    assert [(c.name, c.orcid, c.collective) for c in people] == [
        ("Nicoletta Zilembo", "0000-0002-1825-0097", False),
        ("Paolo Bidoli", "0000-0001-5109-3700", False),  # OI entry wrapped over two lines
        ("Lung Cancer Study Group", None, True)]
    assert [o.name for o in people[0].affiliations] == ["Ist Nazl Tumori, Milan, Italy.",
                                                        "Osped San Gerardo, Monza, Italy."]
    assert [o.name for o in people[1].affiliations] == ["Osped San Gerardo, Monza, Italy."]
    assert [s.label for s in work.subjects] == ["lung cancer", "chemotherapy",
                                                "RANDOMIZED-TRIAL"]
    assert work.type is WorkType.JOURNAL_ARTICLE
    assert work.publication_types == ("Article", "Proceedings Paper")
    assert (work.venue.issn, work.venue.eissn) == ("0300-8916", "2038-2529")
    assert work.issued.isoformat() == "2005-01-29" and work.num_pages == 10
    garbage = items[1]
    assert (garbage.record, garbage.line) == ("WOS:000000000000002", 37)
    assert "line 40 is neither" in garbage.message
    assert items[2].work.contributors[0].name == "Hubert Gilles"
    brevik = items[3].work.contributors[0]
    assert [o.name for o in brevik.affiliations] == [
        "UNIV TRONDHEIM,INST THEORET PHYS,N-7034 TRONDHEIM,NORWAY."]
    cut = items[4]
    assert (cut.record, cut.line) == (5, 66) and "no ER line" in cut.message


def test_missing_ef_is_reported_after_the_records():
    record, error = read(DATA / "no_ef.txt")
    assert record.source_id == "WOS:000000000000009"
    assert isinstance(error, InputError) and error.record is None and error.line == 8


def test_empty_and_binary_files_raise_input_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    with pytest.raises(InputError, match="empty"):
        read(empty)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"FN \x00\x01\x02\x03" * 200)
    with pytest.raises(InputError, match="binary"):
        read(binary)


# -- properties ---------------------------------------------------------------------------

def _read_text(text: str) -> list:
    return read_text(read_wos, text, ".txt", refused_as_empty=True)


_WOS_PIECES = st.sampled_from(["FN x\n", "VR 1.0\n", "PT J\n", "AU ", "AF ", "TI ", "C1 ",
                               "OI ", "PY ", "PD ", "BP ", "UT ", "ER\n", "EF\n", "   ", "\n",
                               "[a, b; c] ", "Kim, S", "/0000-0002-1825-0097", "2005",
                               "Abraham M., 1909, X, V1, P1", "AUx", ";", "JAN-FEB"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WOS_PIECES, max_size=120).map("".join))
def test_random_wos_like_text_only_gives_input_errors(text):
    for item in _read_text(text):
        assert isinstance(item, (Record, InputError))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_fixture_only_gives_input_errors(data):
    lines = (DATA / "damaged.txt").read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(lines)))
        action = data.draw(st.sampled_from(["drop", "dup", "indent", "glue"]))
        if action == "drop" and at < len(lines):
            del lines[at]
        elif action == "dup" and at < len(lines):
            lines.insert(at, lines[at])
        elif action == "indent" and at < len(lines):
            lines[at] = "   " + lines[at]
        elif action == "glue" and at < len(lines):
            lines[at] = lines[at].replace(" ", "", 1)
    for item in _read_text("\n".join(lines)):
        assert isinstance(item, (Record, InputError))


@given(st.text(max_size=400))
def test_sniff_gives_a_score_for_any_head(head):
    assert 0 <= sniff_wos(head) <= 100
