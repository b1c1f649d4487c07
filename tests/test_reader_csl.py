"""The CSL-JSON reader: corpus counts and values, date edge cases, sniffing, bad input, fuzzing."""

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
from kg.readers.citeproc import looks_like_group
from kg.readers.csl import read_csl
from kg.readers.source import Source
from tests.reader_helpers import assert_folder_lists
from tests.reader_helpers import corpus_file as folder_file
from tests.reader_helpers import only_records_or_input_errors, read_text, split_reader

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "csl_json"
DATA = ROOT / "tests" / "data" / "csl"

# items per file, as csl_json/PROVENANCE.md gives them
EXPECTED = {
    "crossref_cn_10.1126_science.169.3946.635.csl.json": 1,
    "manubot__arxiv-joss-csl.raw.json": 1,
    "manubot__crossref-deep-review-csl.raw.json": 1,
    "manubot__crossref-winter-scabs-csl.raw.json": 1,
    "manubot__datacite-thesis-csl.raw.json": 1,
    "manubot__greycite-meta-review-csl.raw.json": 1,
    "manubot__pmc-scihub-study-csl.raw.json": 1,
    "manubot__pubmed-scihub-study-csl.raw.json": 1,
    "manubot__excess-date-parts-csl.raw.json": 1,
    "manubot__null-date-parts-csl.raw.json": 1,
    "manubot__empty-date-parts-csl.raw.json": 1,
    "manubot__cite-command-rendered_input-bibliography.json": 3,
}
# Manubot's date edge-case items carry no title at all: each comes back as a record error.
UNTITLED = {
    "manubot__excess-date-parts-csl.raw.json": "excess-date-parts-csl",
    "manubot__null-date-parts-csl.raw.json": "WDvu1SAV",
}


corpus_file = partial(folder_file, FOLDER)
read_all = split_reader(read_csl)


def test_every_corpus_file_is_listed():
    assert_folder_lists(FOLDER, EXPECTED, (".json",))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_with_the_documented_count(name):
    records, errors = read_all(corpus_file(name))
    assert len(records) + len(errors) == EXPECTED[name]
    if name in UNTITLED:
        assert records == []
        (error,) = errors
        assert error.record == UNTITLED[name] and "no title" in str(error)
        assert name in str(error)
    else:
        assert errors == []
        assert all(r.source == "csl" and r.work.title for r in records)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_sniffs_as_csl(name):
    assert sniff(Source(str(corpus_file(name)))) == "csl"


# (file, 1-based item, expected values) read by eye from the files
SPOT = [
    ("crossref_cn_10.1126_science.169.3946.635.csl.json", 1, dict(
        title="The Structure of Ordinary Water", author=("Henry S. Frank", "Henry S.", "Frank"),
        issued=PartialDate(year=1970, month=8, day=14), doi="10.1126/science.169.3946.635",
        journal="Science", volume="169", issue="3946", pages=("635", "641"),
        type=WorkType.JOURNAL_ARTICLE, abstract="The train of thought pursued in this article")),
    ("manubot__arxiv-joss-csl.raw.json", 1, dict(
        title="Journal of Open Source Software (JOSS): design and first-year review",
        author=("Arfon M Smith", None, None), issued=PartialDate(year=2017, month=7, day=7),
        doi="10.7717/peerj-cs.147", journal="arXiv", article_number="1707.02264v3",
        type=WorkType.REPORT, status=())),
    ("manubot__cite-command-rendered_input-bibliography.json", 2, dict(
        title="Honey bee sting pain index by body location",
        author=("Michael L. Smith", "Michael L.", "Smith"),
        issued=PartialDate(year=2014, month=4, day=3), doi="10.7717/peerj.338",
        pmid="24765572", pmcid="PMC3994616", journal="PeerJ", volume="2",
        pages=("e338", None))),
    ("manubot__crossref-deep-review-csl.raw.json", 1, dict(
        title="Opportunities and obstacles for deep learning in biology and medicine",
        author=("Travers Ching", "Travers", "Ching"), orcid="0000-0002-5577-3516",
        issued=PartialDate(year=2018, month=4), doi="10.1098/rsif.2017.0387",
        pmid="29618526", journal="Journal of The Royal Society Interface",
        abbreviation="J. R. Soc. Interface", issn=("1742-5689", "1742-5662"), volume="15",
        issue="141", pages=("20170387", None))),
    ("manubot__crossref-winter-scabs-csl.raw.json", 1, dict(
        title="Formation of the Scab and the Rate of Epithelization of Superficial Wounds in "
              "the Skin of the Young Domestic Pig",
        author=("GEORGE D. WINTER", "GEORGE D.", "WINTER"), issued=PartialDate(year=1962, month=1),
        doi="10.1038/193293a0", journal="Nature", volume="193", issue="4812",
        pages=("293", "294"))),
    ("manubot__datacite-thesis-csl.raw.json", 1, dict(
        title="The hetnet awakens: understanding complex diseases through data integration and "
              "open science",
        author=("Daniel Himmelstein", "Daniel", "Himmelstein"), issued=PartialDate(year=2017),
        doi="10.6084/m9.figshare.4724797", journal=None, keyword="111706 Epidemiology",
        abstract="The PhD Dissertation of Daniel S. Himmelstein. This is my thesis")),
    ("manubot__empty-date-parts-csl.raw.json", 1, dict(
        title="The arXiv of the future will not look like the arXiv",
        author=("Alberto Pepe", "Alberto", "Pepe"), issued=None,
        doi="10.22541/au.149693987.70506124", journal="Authorea", type=WorkType.DATASET)),
    ("manubot__greycite-meta-review-csl.raw.json", 1, dict(
        title="Open collaborative writing with Manubot",
        author=("Daniel S. Himmelstein", "Daniel S.", "Himmelstein"),
        issued=PartialDate(year=2018, month=8, day=3), doi=None, journal=None,
        type=WorkType.WEB_PAGE)),
    ("manubot__pmc-scihub-study-csl.raw.json", 1, dict(
        title="Sci-Hub provides access to nearly all scholarly literature",
        author=("Daniel S Himmelstein", "Daniel S", "Himmelstein"),
        issued=PartialDate(year=2018), doi="10.7554/elife.32822", pmid="29424689",
        pmcid="PMC5832410", journal="eLife", issn=("2050-084X", None), volume="7",
        pages=("e32822", None), status=(Status.PUBLISHED,))),
    ("manubot__pubmed-scihub-study-csl.raw.json", 1, dict(
        title="Sci-Hub provides access to nearly all scholarly literature.",
        author=("Daniel S Himmelstein", "Daniel S", "Himmelstein"),
        issued=PartialDate(year=2018, month=3, day=1), doi="10.7554/elife.32822",
        pmid="29424689", journal="eLife", abbreviation="Elife", volume="7",
        abstract="The website Sci-Hub enables users to download PDF versions")),
]


