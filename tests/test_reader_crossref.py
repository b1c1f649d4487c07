"""The Crossref works reader: corpus counts and values, sniffing, bad input, JATS, fuzzing."""

from __future__ import annotations

from functools import partial
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import PartialDate, Status, WorkType
from kg.readers import sniff
from kg.readers.citeproc import date_from_parts, date_of
from kg.readers.crossref import read_crossref
from kg.readers.jats import markup_to_text
from kg.readers.source import Source
from tests.reader_helpers import assert_folder_lists
from tests.reader_helpers import corpus_file as folder_file
from tests.reader_helpers import only_records_or_input_errors, read_text, split_reader

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "crossref"
DATA = ROOT / "tests" / "data" / "crossref"

# records per file, as crossref/PROVENANCE.md gives them
EXPECTED = {
    "crossref_work_10.1371_journal.pone.0033693.json": 1,
    "crossref_work_10.1016_j.neurobiolaging.2010.03.024.json": 1,
    "crossref_work_10.1002_jor.1100150407.json": 1,
    "crossref_work_10.1038_srep16696.json": 1,
    "crossref_work_10.1109_icdcsw.2003.1203662.json": 1,
    "crossref_work_10.3892_ijo_00000353.json": 1,
    "crossref_worklist_rows2.json": 2,
    "crossref_worklist_query_ecology_rows2.json": 2,
    "crossref_worklist_query_widget_cursor_page1.json": 20,
    "crossref_worklist_query_ecology_author_boettiger.json": 20,
    "crossref_worklist_journal_2167-8359_ecology.json": 20,
    "crossref_worklist_funder_100000001_engineering_rows100.json": 100,
}


corpus_file = partial(folder_file, FOLDER)
read_all = split_reader(read_crossref)


def test_every_corpus_file_is_listed():
    assert_folder_lists(FOLDER, EXPECTED, (".json",))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_with_the_documented_count(name):
    records, errors = read_all(corpus_file(name))
    assert errors == []
    assert len(records) == EXPECTED[name]
    assert [r.index for r in records] == list(range(1, len(records) + 1))
    assert all(r.source == "crossref" and r.work.title and r.work.doi for r in records)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_sniffs_as_crossref(name):
    assert sniff(Source(str(corpus_file(name)))) == "crossref"


