"""The MEDLINE tagged-text reader: the shared corpus, hand-made fixtures and fuzzing."""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Record, Status, Subject, WorkType
from kg.readers import Source, sniff
from kg.readers.medline import mesh_heading, read_medline
from kg.readers.medline import sniff as sniff_medline
from tests.reader_helpers import WORK_FIELDS, assert_sniffs_only_as, write_temp

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "medline_txt"
DATA = ROOT / "tests" / "data" / "medline"

# file → (records with a PMID line, as PROVENANCE.md counts them; all records the reader
# returns, a record being any blank-line separated block of fields; of which bad ones).
EXPECTED = {
    "biopython__pubmed_result2.txt": (4, 4, 0),
    "jabref__MedlinePlainImporterTestCompleteEntry.txt": (1, 1, 0),
    # a fragment without PMID whose only title line is empty: one record, "no title"
    "jabref__MedlinePlainImporterTestMultiAbstract.txt": (0, 1, 1),
    # a fragment without PMID: one book record with five TI lines joined
    "jabref__MedlinePlainImporterTestMultiTitle.txt": (0, 1, 0),
    # 5 PMID records (4 of them have no title), the MultiAbstract and MultiTitle fragments,
    # and a free-text line between records that is not a record
    "jabref__MedlinePlainImporterTestMultipleEntries.txt": (5, 7, 5),
    "jabref__NbibImporterTest.nbib": (1, 1, 0),
    "metaknowledge__medline_test.medline": (175, 175, 0),
}

SPOT = {
    ("biopython__pubmed_result2.txt", "16403221"): dict(
        title="A high level interface to SCOP and ASTRAL implemented in python.",
        first=("Casbon", "James A", "JA"), year=2006, doi="10.1186/1471-2105-7-10",
        pmcid="PMC1373603", journal="BMC bioinformatics", eissn="1471-2105", volume="7",
        pages=("10", None), status=(Status.PUBLISHED,),
        first_affiliation="Bioinformatics, Institute of Cell and Molecular Science, School of "
                          "Medicine and Dentistry, Queen Mary, University of London, London "
                          "EC1 6BQ, UK. j.a.casbon@qmul.ac.uk"),
    ("biopython__pubmed_result2.txt", "16377612"): dict(
        first=("Pritchard", "Leighton", "L"), year=2006, month=3, day=1, issn="1367-4803",
        volume="22", issue="5", pages=("616", "617"), doi="10.1093/bioinformatics/btk021"),
    ("jabref__MedlinePlainImporterTestCompleteEntry.txt", "20481061"): dict(
        title="From danger and motherhood to health and beauty: health advice for the factory "
              "girl in early twentieth-century Britain.",
        first=("Long", "Vicky", "V"), year=2009, journal="20 century British history",
        abbreviation="20 Century Br Hist", issn="0955-2359", volume="20", issue="4",
        pages=("454", "481"), pmcid="PMC4513071", abstract="Lorem ipsum abstract",
        mesh_major=["Occupational Health", "Reproductive Medicine", "Women, Working"]),
    ("jabref__MedlinePlainImporterTestMultiTitle.txt", None): dict(
        title="This is a Testtitle This title should be appended: This title should also be "
              "appended. Another append to the Title? LastTitle", type=WorkType.BOOK),
    ("jabref__MedlinePlainImporterTestMultipleEntries.txt", "20481061"): dict(
        first=("Long", "Vicky", "V"), year=2009, pages=("454", "481")),
    ("jabref__NbibImporterTest.nbib", "27169098"): dict(
        title="Proteomics: A new perspective for cancer.",
        first=("Shruthi", "Basavaradhya Sahukar", "BS"), year=2016,
        doi="10.4103/2277-9175.180636", journal="Advanced biomedical research",
        eissn="2277-9175", volume="5", pages=("67", None), type=WorkType.REVIEW,
        keywords=["Biomarkers", "electrophoresis", "neoplasia", "spectrometry", "translation"]),
    ("metaknowledge__medline_test.medline", "26524502"): dict(
        title="Bioinformatic survey of ABC transporters in dermatophytes.",
        first=("Gadzalski", "Marek", "M"), year=2016, month=1, day=15,
        doi="10.1016/j.gene.2015.10.064", journal="Gene", eissn="1879-0038", volume="576",
        issue="1 Pt 3", pages=("466", "475")),
    ("metaknowledge__medline_test.medline", "26516810"): dict(
        first=("Visco", "Anthony G", "AG"), year=2016, month=1, volume="22", issue="1",
        pages=("24", "28"), pmcid="PMC4684726", last_collective="Pelvic Floor Disorders Network",
        journal="Female pelvic medicine & reconstructive surgery"),
    ("metaknowledge__medline_test.medline", "26433648"): dict(
        first=("Oberbeckmann-Winter", "Nicola", "N"), orcid="0000-0001-9778-1920"),
}