@pytest.mark.parametrize("name,index,expected", SPOT, ids=[f"{s[0]}#{s[1]}" for s in SPOT])
def test_corpus_spot_check(name, index, expected):
    records, _ = read_all(corpus_file(name))
    record = records[index - 1]
    work = record.work
    assert work.title == expected["title"]
    first = work.contributors[0]
    assert (first.name, first.given, first.family) == expected["author"]
    assert not first.collective
    assert work.issued == expected["issued"]
    assert work.doi == expected["doi"]
    assert (work.venue.title if work.venue else None) == expected["journal"]
    for field in ("pmid", "pmcid", "volume", "issue", "article_number", "type", "status"):
        if field in expected:
            assert getattr(work, field) == expected[field], field
    if "orcid" in expected:
        assert first.orcid == expected["orcid"]
    if "abbreviation" in expected:
        assert work.venue.abbreviation == expected["abbreviation"]
    if "issn" in expected:
        assert (work.venue.issn, work.venue.eissn) == expected["issn"]
    if "pages" in expected:
        assert (work.page_start, work.page_end) == expected["pages"]
    if "abstract" in expected:
        assert work.abstract.startswith(expected["abstract"]) and "<" not in work.abstract
    if "keyword" in expected:
        assert expected["keyword"] in [s.label for s in work.subjects]


def test_corpus_source_ids():
    records, _ = read_all(corpus_file("manubot__cite-command-rendered_input-bibliography.json"))
    assert [r.source_id for r in records] == ["s33GCagP", "5thZNGfr", "299ObJlC"]
    # no "id": the DOI names the record
    (record,), _ = read_all(corpus_file("crossref_cn_10.1126_science.169.3946.635.csl.json"))
    assert record.source_id == "10.1126/science.169.3946.635"


# -- fixtures -------------------------------------------------------------------------------

def test_items_with_an_untitled_one():
    records, errors = read_all(DATA / "items.json")
    assert [r.source_id for r in records] == ["garcia2020", "chapter2019"]
    assert [r.index for r in records] == [1, 3]
    first = records[0].work
    assert first.title == "Cisplatin in vivo"
    assert first.abstract == "First paragraph. Second paragraph."
    names = [(c.name, c.family, c.collective) for c in first.contributors]
    assert names == [("Ana García", "García", False),
                     ("Ludwig van Beethoven", "Beethoven", False),
                     ("Vincent van Gogh", "van Gogh", False),
                     ("ENCODE Project Consortium", None, True),
                     ("Arfon M Smith", None, False)]
    assert (first.venue.issn, first.venue.eissn) == ("0284-186X", "1651-226X")
    assert first.issued == PartialDate(year=2020, month=3, day=14)  # a fourth part ignored
    assert (first.page_start, first.page_end) == ("103", "112")
    assert (first.doi, first.pmid, first.pmcid) == ("10.5555/csl.1", "33000003", "PMC7654322")
    assert first.language == "en"
    assert [s.label for s in first.subjects] == ["lung cancer", "nivolumab"]
    chapter = records[1].work
    assert chapter.type is WorkType.CHAPTER and chapter.host_title == "The Big Book"
    assert chapter.venue.issn == "1651-226X" and chapter.venue.title is None
    assert chapter.issued == PartialDate(year=2019, month=6)  # from "raw"
    assert chapter.status == (Status.FORTHCOMING,) and chapter.num_pages == 12
    (error,) = errors
    assert str(error).endswith("items.json (record untitled): no title")