# (file, 1-based record, expected values) read by eye from the files
SPOT = [
    ("crossref_work_10.1002_jor.1100150407.json", 1, dict(
        title="Growth hormone secretagogue increases muscle strength during remobilization "
              "after canine hindlimb immobilization",
        author=("Richard L. Lieber", "Richard L.", "Lieber"),
        issued=PartialDate(year=1997, month=7),
        doi="10.1002/jor.1100150407", journal="Journal of Orthopaedic Research",
        issn=("0736-0266", "1554-527X"), volume="15", issue="4", pages=("519", "527"),
        type=WorkType.JOURNAL_ARTICLE)),
    ("crossref_work_10.1016_j.neurobiolaging.2010.03.024.json", 1, dict(
        title="Human umbilical cord blood-derived mesenchymal stem cells improve neuropathology "
              "and cognitive impairment in an Alzheimer's disease mouse model through modulation "
              "of neuroinflammation",
        author=("Hyun Ju Lee", "Hyun Ju", "Lee"), issued=PartialDate(year=2012, month=3),
        doi="10.1016/j.neurobiolaging.2010.03.024", journal="Neurobiology of Aging",
        issn=("0197-4580", None), volume="33", issue="3", pages=("588", "602"))),
    ("crossref_work_10.1038_srep16696.json", 1, dict(
        title="Single-molecule FRET studies on alpha-synuclein oligomerization of Parkinson’s "
              "disease genetically related mutants",
        author=("Laura Tosatto", "Laura", "Tosatto"),
        issued=PartialDate(year=2015, month=11, day=19),
        doi="10.1038/srep16696", journal="Scientific Reports", issn=(None, "2045-2322"),
        volume="5", issue="1", pages=(None, None), article_number="16696")),
    ("crossref_work_10.1109_icdcsw.2003.1203662.json", 1, dict(
        title="Accurate and explicit differentiation of wireless and congestion losses",
        author=("V. Arya", "V.", "Arya"), issued=None, doi="10.1109/icdcsw.2003.1203662",
        journal=None, volume=None, issue=None, pages=("877", "882"),
        host_title="23rd International Conference on Distributed Computing Systems Workshops, "
                   "2003. Proceedings.",
        type=WorkType.CONFERENCE_PAPER)),
    ("crossref_work_10.1371_journal.pone.0033693.json", 1, dict(
        title="Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia "
              "in the Basal Ganglia of Mice",
        author=("Shankar Sadasivan", "Shankar", "Sadasivan"),
        issued=PartialDate(year=2012, month=3, day=21), doi="10.1371/journal.pone.0033693",
        journal="PLoS ONE", issn=(None, "1932-6203"), volume="7", issue="3",
        pages=("e33693", None))),
    ("crossref_work_10.3892_ijo_00000353.json", 1, dict(
        title="Human bladder cancer cells undergo cisplatin-induced apoptosis that is associated "
              "with p53-dependent and p53-independent responses",
        author=("Stravopodis", None, "Stravopodis"), issued=PartialDate(year=2009, month=6, day=26),
        doi="10.3892/ijo_00000353", journal="International Journal of Oncology",
        abbreviation="Int J Oncol", issn=("1019-6439", None), volume=None, issue=None)),
    ("crossref_worklist_rows2.json", 1, dict(
        title="Soziale Innovation", author=("Jürgen Howaldt", "Jürgen", "Howaldt"),
        issued=PartialDate(year=2019), doi="10.1007/978-3-658-17671-6_18-1", journal=None,
        host_title="Handbuch Innovationsforschung", pages=("1", "17"), language="de",
        type=WorkType.CHAPTER)),
    ("crossref_worklist_query_ecology_rows2.json", 1, dict(
        title="Communicating Ecology", author=None, issued=PartialDate(year=2022, month=7, day=26),
        doi="10.1093/obo/9780199830060-0238", host_title="Ecology")),
    ("crossref_worklist_query_widget_cursor_page1.json", 1, dict(
        title="Widget Mania: Using a GUI Widget Framework", issued=None,
        doi="10.1007/978-1-4302-0197-7_9",
        host_title="Practical JavaScript™, DOM Scripting, and Ajax Projects",
        pages=("305", "349"), type=WorkType.CHAPTER)),
    ("crossref_worklist_query_ecology_author_boettiger.json", 1, dict(
        title="The forecast trap", author=("Carl Boettiger", "Carl", "Boettiger"),
        orcid="0000-0002-1642-628X", issued=PartialDate(year=2022, month=7),
        doi="10.1111/ele.14024", journal="Ecology Letters", issn=("1461-023X", "1461-0248"),
        volume="25", issue="7", pages=("1655", "1664"))),
    ("crossref_worklist_journal_2167-8359_ecology.json", 1, dict(
        title="Using observation-level random effects to model overdispersion in count data in "
              "ecology and evolution",
        author=("Xavier A. Harrison", "Xavier A.", "Harrison"),
        affiliation="Institute of Zoology, Zoological Society of London, London, UK",
        issued=PartialDate(year=2014, month=10, day=9), doi="10.7717/peerj.616",
        journal="PeerJ", issn=(None, "2167-8359"), volume="2", pages=("e616", None))),
    ("crossref_worklist_funder_100000001_engineering_rows100.json", 1, dict(
        title="Critical Review of Nanomechanical Properties of Calcium (Alumino) Silicate "
              "Hydrates: Test Methods, Influencing Factors, and Enhancing Strategies",
        author=("Jiawei Wang", "Jiawei", "Wang"), orcid="0000-0001-7994-7253",
        issued=PartialDate(year=2025, month=11), doi="10.1016/j.eng.2025.11.015",
        journal="Engineering", issn=("2095-8099", None))),
]


@pytest.mark.parametrize("name,index,expected", SPOT, ids=[s[0] for s in SPOT])
def test_corpus_spot_check(name, index, expected):
    records, _ = read_all(corpus_file(name))
    record = records[index - 1]
    work = record.work
    assert record.index == index
    assert work.title == expected["title"]
    assert record.source_id == work.doi == expected["doi"]
    assert work.issued == expected["issued"]
    if "author" in expected:
        first = work.contributors[0] if work.contributors else None
        assert (first and (first.name, first.given, first.family)) == (expected["author"] or None)
    if "orcid" in expected:
        assert work.contributors[0].orcid == expected["orcid"]
    if "affiliation" in expected:
        assert work.contributors[0].affiliations[0].name == expected["affiliation"]
    if "journal" in expected:
        assert (work.venue.title if work.venue else None) == expected["journal"]
    if "abbreviation" in expected:
        assert work.venue.abbreviation == expected["abbreviation"]
    if "issn" in expected:
        assert (work.venue.issn, work.venue.eissn) == expected["issn"]
    for field in ("volume", "issue", "host_title", "article_number", "language", "type"):
        if field in expected:
            assert getattr(work, field) == expected[field], field
    if "pages" in expected:
        assert (work.page_start, work.page_end) == expected["pages"]


