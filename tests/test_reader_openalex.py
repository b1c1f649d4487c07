"""The OpenAlex reader: JSON pages and works, JSON Lines, the CSV export, bad input, fuzzing."""

from __future__ import annotations

from functools import partial
import json
from pathlib import Path
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Identifier, PartialDate, Status, WorkType
from kg.readers import sniff
from kg.readers.openalex import read_openalex
from kg.readers.openalex_csv import is_openalex_csv
from kg.readers.source import Source
from tests.reader_helpers import assert_folder_lists
from tests.reader_helpers import corpus_file as folder_file
from tests.reader_helpers import only_records_or_input_errors, read_text, split_reader

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "openalex"
DATA = ROOT / "tests" / "data" / "openalex"

# records per file, as openalex/PROVENANCE.md gives them (the CSV: "8 rows x 30 cols")
EXPECTED = {
    "openalex-python__W2741809807.json": 1,
    "openalex-python__W-api-response.json": 1,
    "openalexPro__keypaper_results_page_1.json": 2,
    "openalexPro__json_chunk_1_results_page_1.json": 50,
    "bibliometrix__openalex_sample.csv": 8,
}


corpus_file = partial(folder_file, FOLDER)
read_all = split_reader(read_openalex)


def test_every_corpus_file_is_listed():
    assert_folder_lists(FOLDER, EXPECTED, (".json", ".csv"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_with_the_documented_count(name):
    records, errors = read_all(corpus_file(name))
    assert errors == []
    assert len(records) == EXPECTED[name]
    assert [r.index for r in records] == list(range(1, len(records) + 1))
    assert all(r.source == "openalex" and r.source_id.startswith("W") for r in records)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_sniffs_as_openalex(name):
    assert sniff(Source(str(corpus_file(name)))) == "openalex"


# (file, 1-based record, expected values) read by eye from the files
SPOT = [
    ("openalex-python__W2741809807.json", 1, dict(
        id="W2741809807",
        title="The state of OA: a large-scale analysis of the prevalence and impact of Open "
              "Access articles",
        author="Heather Piwowar", orcid="0000-0003-1613-5981", ror="05ppvf150",
        issued=PartialDate(year=2018, month=2, day=13), doi="10.7717/peerj.4375",
        pmid="29456894", pmcid="PMC5815332", journal="PeerJ", volume="6", issue=None,
        pages=("e4375", "e4375"), abstract="Despite growing interest in Open Access (OA) to "
                                           "scholarly literature, there is an unmet need")),
    ("openalex-python__W-api-response.json", 1, dict(
        id="W2755950973",
        title="GW170104: Observation of a 50-Solar-Mass Binary Black Hole Coalescence at "
              "Redshift 0.2",
        author="B. P. Abbott", ror="05dxps055", issued=PartialDate(year=2017, month=6, day=1),
        doi="10.1103/physrevlett.118.091101", journal="Physical Review Letters",
        volume="118", issue="22", pages=("221101", "221101"),
        abstract="We present the observation of GW170104 a gravitational wave signal")),
    ("openalexPro__keypaper_results_page_1.json", 1, dict(
        id="W2755950973",
        title="bibliometrix : An R-tool for comprehensive science mapping analysis",
        author="Massimo Aria", issued=PartialDate(year=2017, month=9, day=12),
        doi="10.1016/j.joi.2017.08.007", journal="Journal of Informetrics", volume="11",
        issue="4", pages=("959", "975"))),
    ("openalexPro__json_chunk_1_results_page_1.json", 3, dict(
        id="W2125576237",
        title="Integrating Agricultural Landscapes with Biodiversity Conservation in the "
              "Mesoamerican Hotspot",
        issued=PartialDate(year=2008, month=2, day=1), doi="10.1111/j.1523-1739.2007.00863.x",
        pmid="18254848", journal="Conservation Biology", volume="22", issue="1",
        pages=("8", "15"), mesh=("D044822", "Biodiversity", True))),
    ("bibliometrix__openalex_sample.csv", 1, dict(
        id="W2755950973",
        title="bibliometrix : An R-tool for comprehensive science mapping analysis",
        author="Massimo Aria", orcid="0000-0002-8517-9411",
        issued=PartialDate(year=2017, month=9, day=12), doi="10.1016/j.joi.2017.08.007",
        journal="Journal of Informetrics", issn="1751-1577", volume=None, issue=None,
        affiliation="University of Naples Federico II")),
    ("bibliometrix__openalex_sample.csv", 6, dict(
        id="W4223592677",
        title="Exploring machine learning: a scientometrics approach using bibliometrix and "
              "VOSviewer",
        author="David Opeoluwa Oyewola", issued=PartialDate(year=2022, month=4, day=11),
        doi="10.1007/s42452-022-05027-7", pmid="35434524", journal="SN Applied Sciences",
        abstract="Machine Learning has found application in solving complex problems")),
]


@pytest.mark.parametrize("name,index,expected", SPOT, ids=[f"{s[0]}#{s[1]}" for s in SPOT])
def test_corpus_spot_check(name, index, expected):
    records, _ = read_all(corpus_file(name))
    record = records[index - 1]
    work = record.work
    assert record.source_id == expected["id"]
    assert work.title == expected["title"]
    assert work.issued == expected["issued"]
    assert work.doi == expected["doi"]
    assert work.pmid == expected.get("pmid")
    assert (work.venue.title if work.venue else None) == expected["journal"]
    if "author" in expected:
        first = work.contributors[0]
        assert first.name == expected["author"] and first.given is None
    if "orcid" in expected:
        assert work.contributors[0].orcid == expected["orcid"]
    if "ror" in expected:
        assert work.contributors[0].affiliations[0].ror == expected["ror"]
    if "affiliation" in expected:
        assert work.contributors[0].affiliations[0].name == expected["affiliation"]
    for field in ("volume", "issue", "pmcid"):
        if field in expected:
            assert getattr(work, field) == expected[field], field
    if "issn" in expected:
        assert work.venue.issn == expected["issn"]
    if "pages" in expected:
        assert (work.page_start, work.page_end) == expected["pages"]
    if "abstract" in expected:
        assert work.abstract.startswith(expected["abstract"])
    if "mesh" in expected:
        code, label, major = expected["mesh"]
        heading = next(s for s in work.subjects if s.code == code)
        assert (heading.scheme, heading.label, heading.major) == ("mesh", label, major)


def test_corpus_types_and_statuses():
    records, _ = read_all(corpus_file("openalexPro__json_chunk_1_results_page_1.json"))
    types = {r.work.type for r in records}
    assert {WorkType.JOURNAL_ARTICLE, WorkType.BOOK, WorkType.EDITORIAL, WorkType.LETTER,
            WorkType.REPORT, WorkType.OTHER} <= types
    ssrn = next(r.work for r in records if r.source_id == "W2171769921")
    assert ssrn.venue.title == "SSRN Electronic Journal" and ssrn.status == ()  # repository
    science = next(r.work for r in records if r.source_id == "W1596800530")
    assert science.status == (Status.PUBLISHED,)
    headings = [s for s in science.subjects if s.scheme == "mesh"]
    assert len({s.code for s in headings}) == len(headings)  # one subject per descriptor
    book = next(r.work for r in records if r.source_id == "W49044230")
    assert book.venue is None and book.publisher == "Cambridge University Press"
    # "Abstract" scraped in front of the text is dropped
    forest = next(r.work for r in records if r.source_id == "W2059349207")
    assert forest.abstract.startswith("Forest management practices have led")


def test_csv_institutions_only_when_one_per_author():
    records, _ = read_all(corpus_file("bibliometrix__openalex_sample.csv"))
    # row 3: two authors and four institution entries: which is whose cannot be told
    assert all(c.affiliations == () for c in records[2].work.contributors)
    # row 7: "A|A||B" for four authors: one (or none) each
    campra = records[6].work.contributors
    assert [len(c.affiliations) for c in campra] == [1, 1, 0, 1]
    assert [r.line for r in records] == list(range(2, 10))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_work_and_author_ids_are_bare_openalex_identifiers(name):
    records, _ = read_all(corpus_file(name))
    for record in records:
        assert record.work.identifiers == (Identifier(scheme="openalex", value=record.source_id),)
        for author in record.work.contributors:
            [author_id] = author.identifiers
            assert author_id.scheme == "openalex" and re.fullmatch(r"A\d+", author_id.value)


def test_author_ids_and_orcids_stay_with_their_authors():
    records, _ = read_all(corpus_file("bibliometrix__openalex_sample.csv"))
    aria, cuccurullo = records[0].work.contributors  # "Massimo Aria|Corrado Cuccurullo"
    assert (aria.name, aria.identifiers[0].value, aria.orcid) == (
        "Massimo Aria", "A5069892096", "0000-0002-8517-9411")
    assert (cuccurullo.identifiers[0].value, cuccurullo.orcid) == ("A5049136342",
                                                                    "0000-0002-7401-8575")
    path = corpus_file("openalex-python__W2741809807.json")
    [record] = read_all(path)[0]
    given = json.loads(path.read_text(encoding="utf-8"))["authorships"][0]["author"]["id"]
    assert record.work.contributors[0].identifiers[0].value == given.rpartition("/")[2]


# -- fixtures -------------------------------------------------------------------------------

def test_json_lines_with_untitled_work():
    records, errors = read_all(DATA / "works.jsonl")
    assert [r.line for r in records] == [1, 3]
    first = records[0].work
    assert first.title == "Nivolumab in EGFR mutant NSCLC"
    assert first.abstract == "Ten patients (40%) responded."
    assert (first.pmid, first.pmcid, first.doi) == ("33000001", "PMC7654321", "10.5555/oa.1")
    assert (first.venue.issn, first.venue.eissn, first.venue.publisher) == (
        "0284-186X", "1651-226X", "Test Press")
    ana, bo = first.contributors
    assert (ana.name, ana.orcid, ana.affiliations[0].ror) == (
        "A. García", "0000-0002-1825-0097", "03vek6s52")
    assert bo.affiliations[0].name == "Somewhere Institute, Nowhere"
    mesh = [s for s in first.subjects if s.scheme == "mesh"]
    assert [(s.code, s.major) for s in mesh] == [("D002289", True), ("D006801", False)]
    keywords = [s.label for s in first.subjects if s.scheme == "keyword"]
    assert keywords == ["Lung cancer", "Lung Cancer Treatments", "Medicine"]
    older = records[1].work
    assert older.type is WorkType.PREPRINT and older.status == ()
    assert older.venue.title == "bioRxiv" and older.issued == PartialDate(year=2015)
    assert older.contributors[0].affiliations[0].name == "Test Lab, Test City"
    (error,) = errors
    assert error.record == "W200" and error.line == 2 and "no title" in str(error)


def test_csv_fixture():
    records, errors = read_all(DATA / "export.csv")
    assert [r.source_id for r in records] == ["W11", "W13"]
    assert [r.line for r in records] == [2, 4]
    first = records[0].work
    assert [c.orcid for c in first.contributors] == ["0000-0002-1825-0097", None]
    assert [len(c.affiliations) for c in first.contributors] == [1, 0]
    assert (first.volume, first.issue, first.page_start, first.page_end) == (
        "12", "3", "103", "112")
    book = records[1].work
    assert book.type is WorkType.BOOK and book.venue is None
    assert book.abstract == "A multi-line abstract."
    (error,) = errors
    assert error.record == "W12" and error.line == 3


def test_truncated_file_raises_with_line_and_column():
    with pytest.raises(InputError) as caught:
        read_all(DATA / "truncated.json")
    assert "truncated.json" in str(caught.value) and "column" in str(caught.value)


def test_empty_binary_and_foreign_files_raise(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    foreign = tmp_path / "foreign.txt"
    foreign.write_text("PMID- 1\nTI  - x\n", encoding="utf-8")
    for path in (empty, binary, foreign):
        with pytest.raises(InputError) as caught:
            read_all(path)
        assert str(path) in str(caught.value)


def test_csv_sniffing():
    assert is_openalex_csv('"id","display_name","publication_year"\n')
    assert is_openalex_csv("\ufeffid,title,authorships.author.display_name\r\n")
    assert not is_openalex_csv('"Authors","Title","Year","Source title"\n')
    assert not is_openalex_csv("TY  - JOUR\n")


# -- property tests ------------------------------------------------------------------------

_JSON_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(
    allow_nan=False) | st.text(max_size=20)
_JSON = st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_FIELDS = ["id", "doi", "title", "display_name", "publication_year", "publication_date",
           "ids", "language", "primary_location", "host_venue", "type", "type_crossref",
           "authorships", "biblio", "keywords", "topics", "concepts", "mesh",
           "abstract_inverted_index", "primary_topic", "results"]
_WORKS = st.dictionaries(st.sampled_from(_FIELDS), _JSON, max_size=10)


def _read_text(text: str, suffix: str) -> list:
    return read_text(read_openalex, text, suffix)


def _only_records_or_input_errors(text: str, suffix: str = ".json") -> None:
    only_records_or_input_errors(read_openalex, text, suffix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORKS, max_size=3), st.booleans())
def test_random_work_objects_give_records_or_input_errors(works, as_lines):
    text = ("\n".join(json.dumps(w) for w in works) if as_lines
            else json.dumps({"meta": {}, "results": works}, indent=1))
    _only_records_or_input_errors(text)


_SAMPLES = {suffix: (DATA / name).read_text(encoding="utf-8")
            for suffix, name in ((".jsonl", "works.jsonl"), (".csv", "export.csv"))}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(_SAMPLES)), st.integers(0, 3000), st.integers(0, 40),
       st.text(max_size=5))
def test_mutated_files_give_records_or_input_errors(suffix, at, cut, insert):
    sample = _SAMPLES[suffix]
    at = at % (len(sample) + 1)
    _only_records_or_input_errors(sample[:at] + insert + sample[at + cut:], suffix)
