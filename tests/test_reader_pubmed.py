"""The PubMed XML reader on hand-made fixtures: fields, bad records, hostile XML, streaming, the
type table and fuzzing."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
import sys
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Record, Status, Subject, WorkType
from kg.readers import Source, sniff
from kg.readers.pubmed import read_pubmed
from kg.readers.pubmed import sniff as sniff_pubmed
from kg.readers.pubmed_tables import work_type
from tests.reader_helpers import write_temp

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "pubmed"


def read_all(path: Path | str) -> list[Record | InputError]:
    return list(read_pubmed(Source(str(path))))


def _write(data: bytes, suffix: str = ".xml") -> Path:
    return write_temp(data, suffix)


# -- sniffing ----------------------------------------------------------------------------

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