def test_corpus_types_statuses_and_jats():
    records, _ = read_all(corpus_file("crossref_worklist_query_ecology_author_boettiger.json"))
    by_doi = {r.work.doi: r.work for r in records}
    preprint = next(w for w in by_doi.values() if w.publication_types == ("posted-content",
                                                                          "preprint"))
    assert preprint.type is WorkType.PREPRINT and preprint.status == ()
    dataset = next(w for w in by_doi.values() if w.type is WorkType.DATASET)
    assert dataset.status == ()
    # "<jats:title>Summary</jats:title>" opening the abstract is dropped, list items kept
    treebase = by_doi["10.1111/j.2041-210x.2012.00247.x"]
    assert treebase.abstract.startswith("The TreeBASE portal is an important")
    assert "<" not in treebase.abstract
    # markup in titles: "<scp>T</scp>reebase: an<scp>R</scp>package"
    assert treebase.title.startswith("Treebase: anRpackage for discovery")
    journal = by_doi["10.1111/ele.14024"]
    assert journal.status == (Status.PUBLISHED,)
    peerj, _ = read_all(corpus_file("crossref_worklist_journal_2167-8359_ecology.json"))
    sectioned = next(r.work for r in peerj if r.work.doi == "10.7717/peerj.5896")
    assert sectioned.abstract.startswith("Background: Survival in temporally")
    assert " Methods: In this study" in sectioned.abstract


# -- fixtures: JSON Lines, a page with a bad record, bad files -----------------------------

def test_json_lines_stream_with_bad_lines_reported():
    records, errors = read_all(DATA / "works.jsonl")
    assert [r.line for r in records] == [1, 5]
    assert [r.index for r in records] == [1, 4]
    first = records[0].work
    assert first.title == "Cisplatin in vivo & in vitro"  # subtitle not appended
    assert first.abstract == "Background: Patients (p < 0.05) were treated. Results: It worked."
    assert first.issued == PartialDate(year=2020, month=3)  # published-print first
    assert (first.venue.issn, first.venue.eissn, first.venue.abbreviation) == (
        "0284-186X", "1651-226X", "J Tests")
    ana, group, solo = first.contributors
    assert (ana.name, ana.orcid, ana.initials) == ("Ana García", "0000-0002-1825-0097", "A")
    assert ana.affiliations[0].name == "Univ A & B" and ana.affiliations[0].ror == "03vek6s52"
    assert group.collective and group.name == "The Study Group"
    assert (solo.name, solo.family, solo.given) == ("Solo Jr.", "Solo", None)
    assert [s.label for s in first.subjects] == ["Oncology", "Cancer Research"]
    assert (first.page_start, first.page_end, first.num_pages) == ("103", "112", 10)
    assert first.language == "en" and first.publisher == "Test Press"
    preprint = records[1].work
    assert preprint.type is WorkType.PREPRINT and preprint.issued is None
    assert preprint.status == ()
    bad_json, no_title = errors
    assert bad_json.line == 2 and bad_json.record == 2 and "not valid JSON" in str(bad_json)
    assert str(no_title).endswith("works.jsonl:3 (record 10.1234/notitle): no title")


def test_page_with_untitled_work_keeps_the_others():
    records, errors = read_all(DATA / "page.json")
    assert [r.work.doi for r in records] == ["10.5555/journal.2", "10.5555/chapter.3"]
    assert [r.index for r in records] == [1, 3]
    assert len(errors) == 1 and errors[0].record == "10.5555/untitled"
    assert "page.json" in str(errors[0]) and "no title" in str(errors[0])
    chapter = records[1].work
    # empty published-print date-parts fall through to published-online ("2018", "02")
    assert chapter.issued == PartialDate(year=2018, month=2)
    assert chapter.host_title == "The Big Book" and chapter.venue is None
    journal = records[0].work
    assert journal.article_number == "e2" and journal.venue.issn == "1651-226X"
    assert journal.contributors[0].family == "de la Tour"


def test_bare_work_document(tmp_path):
    path = tmp_path / "bare.json"
    path.write_text(json.dumps({"DOI": "10.5555/x", "title": ["Bare"], "type": "dataset",
                                "container-title": [], "reference-count": 0}, indent=2),
                    encoding="utf-8")
    records, errors = read_all(path)
    assert errors == [] and records[0].work.type is WorkType.DATASET
    assert sniff(Source(str(path))) == "crossref"


def test_truncated_file_raises_with_line_and_column():
    with pytest.raises(InputError) as caught:
        read_all(DATA / "truncated.json")
    message = str(caught.value)
    assert "truncated.json" in message and "not valid JSON" in message and "column" in message


