"""Real exports written by others (tests/data/real, listed in its SOURCES.md): every file converts
with the records its format marker counts, gives one work per distinct paper, and writes N-Quads
that parse; the identity cases the files carry are named regression tests below."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import re

import pyoxigraph as ox
import pytest

from kg.api import convert
from kg.errors import InputError
from kg.identity.mint import DEFAULT_BASE, digest
from kg.rdf.namespaces import OX
from kg.readers import Source, read_source
from tests.conftest import DATA, ROOT

REAL = DATA / "real"
SOURCES = REAL / "SOURCES.md"
WORK = re.compile(re.escape(DEFAULT_BASE) + r"work/[0-9a-f]{16}")
TITLE = OX.DCTERMS.title

# Reader bugs known when this corpus was gathered; those still open are strict xfails, which turn
# into failures when fixed. The fixed ones name what their tests now guard.
# Fixed: RIS tag lines written 'TY - JOUR' (one space before the dash; zotero__RIS_3.ris converts),
# Scopus BibTeX comma-separated authors (test_scopus_bibtex_comma_separated_authors_are_four_people).
# Failures found by this corpus that are not on that list (reported with it).
INSPEC_UT_NOT_A_KEY = ("found here: an INSPEC accession number in UT is not read as an identifier, so "
                       "three variants of one record (UT INSPEC:8863438) with different first authors "
                       "are two works")
CORPORATE_AUTHOR_KEY = ("found here: a corporate author keys differently by format (BibTeX "
                        "'{Edusupport Biosciences}' whole, CSL-JSON family 'Edusupport Biosciences' "
                        "by its last word), so radboud:manual gets two work IRIs")

XFAIL = {
    "wos/jabref__IsiImporterTest2.isi": INSPEC_UT_NOT_A_KEY,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ListedFile:
    """One row of SOURCES.md: a file and what it holds, counted without kg."""

    file: str
    records: int
    skipped: int
    duplicates: int


def source_rows() -> list[ListedFile]:
    """The file rows of both tables of SOURCES.md (header, rule and summary rows left out)."""
    rows = []
    header: list[str] = []
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if not header:
            header = cells
            continue
        if set(cells[0]) <= set("-") or "skipped" not in header:
            continue
        value = dict(zip(header, cells))
        rows.append(ListedFile(file=value["file"], records=int(value["records"]),
                               skipped=int(value["skipped"]), duplicates=int(value["duplicates"])))
    return rows


def real_path(file: str) -> Path:
    """A corpus file: under tests/data/real, or (../shared/…) beside the repository, else skip."""
    if file.startswith("../"):
        path = (ROOT / file).resolve()
        if not path.exists():
            pytest.skip(f"{path} is absent")
        return path
    return REAL / file


def params():
    return [pytest.param(row, id=row.file,
                         marks=[pytest.mark.xfail(strict=True, reason=XFAIL[row.file])]
                         if row.file in XFAIL else [])
            for row in source_rows()]


def converted(paths: list[Path], out: Path, **options):
    """The summary of converting ``paths`` to ``out`` (no extraction) and the quads written."""
    summary = convert([str(p) for p in paths], str(out), base=DEFAULT_BASE, extract=False, **options)
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)) if out.exists() else []
    return summary, quads


def work_iris(quads) -> set[str]:
    return {q.subject.value for q in quads
            if isinstance(q.subject, ox.NamedNode) and WORK.fullmatch(q.subject.value)}


# -- every file ------------------------------------------------------------------------------

def test_sources_lists_every_file_once():
    listed = [row.file for row in source_rows() if not row.file.startswith("../")]
    present = sorted(str(p.relative_to(REAL)) for p in REAL.rglob("*") if p.is_file()
                     and p.name != "SOURCES.md")
    assert sorted(listed) == present
    assert len(listed) >= 100


@pytest.mark.parametrize("row", params())
def test_real_export_converts(row, tmp_path):
    summary, quads = converted([real_path(row.file)], tmp_path / "out.nq")
    assert all(isinstance(error, InputError) for error in summary.errors)
    assert summary.records == row.records - row.skipped, [str(e) for e in summary.errors]
    assert len(work_iris(quads)) == row.records - row.skipped - row.duplicates


# -- the same paper in several formats -------------------------------------------------------

def test_one_paper_in_four_formats_is_one_work(tmp_path):
    """manubot's pandoc test bibliography as BibTeX, CSL-JSON, .nbib and RIS: the Sci-Hub paper
    (DOI 10.7554/eLife.32822) is in all four, the Manubot blog post in three, a 2017 paper in
    the .nbib only: 8 records, 3 papers."""
    files = ["bibtex/manubot__bibliography.bib", "csl_json/manubot__bibliography.json",
             "medline/manubot__bibliography.nbib", "ris/manubot__bibliography.ris"]
    summary, quads = converted([REAL / f for f in files], tmp_path / "out.nq")
    assert summary.records == 8
    assert len(work_iris(quads)) == 3


@pytest.mark.parametrize("fixture, reading", [
    ("ris/jabref__RisImporterTestScopus.ris", "bibtex/jabref__RisImporterTestScopus.bib"),
    ("ris/jabref__RisImporterTest3.ris", "bibtex/jabref__RisImporterTest3.bib"),
    ("medline/jabref__NbibImporterTest.nbib", "bibtex/jabref__NbibImporterTest.bib"),
    ("pubmed_xml/jabref__MedlineImporterTestArticleID.xml", "bibtex/jabref__MedlineImporterTestArticleID.bib"),
])
def test_jabref_fixture_and_its_bibtex_reading_are_one_work(fixture, reading, tmp_path):
    summary, quads = converted([REAL / fixture, REAL / reading], tmp_path / "out.nq")
    assert summary.records == 2
    assert len(work_iris(quads)) == 1


def test_wos_and_scopus_bibtex_of_the_same_papers_share_works(tmp_path):
    """bibliometrix's DISES exports: the first 6 Web of Science entries are among the first 12
    Scopus entries (by DOI; one Scopus DOI carries trailing words 'Decision Support')."""
    summary, quads = converted([REAL / "bibtex/bibliometrix__DISES-wos.bib",
                                REAL / "bibtex/bibliometrix__DISESscopus.bib"], tmp_path / "out.nq")
    assert summary.records == 18
    assert len(work_iris(quads)) == 12


def test_wos_plain_text_and_wos_bibtex_share_works(tmp_path):
    """Records 11-22 of the plain-text export are the 12 entries of the BibTeX export (same UTs)."""
    summary, quads = converted([REAL / "wos/bibliometrix__management-wos.txt",
                                REAL / "bibtex/bibliometrix__management-wos.bib"], tmp_path / "out.nq")
    assert summary.records == 34
    assert len(work_iris(quads)) == 22


@pytest.mark.parametrize("bib, csl, papers", [
    ("bibtex/citationjs__bibtex-input.bib", "csl_json/citationjs__bibtex-csl.json", 3),
    pytest.param("bibtex/citationjs__biblatex-input.bib", "csl_json/citationjs__biblatex-csl.json", 27,
                 marks=pytest.mark.xfail(strict=True, reason=CORPORATE_AUTHOR_KEY)),
])
def test_bibtex_and_its_csl_json_reading_share_works(bib, csl, papers, tmp_path):
    """citation.js's mapping fixtures: each BibTeX file and the CSL-JSON it maps to hold the same
    entries, most of them without any identifier (title, year and first author decide)."""
    _, quads = converted([REAL / bib, REAL / csl], tmp_path / "out.nq")
    assert len(work_iris(quads)) == papers


# -- one title, several identifiers ----------------------------------------------------------

def works_titled(quads, prefix: str) -> set[str]:
    return {q.subject.value for q in quads if q.predicate == TITLE
            and q.object.value.startswith(prefix) and WORK.fullmatch(q.subject.value)}


def test_wos_records_sharing_a_title_with_two_uts_are_two_works(tmp_path):
    """UT A1979HF52100003 (Optics Communications, with a DOI) and UT A1979HS85100478 (no DOI)."""
    _, quads = converted([REAL / "wos/metaknowledge__savedrecs.txt"], tmp_path / "out.nq")
    assert len(works_titled(quads, "SPIN ANGULAR-MOMENTUM OF A FIELD INTERACTING")) == 2


def test_scopus_rows_sharing_a_title_with_four_eids_are_four_works(tmp_path):
    """The four parts of the ICCSA 2010 proceedings: one title, no author, EIDs 2-s2.0-77952412778,
    -77952395878, -77952380739, -77952335527."""
    _, quads = converted([REAL / "scopus_csv/litstudy__scopus.csv"], tmp_path / "out.nq")
    assert len(works_titled(quads, "Computational Science and Its Applications - ICCSA 2010")) == 4


def test_scopus_rows_sharing_a_title_with_two_dois_are_two_works(tmp_path):
    """'Law and Sociology' (Freeman, 2012): the book and its first chapter, two EIDs, two DOIs."""
    _, quads = converted([REAL / "scopus_csv/metaknowledge__scopus_testing.csv"], tmp_path / "out.nq")
    assert len(works_titled(quads, "Law and Sociology")) == 2


# -- names and scripts -----------------------------------------------------------------------

def first_record(path: Path, encoding: str = "auto"):
    _, items = read_source(Source(str(path), encoding))
    return next(item for item in items if not isinstance(item, InputError))


def record_with_id(path: Path, source_id: str):
    _, items = read_source(Source(str(path)))
    return next(item for item in items
                if not isinstance(item, InputError) and item.source_id == source_id)


def test_wos_family_first_af_names_keep_the_family_name():
    """WOS:000263601300039 lists 'AU Zhang, ZW' and 'AF Zhang Zhi-Wei'."""
    record = record_with_id(REAL / "wos/metaknowledge__savedrecs.txt", "WOS:000263601300039")
    families = [c.family for c in record.work.contributors]
    assert families[:3] == ["Zhang", "Wen", "Zhang"]


def test_scopus_bibtex_comma_separated_authors_are_four_people():
    """author={D'Ambrosio, A.a , Aria, M.a , Iorio, C.b , Siciliano, R.b } (Scopus, 2017): four
    persons, their initials without the affiliation letters."""
    record = first_record(REAL / "bibtex/bibliometrix__scopus.bib")
    assert [c.family for c in record.work.contributors] == ["D'Ambrosio", "Aria", "Iorio", "Siciliano"]
    assert [c.given for c in record.work.contributors] == ["A.", "M.", "C.", "R."]


def test_a_cyrillic_title_is_part_of_the_work_key(tmp_path):
    """The record's only title is Cyrillic (ST); before every script was kept, its key was
    'work|t=|y=2009|fa=dobrokhotova', shared by any untitled 2009 paper of that first author."""
    _, quads = converted([REAL / "ris/rispy__example_utf_chars.ris"], tmp_path / "out.nq")
    (iri,) = work_iris(quads)
    assert iri != f"{DEFAULT_BASE}work/{digest('work|t=|y=2009|fa=dobrokhotova')}"
    titles = [q.object.value for q in quads if q.predicate == TITLE and q.subject.value == iri]
    assert titles == ["Состояние рецепторного аппарата эндометрия и метаболизм эстрогенов при "
                      "гиперплазиях эндометрия в позднем репродуктивном периоде"]


def test_a_gbk_bibtex_file_read_with_its_encoding_keeps_chinese_names():
    record = first_record(REAL / "bibtex/bibtexparser__gbk_test.bib", "gb18030")
    assert [c.name for c in record.work.contributors] == ["凯撒"]
    assert record.work.venue.title == "测试期刊"
