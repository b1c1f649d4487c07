"""The Scopus CSV reader: corpus counts, spot checks, sniffing, bad rows, authors, properties."""

from __future__ import annotations

import csv
import io
from pathlib import Path
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Identifier, Record, Status, WorkType
from kg.readers import sniff
from kg.readers.citation_fields import organizations
from kg.readers.scopus import read_scopus
from kg.readers.scopus import sniff as sniff_scopus
from kg.readers.source import Source
from tests.reader_helpers import read_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "scopus_csv"
DATA = ROOT / "tests" / "data" / "scopus"

COUNTS = {  # rows, from PROVENANCE.md
    "bibliometrix__scopus_sample.csv": 8,
    "litstudy__scopus.csv": 58,
    "metaknowledge__scopus_testing.csv": 220,
}


def corpus_path(name: str) -> Path:
    if not FOLDER.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    return FOLDER / name


def read(path: Path | str) -> list[Record | InputError]:
    return list(read_scopus(Source(str(path))))


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_reads_completely(name):
    items = read(corpus_path(name))
    assert [i for i in items if isinstance(i, InputError)] == []
    assert len(items) == COUNTS[name]
    assert all(r.source_id.startswith("2-s2.0-") for r in items)


def test_every_corpus_file_is_counted():
    corpus_path("")
    assert {p.name for p in FOLDER.glob("*.csv")} == set(COUNTS)


SPOT = [
    ("bibliometrix__scopus_sample.csv", 1, dict(
        eid="2-s2.0-105030721984",
        title="Quantitative analysis of studies that use artificial intelligence on spinal "
              "diseases: A bibliometric analysis",
        author=("Fengyuan Liu", "Fengyuan", "Liu", "60410297700"), year=2026,
        venue="Digital Health", issn="2055-2076", volume="12", issue=None, pages=(None, None),
        doi="10.1177/20552076261415846", type=WorkType.JOURNAL_ARTICLE)),
    ("litstudy__scopus.csv", 1, dict(
        eid="2-s2.0-27344436659", title="Scalable molecular dynamics with NAMD",
        author=("J.C. Phillips", "J.C.", "Phillips", "57202138757"), year=2005,
        venue="Journal of Computational Chemistry", issn="0192-8651", volume="26",
        issue="16", pages=("1781", "1802"), doi="10.1002/jcc.20289", type=WorkType.REVIEW)),
    ("litstudy__scopus.csv", 3, dict(  # a row with a surplus "Funding Text" cell
        eid="2-s2.0-85123480963",
        title="Petri nets and ODEs as complementary methods for comprehensive analysis on an "
              "example of the ATM–p53–NF- κ B signaling pathways",
        author=("K. Gutowska", "K.", "Gutowska", "57204582693"), year=2022,
        venue="Scientific Reports", issn="2045-2322", volume="12", issue="1",
        pages=(None, None), doi="10.1038/s41598-022-04849-0", article_number="1135",
        pmid="35064163", type=WorkType.JOURNAL_ARTICLE)),
    ("metaknowledge__scopus_testing.csv", 1, dict(
        eid="2-s2.0-84963944162",
        title="Strain Distribution of Complex-Bending YBCO Tape in Force-Balanced Coil "
              "Applied to SMES",
        author=("T. Yagai", "T.", "Yagai", None), year=2016,
        venue="IEEE Transactions on Applied Superconductivity", issn="1051-8223",
        volume="26", issue="4", pages=(None, None), doi="10.1109/tasc.2016.2541670",
        article_number="7433444", type=WorkType.JOURNAL_ARTICLE)),
    ("metaknowledge__scopus_testing.csv", 2, dict(
        eid="2-s2.0-84943362392",
        title="A Novel Partial Melting Process for YBa2Cu3O7−z Superconducting Films by "
              "Fluorine-Free Polymer-Assisted Metal Organic Deposition Approach",
        author=("W.T. Wang", "W.T.", "Wang", None), year=2015,
        venue="Journal of Superconductivity and Novel Magnetism", issn="1557-1939",
        volume="28", issue="11", pages=("3249", "3253"), doi="10.1007/s10948-015-3164-9",
        type=WorkType.JOURNAL_ARTICLE)),
]


@pytest.mark.parametrize(("name", "index", "expected"), SPOT,
                         ids=[f"{s[0][:25]}#{s[1]}" for s in SPOT])
def test_spot_check(name, index, expected):
    record = read(corpus_path(name))[index - 1]
    assert isinstance(record, Record) and record.source_id == expected["eid"]
    work = record.work
    assert work.title == expected["title"]
    first = work.contributors[0]
    assert (first.name, first.given, first.family, first.scopus_id) == expected["author"]
    assert first.affiliations  # every first author here has one
    assert work.issued.year == expected["year"]
    assert (work.venue.title, work.venue.issn) == (expected["venue"], expected["issn"])
    assert (work.volume, work.issue) == (expected["volume"], expected["issue"])
    assert (work.page_start, work.page_end) == expected["pages"]
    assert work.doi == expected["doi"]
    assert work.article_number == expected.get("article_number")
    assert work.pmid == expected.get("pmid")
    assert work.type is expected["type"]
    assert work.status == (Status.PUBLISHED,)