def test_empty_and_binary_files_raise(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.json"
    binary.write_bytes(bytes(range(256)) * 4)
    for path in (empty, binary):
        with pytest.raises(InputError) as caught:
            read_all(path)
        assert str(path) in str(caught.value)


def test_non_object_items_are_record_errors(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text('[\n"text", 3, null, {"title": ["Fine"], "DOI": "10.5555/fine"}\n]',
                    encoding="utf-8")
    records, errors = read_all(path)
    assert [r.index for r in records] == [4]
    assert [e.record for e in errors] == [1, 2, 3]


def test_sniff_does_not_claim_other_formats():
    from kg.readers import crossref
    assert crossref.sniff("TY  - JOUR\nTI  - x\n") == 0
    assert crossref.sniff('[{"type": "article-journal", "container-title": "J"}]') == 0
    assert crossref.sniff('{"id": "https://openalex.org/W1", "authorships": []}') == 0


# -- JATS and dates ------------------------------------------------------------------------

@pytest.mark.parametrize("markup,text", [
    ("<jats:title>Abstract</jats:title><jats:p>One.</jats:p><jats:p>Two.</jats:p>", "One. Two."),
    ("<jats:p>CD4<jats:sup>+</jats:sup> T cells</jats:p>", "CD4+ T cells"),
    ("<jats:sec><jats:title>Aim:</jats:title><jats:p>x</jats:p></jats:sec>", "Aim: x"),
    ("p < 0.05 and <5 mm", "p < 0.05 and <5 mm"),
    ("<mml:math><mml:mi>x</mml:mi><mml:annotation>TeX x</mml:annotation></mml:math> = 1",
     "x = 1"),
    ("&lt;i&gt;literal&lt;/i&gt;", "<i>literal</i>"),
    ("line one<br/>line two<br>three", "line one line two three"),
    ("H<jats:sub>2</jats:sub>O<jats:inline-graphic xlink:href=\"a.gif\"/>", "H2O"),
    ("", None),
])
def test_markup_to_text(markup, text):
    assert markup_to_text(markup) == text


@pytest.mark.parametrize("value,expected", [
    ({"date-parts": [[2020, 2, 30]]}, PartialDate(year=2020, month=2)),
    ({"date-parts": [[2020, 13, 1]]}, PartialDate(year=2020)),
    ({"date-parts": [[None]]}, None),
    ({"date-parts": [[]]}, None),
    ({"date-parts": []}, None),
    ({"date-parts": [["2017", "07", "07"]]}, PartialDate(year=2017, month=7, day=7)),
    ({"date-parts": [[2018, 10, 21, 13]]}, PartialDate(year=2018, month=10, day=21)),
    ({"raw": "Jun 2019"}, PartialDate(year=2019, month=6)),
    (None, None),
])
def test_date_of(value, expected):
    assert date_of(value) == expected


# -- property tests ------------------------------------------------------------------------

_JSON_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(
    allow_nan=False) | st.text(max_size=20)
_JSON = st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_FIELDS = ["DOI", "title", "subtitle", "abstract", "author", "container-title",
           "short-container-title", "ISSN", "issn-type", "volume", "issue", "page",
           "article-number", "published-print", "published-online", "issued", "published",
           "language", "type", "subtype", "publisher", "subject", "URL", "message", "items",
           "ISBN", "isbn-type"]
_WORKS = st.dictionaries(st.sampled_from(_FIELDS), _JSON, max_size=10)


def _read_text(text: str) -> list:
    return read_text(read_crossref, text, ".json")


def _only_records_or_input_errors(text: str) -> None:
    only_records_or_input_errors(read_crossref, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORKS, max_size=3), st.booleans())
def test_random_work_objects_give_records_or_input_errors(works, as_lines):
    text = ("\n".join(json.dumps(w) for w in works) if as_lines
            else json.dumps({"message-type": "work-list", "message": {"items": works}},
                            indent=1))
    _only_records_or_input_errors(text)


_SAMPLE = (DATA / "works.jsonl").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(_SAMPLE)), st.integers(0, 40), st.text(max_size=5))
def test_mutated_file_gives_records_or_input_errors(at, cut, insert):
    _only_records_or_input_errors(_SAMPLE[:at] + insert + _SAMPLE[at + cut:])


@given(st.lists(_JSON_SCALARS, max_size=6))
def test_date_from_parts_never_raises(parts):
    found = date_from_parts(parts)
    assert found is None or 1 <= found.year <= 9999


@given(st.text(max_size=60))
def test_markup_free_text_is_only_whitespace_normalised(text):
    plain = text.replace("<", "").replace("&", "")
    once = markup_to_text(plain)
    assert once == (" ".join(plain.split()) or None)
    assert markup_to_text(once) == once  # idempotent on its own plain output
