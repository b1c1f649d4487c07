"""The BibTeX reader: corpus counts, spot checks, sniffing, bad input, LaTeX decoding, properties."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from kg.errors import InputError
from kg.model import Record, Status, WorkType
from kg.readers import sniff
from kg.readers.bibtex import read_bibtex
from kg.readers.bibtex import sniff as sniff_bibtex
from kg.readers.citation_fields import doi_in
from kg.readers.latex import decode_latex
from kg.readers.source import Source
from tests.reader_helpers import read_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDER = CORPUS / "bibtex"
DATA = ROOT / "tests" / "data" / "bibtex"

# PROVENANCE.md counts @-entries; biblatex-examples' 92 include two @set entries,
# which group other entries and are not works of their own.
COUNTS = {
    "biblatex__biblatex-examples.bib": 90,
    "crossref_cn_10.1126_science.169.3946.635.bib": 1,
    "jabref__complex.bib": 20,
    "jabref__jabref-authors.bib": 212,
    "jabref__testjabref.bib": 156,
    "jabref__utf8-bom.bib": 2,
}


def corpus_path(name: str) -> Path:
    if not FOLDER.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    return FOLDER / name


def read(path: Path | str) -> list[Record | InputError]:
    return list(read_bibtex(Source(str(path))))


def by_id(items: list, source_id: str) -> Record:
    return next(r for r in items if isinstance(r, Record) and r.source_id == source_id)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_reads_completely(name):
    items = read(corpus_path(name))
    assert [i for i in items if isinstance(i, InputError)] == []
    assert len(items) == COUNTS[name]
    assert [r.index for r in items] == list(range(1, len(items) + 1))


def test_every_corpus_file_is_counted():
    corpus_path("")
    assert {p.name for p in FOLDER.glob("*.bib")} == set(COUNTS)


SPOT = [
    ("biblatex__biblatex-examples.bib", "aksin", dict(
        title="Effect of immobilization on catalytic characteristics of saturated "
              "Pd-N-heterocyclic carbenes in Mizoroki-Heck reactions",
        author=("Özge Aksın", "Aksın"), year=2006, venue="J. Organomet. Chem.",
        volume="691", issue="13", pages=("3027", "3036"), doi=None)),
    ("biblatex__biblatex-examples.bib", "westfahl:space", dict(
        title="The True Frontier: Confronting and Avoiding the Realities of Space in "
              "American Science Fiction Films",
        author=("Gary Westfahl", "Westfahl"), year=2000, venue=None, volume=None,
        issue=None, pages=("55", "65"), doi=None,
        host="Space and Beyond: The Frontier Theme in Science Fiction")),
    ("crossref_cn_10.1126_science.169.3946.635.bib", "Frank_1970", dict(
        title="The Structure of Ordinary Water: New data and interpretations are yielding "
              "new insights into this fascinating substance.",
        author=("Henry S. Frank", "Frank"), year=1970, month=8, venue="Science",
        volume="169", issue="3946", pages=("635", "641"),
        doi="10.1126/science.169.3946.635")),
    ("jabref__complex.bib", "1102917", dict(
        title="The trouble with login: on usability and computer security in ubiquitous "
              "computing",
        author=("E. Bardram", "Bardram"), year=2005, venue="Personal Ubiquitous Comput.",
        volume="9", issue="6", pages=("357", "367"), doi="10.1007/s00779-005-0347-6")),
    ("jabref__jabref-authors.bib", "GarridoKallstromKummEtAl2016", dict(
        title="CORDIC II: A New Improved CORDIC Algorithm",
        author=("Mario Garrido", "Garrido"), year=2016,
        venue="IEEE Trans. on Circuits and Systems", volume="63-II", issue="2",
        pages=("186", "190"), doi="10.1109/tcsii.2015.2483422")),
    ("jabref__testjabref.bib", "Baccus1998Synapticfacilitationbyreflectedactionpotentials--"
     "enhancementoftransmissionwhennerveimpulsesreversedirectionataxonbranchpoints."
     "ProcNatlAcadSciUSA", dict(
        title="Synaptic facilitation by reflected action potentials: enhancement of "
              "transmission when nerve impulses reverse direction at axon branch points.",
        author=("S. A. Baccus", "Baccus"), year=1998, month=7,
        venue="Proc Natl Acad Sci U S A", volume="95", issue="14",
        pages=("8345", "8350"), doi=None, pmid="9653189")),
    ("jabref__utf8-bom.bib", "Aal2005", dict(
        title="Pi Calculus Versus Petri Nets: Let Us Eat Humble Pie Rather Than Further "
              "Inflate the Pi Hype",
        author=("W.M.P. van der Aalst", "Aalst"), year=2005, month=5, venue="BPTrends",
        volume="3", issue="5", pages=("1", "11"), doi=None)),
]


@pytest.mark.parametrize(("name", "key", "expected"), SPOT, ids=[s[1][:30] for s in SPOT])
def test_spot_check(name, key, expected):
    record = by_id(read(corpus_path(name)), key)
    work = record.work
    assert record.source == "bibtex" and record.path.endswith(name)
    assert work.title == expected["title"]
    assert (work.contributors[0].name, work.contributors[0].family) == expected["author"]
    assert work.issued.year == expected["year"]
    if "month" in expected:
        assert work.issued.month == expected["month"]
    assert (work.venue.title if work.venue else None) == expected["venue"]
    assert (work.volume, work.issue) == (expected["volume"], expected["issue"])
    assert (work.page_start, work.page_end) == expected["pages"]
    assert work.doi == expected["doi"]
    assert work.pmid == expected.get("pmid")
    assert work.host_title == expected.get("host")


def test_collection_named_by_booktitle_and_month_macro():
    items = read(corpus_path("jabref__utf8-bom.bib"))
    collection = by_id(items, "Hsu1993")
    assert collection.work.title == "Special issue on workflow and extented transaction systems"
    assert collection.work.type is WorkType.BOOK
    assert collection.work.issued.isoformat() == "1993-06"


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_sniffs_as_bibtex(name):
    assert sniff(Source(str(corpus_path(name)))) == "bibtex"


# -- fixtures of our own ------------------------------------------------------------------

def test_broken_entries_are_errors_and_reading_goes_on():
    items = read(DATA / "broken.bib")
    assert [r.source_id for r in items if isinstance(r, Record)] == ["good1", "good2"]
    errors = [e for e in items if isinstance(e, InputError)]
    assert [(e.record, e.line) for e in errors] == [("unclosed", 14), ("notitle", 19)]
    assert "unbalanced braces" in errors[0].message
    assert errors[1].message == "no title"
    assert str(errors[0]).startswith(str(DATA / "broken.bib") + ":14 (record unclosed)")
    assert by_id(items, "good2").index == 4


def test_truncated_file_names_the_cut_entry():
    (error,) = read(DATA / "truncated.bib")
    assert isinstance(error, InputError)
    assert error.record == "cut" and error.line == 1
    assert "ends inside this entry" in error.message


def test_features_strings_crossref_biblatex_fields():
    items = read(DATA / "features.bib")
    assert all(isinstance(i, Record) for i in items)
    assert [r.source_id for r in items] == ["child", "biblatex", "paren", "draft", "parent"]
    child = by_id(items, "child").work
    assert child.type is WorkType.CHAPTER
    assert child.title == "A Chapter: With a Subtitle"
    assert child.host_title == "The Parent Book: Collected Papers"  # crossref read later
    assert child.publisher == "Parent Press" and child.issued.year == 2000
    assert [c.name for c in child.contributors] == ["John F. Sherry Jr.",
                                                    "World Health Organization"]
    assert child.contributors[1].collective and not child.contributors[0].collective

    article = by_id(items, "biblatex").work
    assert article.title == ("CRISPR screens in Escherichia coli: 50% of genes — and "
                             "α-helices")
    assert [(c.given, c.family) for c in article.contributors] == [
        ("Anna", "van der Berg"), ("José", "de la Cruz"), ("Christian", "Ng")]
    assert article.venue.title == "Journal of Tests"
    assert article.venue.abbreviation == "J. Tests" and article.venue.issn == "0284-186X"
    assert article.issued.isoformat() == "2019-03-15"
    assert (article.volume, article.issue, article.article_number) == ("7", "2", "e1234")
    assert article.doi == "10.1234/abc.5678" and article.pmid == "31234567"
    assert article.language == "de"
    assert [s.label for s in article.subjects] == ["first", "second"]
    assert article.abstract == "An abstract with ß and ö."
    assert article.url == "http://example.org/a_b"
    assert article.status == (Status.ACCEPTED,)

    book = by_id(items, "paren").work
    assert book.title == "A book (with parentheses) in a paren entry"
    assert book.publisher == "Test Press"  # @string with # concatenation
    assert book.issued.isoformat() == "1907-08"
    assert by_id(items, "draft").work.status == (Status.UNPUBLISHED,)


# -- database exports (tests/data/real, see its SOURCES.md) ----------------------------------

REAL = ROOT / "tests" / "data" / "real" / "bibtex"


@pytest.mark.parametrize(("name", "key", "people"), [
    # author={Iorio, C.a  and Frasso, G.b  and D'Ambrosio, A.a  and Siciliano, R.c }
    ("bibliometrix__DISESscopus.bib", "Iorio201626",
     [("Iorio", "C."), ("Frasso", "G."), ("D'Ambrosio", "A."), ("Siciliano", "R.")]),
    # author={Langfield, S.a  b  and Pagano, M.a  b }: two affiliations each
    ("bibliometrix__DISESscopus.bib", "Langfield201653", [("Langfield", "S."), ("Pagano", "M.")]),
    # author={Leuci, S.a , Aria, M.b , …, Mignogna, M.D.a }: commas, no "and"
    ("bibliometrix__scopus.bib", "Leuci2016465",
     [("Leuci", "S."), ("Aria", "M."), ("Nicol", "M."), ("Spagnuolo", "G."),
      ("Warnakulasuriya", "K."), ("Mignogna", "M.D.")]),
    # author={Siciliano, R., D’Ambrosio, A., Aria, M., Amodio, S.}: commas, no letters
    ("bibliometrix__scopus.bib", "Siciliano2016325",
     [("Siciliano", "R."), ("D’Ambrosio", "A."), ("Aria", "M."), ("Amodio", "S.")]),
])
def test_scopus_authors_are_persons_without_affiliation_letters(name, key, people):
    work = by_id(read(REAL / name), key).work
    assert [(c.family, c.given) for c in work.contributors] == people
    assert work.contributors[-1].initials == people[-1][1].replace(".", "")


@pytest.mark.parametrize(("author", "people"), [
    ("Sherry, Jr., John F.", [("Sherry", "John F.")]),  # von Last, Jr, First: one person
    ("Smith, J.a , Doe, A. B.b ,", [("Smith", "J."), ("Doe", "A. B.")]),  # trailing comma
    ("Smith, J. and Ng, Ka", [("Smith", "J."), ("Ng", "Ka")]),  # "Ka" is a name, not letters
])
def test_comma_separated_lists_only_of_family_and_initials(author, people):
    (record,) = _read_text(f"@article{{k, author = {{{author}}}, title = {{T}}}}")
    assert [(c.family, c.given) for c in record.work.contributors] == people


def test_a_comma_list_of_full_names_is_left_to_bibtex():
    """Given names that are not initials: no Scopus list, one (malformed) BibTeX name."""
    (record,) = _read_text("@article{k, author = {Smith, John, Doe, Jane}, title = {T}}")
    assert len(record.work.contributors) == 1


def test_a_book_series_is_a_series_not_a_journal():
    """@InProceedings with series = {Lecture Notes in Computer Science} (JabRef authors' file)."""
    work = by_id(read(corpus_path("jabref__jabref-authors.bib")), "GustafssonOlofsson2007").work
    assert work.type is WorkType.CONFERENCE_PAPER
    assert (work.venue.title, work.venue.series) == ("Lecture Notes in Computer Science", True)
    article = by_id(read(REAL / "bibliometrix__DISES-wos.bib"), "ISI:000371557900003").work
    assert (article.venue.title, article.venue.series) == ("EXPERT SYSTEMS WITH APPLICATIONS", False)


@pytest.mark.parametrize(("latex", "text"), [
    (r"Aks{\i}n, {\"O}zge", "Aksın, Özge"),
    (r"{\c{C}}etinkaya and {\ss} and \'{e}t\'e", "Çetinkaya and ß and été"),
    (r"pages 635--641 and 1---2", "pages 635–641 and 1—2"),
    (r"A \& B, 50\% of {DNA}", "A & B, 50% of DNA"),
    (r"\textit{in vivo} and \texttt{code} and C\textsuperscript{2}", "in vivo and code and C2"),
    (r"$\alpha$-helix", "α-helix"),
    (r"The {\TeX}book, \noopsort{a}sorted", "The TeXbook, sorted"),
    ("plain text stays as it is", "plain text stays as it is"),
])
def test_decode_latex(latex, text):
    assert decode_latex(latex) == text


def test_empty_and_binary_files_raise_input_error(tmp_path):
    empty = tmp_path / "empty.bib"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read(empty)
    binary = tmp_path / "binary.bib"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="binary"):
        read(binary)