def _corpus_file(name: str) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    return FOLDER / name


def read_all(path: Path | str) -> list[Record | InputError]:
    return list(read_medline(Source(str(path))))


def _write(data: bytes, suffix: str = ".txt") -> Path:
    return write_temp(data, suffix)


def _has_pmid(item: Record | InputError) -> bool:
    return bool(item.work.pmid) if isinstance(item, Record) else isinstance(item.record, str)


# -- the corpus --------------------------------------------------------------------------

def test_every_corpus_file_is_expected():
    folder = _corpus_file("")
    assert {p.name for p in folder.iterdir() if p.name != "PROVENANCE.md"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_with_expected_counts(name):
    items = read_all(_corpus_file(name))
    with_pmid, total, bad = EXPECTED[name]
    assert sum(1 for item in items if _has_pmid(item)) == with_pmid
    assert len(items) == total
    errors = [item for item in items if isinstance(item, InputError)]
    assert len(errors) == bad
    for error in errors:
        assert error.path == str(FOLDER / name) and error.line and error.record is not None
        assert "no title" in str(error)
    for record in (item for item in items if isinstance(item, Record)):
        assert record.source == "medline" and record.work.title and record.line
        assert record.source_id == record.work.pmid


@pytest.mark.parametrize(("name", "pmid"), sorted(SPOT, key=str))
def test_corpus_spot_check(name, pmid):
    records = [r for r in read_all(_corpus_file(name)) if isinstance(r, Record)]
    work = next(r.work for r in records if r.work.pmid == pmid)
    want = SPOT[(name, pmid)]
    first = work.contributors[0] if work.contributors else None
    checks = {
        **WORK_FIELDS,
        "first": lambda work: (first.family, first.given, first.initials),
        "orcid": lambda work: first.orcid,
        "first_affiliation": lambda work: first.affiliations[0].name,
        "last_collective": lambda work: (work.contributors[-1].name if work.contributors[-1].collective
                                         else None),
        "abbreviation": lambda work: work.venue.abbreviation,
        "mesh_major": lambda work: [s.label for s in work.subjects if s.scheme == "mesh" and s.major],
    }
    for key, value in want.items():
        assert checks[key](work) == value, key


def test_corpus_details():
    items = read_all(_corpus_file("jabref__MedlinePlainImporterTestMultipleEntries.txt"))
    book = items[2]
    assert isinstance(book, Record) and book.work.pmid is None and book.line == 77
    assert book.work.issued.isoformat() == "2010-06"  # "DP  - 2010   06"
    no_pmid_error = items[1]
    assert no_pmid_error.record == 2 and no_pmid_error.line == 55  # named by its position
    biopython = read_all(_corpus_file("biopython__pubmed_result2.txt"))
    abstract = biopython[0].work.abstract
    assert abstract.startswith("BACKGROUND: Benchmarking algorithms") and "  " not in abstract
    assert "RESULTS: We have designed" in abstract


# -- sniffing ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_sniffs_as_medline(name):
    assert_sniffs_only_as(_corpus_file(name), "medline")


def test_sniff_refuses_ris_and_web_of_science():
    assert sniff_medline("TY  - JOUR\nTI  - A title\nAU  - Doe, J\nER  - \n") == 0
    assert sniff_medline("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nDT -\n") == 0
    assert sniff_medline("<?xml version='1.0'?>\n<PubmedArticleSet>") == 0
    assert sniff_medline("\nPMID- 123\nTI  - x\n") == 95


def test_fixtures_sniff_as_medline():
    for name in ("mixed.txt", "no_pmid.txt"):
        assert sniff(Source(str(DATA / name))) == "medline"


# -- hand-made fixtures ------------------------------------------------------------------

def test_fixture_fields_and_bad_record_in_the_middle():
    first, bad, third, chapter = read_all(DATA / "mixed.txt")
    assert isinstance(bad, InputError)
    assert (bad.record, bad.line) == ("33333333", 45)
    assert str(bad) == f"{DATA / 'mixed.txt'}:45 (record 33333333): no title"

    work = first.work
    assert (first.index, first.line, first.source_id) == (1, 2, "11111111")
    assert work.title == ("Adjuvant CMF in node-positive breast cancer: a randomized trial with "
                          "long follow-up.")
    assert work.abstract.endswith("Twelve cycles of CMF. RESULTS: Relapse-free survival improved.")
    assert work.type is WorkType.CASE_REPORT and work.status == (Status.PUBLISHED,)
    assert work.issued.isoformat() == "1998-12"
    assert (work.page_start, work.page_end, work.num_pages) == ("103", "112", 10)
    assert (work.doi, work.pmcid, work.language) == ("10.9999/medline.1", "PMC1234567", "en")
    assert (work.venue.issn, work.venue.eissn, work.venue.abbreviation) == (
        "0284-186X", "1651-226X", "Acta Oncol")
    bonadonna, broek, group = work.contributors  # the investigator is not an author
    # an AD before the first author is the first author's (pre-2014 MEDLINE)
    assert bonadonna.affiliations[0].name == "Istituto Nazionale Tumori, Milan, Italy."
    assert bonadonna.orcid == "0000-0002-1825-0097"
    assert (broek.name, broek.given, broek.family, broek.initials) == (
        "J A van den Broek Jr", "J A", "van den Broek", "JA")
    assert len(broek.affiliations) == 2
    assert group.collective and not group.affiliations
    assert Subject(scheme="mesh", label="Breast Neoplasms", major=True) in work.subjects
    assert Subject(scheme="mesh", label="Humans", major=False) in work.subjects
    assert Subject(scheme="keyword", label="adjuvant chemotherapy") in work.subjects

    old = third.work
    assert [(c.name, c.given, c.initials) for c in old.contributors] == [
        ("G Bonadonna", None, "G"), ("E Brusamolino", None, "E")]
    assert old.issued.isoformat() == "1976-02-19"
    assert old.doi == "10.1056/nejm197602192940801"
    assert old.type is WorkType.JOURNAL_ARTICLE

    # a second PMID line starts a record even without a blank line before it
    assert chapter.source_id == "55555555" and chapter.work.type is WorkType.CHAPTER
    assert chapter.work.host_title == "Holland-Frei Cancer Medicine"
    assert chapter.work.publisher == "BC Decker" and chapter.work.contributors == ()


def test_line_endings_encoding_and_gzip():
    text = (DATA / "mixed.txt").read_bytes()
    plain = [getattr(r, "work", None) for r in read_all(DATA / "mixed.txt")]
    crlf = read_all(_write(text.replace(b"\n", b"\r\n")))
    assert [getattr(r, "work", None) for r in crlf] == plain
    zipped = read_all(_write(gzip.compress(text), ".txt.gz"))
    assert [getattr(r, "work", None) for r in zipped] == plain
    latin = read_all(_write("PMID- 1\nTI  - Caf\u00e9 au lait\n".encode("cp1252")))
    assert latin[0].work.title == "Café au lait"


def test_bad_files_raise_input_error():
    with pytest.raises(InputError, match="empty"):
        read_all(_write(b"\n\n"))
    with pytest.raises(InputError, match="binary"):
        read_all(_write(bytes(range(256)) * 4))
    with pytest.raises(InputError, match="no such file"):
        read_all("/nonexistent/records.nbib")
    # truncated mid-record: what is there is read; a cut title stays as it is
    cut = read_all(_write((DATA / "mixed.txt").read_bytes()[:300]))
    assert cut[0].work.pmid == "11111111" and cut[0].work.contributors == ()


def test_streams_record_by_record():
    stream = read_medline(Source(str(DATA / "mixed.txt")))
    assert next(stream).source_id == "11111111"  # a generator: nothing read past the record


# -- normalisers and fuzzing -------------------------------------------------------------

@pytest.mark.parametrize(("text", "label", "major"), [
    ("Humans", "Humans", False),
    ("*Software", "Software", True),
    ("Occupational Health/*history", "Occupational Health", True),
    ("Women, Working/*history/psychology", "Women, Working", True),
    ("Employment/psychology", "Employment", False),
])
def test_mesh_heading(text, label, major):
    assert mesh_heading(text) == (label, major)


@given(st.text(max_size=40))
def test_mesh_heading_is_idempotent(text):
    label, _ = mesh_heading(text)
    if label is not None:
        assert mesh_heading(label)[0] == label


_TAGS = ["PMID", "TI", "AB", "FAU", "AU", "AD", "AUID", "CN", "DP", "PG", "VI", "IP", "TA",
         "JT", "IS", "LA", "PT", "MH", "OT", "AID", "LID", "PMC", "PST", "BTI", "CTI", "PB",
         "IR", "FED", "XX"]
_VALUE = st.text(alphabet="ab AZ019-/*,.:[]()ORCIDdoi\t", max_size=30)
_LINE = st.one_of(
    st.builds(lambda tag, pad, value: f"{tag}{' ' * pad}- {value}",
              st.sampled_from(_TAGS), st.integers(0, 3), _VALUE),
    _VALUE.map(lambda v: "      " + v),
    st.just(""),
    st.text(max_size=20),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_medline_text_only_raises_input_error(lines, newline):
    path = _write(newline.join(lines).encode("utf-8", errors="surrogatepass"))
    try:
        for item in read_medline(Source(str(path))):
            assert isinstance(item, Record | InputError)
            if isinstance(item, Record):
                assert item.work.title
    except InputError:
        pass
    finally:
        path.unlink()