def test_single_item_and_json_lines(tmp_path):
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"id": "a", "type": "book", "title": "A book",
                                  "issued": {"literal": "2001"}}, indent=2), encoding="utf-8")
    (record,), errors = read_all(single)
    assert errors == [] and record.work.type is WorkType.BOOK
    assert record.work.issued == PartialDate(year=2001)
    lines = tmp_path / "items.jsonl"
    lines.write_text('{"id": "a", "type": "webpage", "title": "One"}\n'
                     '{"id": "b", "type": "webpage", "title": \n'
                     '{"id": "c", "type": "post", "title": "Three"}\n', encoding="utf-8")
    records, errors = read_all(lines)
    assert [(r.source_id, r.line) for r in records] == [("a", 1), ("c", 3)]
    assert errors[0].line == 2


def test_truncated_file_raises_with_line_and_column():
    with pytest.raises(InputError) as caught:
        read_all(DATA / "truncated.json")
    assert "truncated.json" in str(caught.value) and "line 5" in str(caught.value)


def test_empty_and_binary_files_raise(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"   \n")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    for path in (empty, binary):
        with pytest.raises(InputError) as caught:
            read_all(path)
        assert str(path) in str(caught.value)


def test_sniff_separates_the_json_dialects():
    from kg.readers import crossref, csl, openalex
    csl_item = '[{"id": "x", "type": "article-journal", "container-title": "J", "title": "T"}]'
    crossref_work = '{"DOI": "10.1/x", "type": "journal-article", "container-title": ["J"]}'
    openalex_work = '{"id": "https://openalex.org/W1", "type": "article", "authorships": []}'
    assert csl.sniff(csl_item) > crossref.sniff(csl_item)
    assert crossref.sniff(crossref_work) > csl.sniff(crossref_work)
    assert openalex.sniff(openalex_work) > max(csl.sniff(openalex_work),
                                               crossref.sniff(openalex_work))
    assert csl.sniff("@article{x, title={T}}") == 0
    assert csl.sniff('"id","display_name","publication_year"') == 0


@pytest.mark.parametrize("name,group", [
    ("ENCODE Project Consortium", True), ("Human Microbiome Project", True),
    ("World Health Organization", True), ("Arfon M Smith", False), ("Trang T. Le", False),
])
def test_literal_names(name, group):
    assert looks_like_group(name) is group


# -- property tests ------------------------------------------------------------------------

_JSON_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(
    allow_nan=False) | st.text(max_size=20)
_JSON = st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_FIELDS = ["id", "type", "title", "abstract", "author", "container-title",
           "container-title-short", "ISSN", "issn-type", "volume", "issue", "page",
           "page-first", "number", "number-of-pages", "issued", "DOI", "PMID", "PMCID",
           "language", "publisher", "URL", "keyword", "categories", "status", "ISBN", "archive"]
_NAME = st.dictionaries(st.sampled_from(["given", "family", "literal", "suffix", "ORCID",
                                         "non-dropping-particle", "dropping-particle",
                                         "affiliation", "name"]), _JSON, max_size=4)
_ITEMS = st.dictionaries(st.sampled_from(_FIELDS), _JSON | st.lists(_NAME, max_size=3),
                         max_size=10)


def _read_text(text: str) -> list:
    return read_text(read_csl, text, ".json")


def _only_records_or_input_errors(text: str) -> None:
    only_records_or_input_errors(read_csl, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ITEMS, max_size=3), st.booleans())
def test_random_items_give_records_or_input_errors(items, as_lines):
    text = "\n".join(json.dumps(i) for i in items) if as_lines else json.dumps(items, indent=1)
    _only_records_or_input_errors(text)


_SAMPLE = (DATA / "items.json").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(_SAMPLE)), st.integers(0, 40), st.text(max_size=5))
def test_mutated_file_gives_records_or_input_errors(at, cut, insert):
    _only_records_or_input_errors(_SAMPLE[:at] + insert + _SAMPLE[at + cut:])


@given(st.text(max_size=40))
def test_group_test_is_stable(name):
    assert looks_like_group(name) == looks_like_group(" ".join(name.split()))