def test_text_without_entries_gives_nothing(tmp_path):
    path = tmp_path / "notes.bib"
    path.write_text("just some notes, no entries at all\n")
    assert read(path) == []


# -- properties ---------------------------------------------------------------------------

def _read_text(text: str) -> list:
    return read_text(read_bibtex, text, ".bib", refused_as_empty=True)


_BIBTEX_CHARS = st.sampled_from(list("@{}()=,\"#%\\ \n~$-_abcdeAT0123") +
                                ["@article{", "title = {", "author = ", " and ", "},\n",
                                 "@string{", "\\\"", "{\\", "crossref = {k}", "month = jan",
                                 "author = {A, B.a , C, D.b }", "isbn = {0-306-40615-2}",
                                 "eprint = {hep-th/9603067v1}", "archiveprefix = {arXiv}",
                                 "unique-id = {ISI:", "url = {https://www.scopus.com/?eid=2-s2.0-1"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BIBTEX_CHARS, max_size=200).map("".join))
def test_random_bibtex_like_text_only_gives_input_errors(text):
    for item in _read_text(text):
        assert isinstance(item, (Record, InputError))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_fixture_only_gives_input_errors(data):
    text = (DATA / "features.bib").read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        insert = data.draw(st.text(alphabet="{}@\"#,=\\ \nx", max_size=5))
        text = text[:at] + insert + text[at + cut:]
    for item in _read_text(text):
        assert isinstance(item, (Record, InputError))


@given(st.text(alphabet=st.characters(blacklist_characters="\\{}$~%-`'"), max_size=200))
def test_decode_latex_leaves_plain_text_alone(text):
    assert decode_latex(text) == text


@given(st.text(max_size=60))
def test_doi_in_is_idempotent(text):
    once = doi_in(text)
    assert once is None or doi_in(once) == once


@given(st.text(max_size=400))
def test_sniff_gives_a_score_for_any_head(head):
    assert 0 <= sniff_bibtex(head) <= 100