def test_affiliations_per_author_with_several_each():
    work = read(corpus_path("litstudy__scopus.csv"))[2].work
    kardynska = work.contributors[2]
    assert kardynska.family == "Kardynska"
    assert [o.name for o in kardynska.affiliations] == [
        "Department of Biosensors and Processing of Biomedical Signals, Silesian University of "
        "Technology, Roosevelta 40, Zabrze, 41-800, Poland",
        "Department of Systems Biology and Engineering, Silesian University of Technology, "
        "Akademicka 16, Gliwice, 44-100, Poland",
    ]


def test_placeholder_and_group_authors():
    litstudy = read(corpus_path("litstudy__scopus.csv"))
    assert litstudy[8].work.contributors == ()  # "[No author name available]"
    testing = read(corpus_path("metaknowledge__scopus_testing.csv"))
    anonymous = next(r for r in testing if r.line == 16)
    assert anonymous.work.contributors == ()  # "Anon"
    group = next(r for r in testing if r.line == 26).work.contributors
    assert [(c.name, c.collective) for c in group] == [
        ("Scandinavian Simvastatin Survival Study Group", True)]
    haddrill = next(r for r in testing if r.line == 15).work.contributors[0]
    assert (haddrill.given, haddrill.family) == ("Richard M.", "Haddrill")  # from the
    # "Authors with affiliations" form "Haddrill, Richard M." of "Haddrill Richard M."


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_the_eid_is_the_works_identifier(name):
    for record in read(corpus_path(name)):
        assert record.work.identifiers == (Identifier(scheme="eid", value=record.source_id),)


def test_author_ids_belong_to_their_authors():
    """Each author's Scopus id is the one "Author full names" prints beside that author, and the
    one at the same place in "Author(s) ID"."""
    path = corpus_path("bibliometrix__scopus_sample.csv")
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row, record in zip(rows, read(path), strict=True):
        in_names = re.findall(r"\((\d+)\)", row["Author full names"])
        in_column = [i.strip() for i in row["Author(s) ID"].split(";") if i.strip()]
        assert [c.scopus_id for c in record.work.contributors] == in_names == in_column


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_sniffs_as_scopus(name):
    assert sniff(Source(str(corpus_path(name)))) == "scopus"


# -- fixtures of our own ------------------------------------------------------------------

def test_export_fixture_good_rows_bad_rows():
    items = read(DATA / "export.csv")
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Record", "InputError", "Record", "InputError", "Record", "Record"]
    first = items[0].work
    assert first.title == "YBa2Cu3O7 films, a test"  # <inf> markup removed
    assert [(c.name, c.scopus_id, [o.name for o in c.affiliations])
            for c in first.contributors] == [
        ("Nicoletta Zilembo", "7003490001", ["Istituto Nazionale Tumori, Milan, Italy"]),
        ("Paolo Bidoli", "7003490002", ["Istituto Nazionale Tumori, Milan, Italy",
                                        "Ospedale San Gerardo, Monza, Italy"])]
    assert [s.label for s in first.subjects] == ["lung cancer", "chemotherapy", "humans"]
    assert (first.venue.issn, first.pmid, first.language) == ("0300-8916", "15948534", "en")
    no_title = items[1]
    assert (no_title.record, no_title.line, no_title.message) == ("2-s2.0-2", 3, "no title")
    in_press = items[2].work
    assert in_press.status == (Status.ACCEPTED,) and in_press.article_number == "77"
    short = items[3]
    assert (short.record, short.line) == (4, 5) and "do not line up" in short.message
    assert items[4].source_id == "2-s2.0-5" and items[4].work.type is WorkType.REVIEW
    assert items[5].work.contributors[0].collective


def test_not_a_scopus_export_raises(tmp_path):
    with pytest.raises(InputError, match="no Title column"):
        read(DATA / "not_scopus.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        read(empty)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary"):
        read(binary)


def test_unterminated_quote_is_a_row_error():
    (error,) = read(DATA / "open_quote.csv")
    assert isinstance(error, InputError) and error.line == 2 and error.record == 1


# -- properties ---------------------------------------------------------------------------

HEADER = ["Authors", "Author(s) ID", "Title", "Year", "Source title", "Volume", "Issue",
          "Page start", "Page end", "DOI", "Affiliations", "Authors with affiliations",
          "Author Keywords", "ISSN", "Document Type", "Publication Stage", "EID"]


def _read_text(text: str) -> list:
    return read_text(read_scopus, text, ".csv", refused_as_empty=True)


_CELL = st.lists(st.sampled_from(list("ab ,;.()0123456789\"\n") + ["NA", "Liu F.", "2-s2.0-1",
                                                                  "<inf>", "[No"]),
                max_size=12).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELL, min_size=0, max_size=len(HEADER) + 2), max_size=6))
def test_random_rows_only_give_input_errors(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    for item in _read_text(out.getvalue()):
        assert isinstance(item, (Record, InputError))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_only_gives_input_errors(text):
    for item in _read_text("Title,EID\n" + text):
        assert isinstance(item, (Record, InputError))


@given(st.lists(st.text(max_size=20), max_size=6))
def test_organizations_is_idempotent(names):
    once = organizations(names)
    assert organizations(o.name for o in once) == once


@given(st.text(max_size=400))
def test_sniff_gives_a_score_for_any_head(head):
    assert 0 <= sniff_scopus(head) <= 100
