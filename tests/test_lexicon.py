"""Data tests for the lexicon tables (ontology/lexicon) and the matcher in kg.extraction.lexicon."""

from __future__ import annotations

import dataclasses
from pathlib import Path
import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st
import pytest

from kg.concepts import DERIVED_TABLES, TSV_HEADER, curie_iri, default_tables, read_table
from kg.errors import InputError
from kg.extraction.lexicon import Lexicon, LexiconMatch, normalise_token
from kg.resources import ontology_file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = SHARED / "vocab-sources"
SEED = ROOT / "examples" / "seed.txt"
LEXICON = ontology_file("lexicon")
TABLES = sorted(LEXICON.glob("*.tsv"))
HAND_MADE = [path for path in TABLES if path.name not in DERIVED_TABLES]
needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason=f"{SOURCES} is absent")

CURIE_LOCAL = {
    "NCIT": r"C\d+", "MESH": r"[CD]\d+", "DOID": r"\d+", "CHEBI": r"\d+", "UMLS": r"C\d{7}",
    "ONCOTREE": r"[A-Z0-9_]+(?:[-/][A-Z0-9_]+)*", "UO": r"\d{7}", "KG": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "UCUM": r"[!-~]+",
}
TABLE_TYPES = {
    "diseases.tsv": {"disease"}, "drugs.tsv": {"drug"}, "responses.tsv": {"response", "observation"},
    "routes.tsv": {"route"}, "units.tsv": {"unit"}, "treatment_lines.tsv": {"treatment_line"},
}

# (words as printed in the seed abstract, concept): every occurrence must be found, whole.
SEED_MENTIONS = [
    ("carcinoids", "NCIT:C2915"),
    ("medullary thyroid carcinomas", "NCIT:C3879"),
    ("Merkel cell carcinoma", "NCIT:C9231"),
    ("neuroendocrine pancreatic tumor", "NCIT:C27720"),
    ("neuroendocrine tumors", "NCIT:C3809"),
    ("metaiodobenzylguanidine", "MESH:D019797"),
    ("MIBG", "MESH:D019797"),
    ("MIGB", "MESH:D019797"),
    ("streptozotocin", "MESH:D013311"),
    ("epirubicin", "MESH:D015251"),
    ("recombinant IFN α2a", "KG:recombinant-interferon-alfa-2a"),
    ("rinterferon α2a", "KG:recombinant-interferon-alfa-2a"),
    ("mg/m2", "UCUM:mg/m2"),
    ("intravenously", "NCIT:C38276"),
    ("Stable disease", "NCIT:C18213"),
    ("progressive disease", "NCIT:C35571"),
    ("partial response", "NCIT:C18058"),
    ("relief of symptoms", "KG:symptom-relief"),
    ("tumor marker reduction", "KG:tumor-marker-reduction"),
    ("subjective improvement", "KG:subjective-improvement"),
    ("Salvage treatment", "KG:salvage-therapy"),
    ("second line treatment", "KG:second-line-therapy"),
    ("second-line treatment", "KG:second-line-therapy"),
]

# Spellings the matcher's normalisation (or a listed synonym) must resolve to one concept.
VARIANTS = [
    ("MIBG", "MESH:D019797"), ("MIGB", "MESH:D019797"), ("metaiodobenzylguanidine", "MESH:D019797"),
    ("meta-iodobenzylguanidine", "MESH:D019797"), ("iobenguane", "MESH:D019797"),
    ("streptozotocin", "MESH:D013311"), ("streptozocin", "MESH:D013311"), ("Epirubicin", "MESH:D015251"),
    ("interferon α2a", "KG:recombinant-interferon-alfa-2a"),
    ("interferon alfa-2a", "KG:recombinant-interferon-alfa-2a"),
    ("interferon alpha-2a", "KG:recombinant-interferon-alfa-2a"),
    ("interferon alpha 2a", "KG:recombinant-interferon-alfa-2a"),
    ("IFN α2a", "KG:recombinant-interferon-alfa-2a"), ("IFN-α2a", "KG:recombinant-interferon-alfa-2a"),
    ("recombinant IFN α2a", "KG:recombinant-interferon-alfa-2a"),
    ("carcinoid", "NCIT:C2915"), ("carcinoids", "NCIT:C2915"), ("carcinoid tumour", "NCIT:C2915"),
    ("carcinoid tumours", "NCIT:C2915"), ("medullary thyroid carcinoma", "NCIT:C3879"),
    ("medullary thyroid carcinomas", "NCIT:C3879"), ("Merkel cell carcinoma", "NCIT:C9231"),
    ("Merkel-cell carcinoma", "NCIT:C9231"), ("neuroendocrine pancreatic tumour", "NCIT:C27720"),
    ("pancreatic neuroendocrine tumour", "NCIT:C27720"), ("neuroendocrine tumours", "NCIT:C3809"),
    ("neuroendocrine tumors", "NCIT:C3809"), ("neuroendocrine tumour", "NCIT:C3809"),
    ("complete response", "NCIT:C4870"), ("CR", "NCIT:C4870"), ("PR", "NCIT:C18058"),
    ("SD", "NCIT:C18213"), ("PD", "NCIT:C35571"), ("stable diseases", "NCIT:C18213"),
    ("symptom relief", "KG:symptom-relief"), ("tumour marker reduction", "KG:tumor-marker-reduction"),
    ("i.v.", "NCIT:C38276"), ("intravenous", "NCIT:C38276"),
    ("mg/m²", "UCUM:mg/m2"), ("mg/m2", "UCUM:mg/m2"), ("mg per square metre", "UCUM:mg/m2"),
    ("mg/kg", "UCUM:mg/kg"), ("μg/kg", "UCUM:ug/kg"), ("µg/kg", "UCUM:ug/kg"), ("MBq", "UCUM:MBq"),
    ("first-line", "KG:first-line-therapy"), ("first line", "KG:first-line-therapy"),
    ("second-line", "KG:second-line-therapy"), ("neo-adjuvant", "KG:neoadjuvant-therapy"),
]


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory: pytest.TempPathFactory) -> Lexicon:
    return Lexicon.load(cache_dir=tmp_path_factory.mktemp("lexicon-cache"))


def rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]


def valid_curie(curie: str) -> bool:
    prefix, _, local = curie.partition(":")
    return prefix in CURIE_LOCAL and re.fullmatch(CURIE_LOCAL[prefix], local) is not None


# ---------------------------------------------------------------- the tables as data

def test_the_expected_tables_ship() -> None:
    assert set(TABLE_TYPES) <= {path.name for path in TABLES}
    assert default_tables()[-len(DERIVED_TABLES):] == tuple(LEXICON / n for n in sorted(DERIVED_TABLES))


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_table_parses_with_the_header_and_five_cells(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert tuple(lines[0].split("\t")) == TSV_HEADER
    assert lines[-1] == "" and all(lines[1:-1]), "one row per line, newline at the end"
    for cells in rows(path):
        assert len(cells) == 5 and cells[0] and cells[1], cells
        assert all(cell == cell.strip() for cell in cells), cells
        assert all(item for item in cells[2].split("|") if cells[2]), f"empty synonym in {cells[0]}"
    assert len(read_table(path)) == len(lines) - 2


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_ids_are_unique_and_typed(path: Path) -> None:
    ids = [cells[0] for cells in rows(path)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})[:5]
    assert {cells[3] for cells in rows(path)} <= TABLE_TYPES.get(path.name, {cells[3] for cells in rows(path)})


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_ids_and_xrefs_are_valid_curies(path: Path) -> None:
    for cells in rows(path):
        xrefs = [x for x in cells[4].split("|") if x]
        bad = [c for c in (cells[0], *xrefs) if not valid_curie(c)]
        assert not bad, f"{cells[0]}: {bad}"
        assert cells[0] not in xrefs and len(xrefs) == len(set(xrefs))


def test_ids_are_unique_across_tables_and_no_xref_names_another_row() -> None:
    owner: dict[str, str] = {}
    for path in TABLES:
        for cells in rows(path):
            assert cells[0] not in owner, f"{cells[0]} in {owner.get(cells[0])} and {path.name}"
            owner[cells[0]] = path.name
    for path in TABLES:
        for cells in rows(path):
            assert not [x for x in cells[4].split("|") if x in owner], cells[0]


@pytest.mark.parametrize("path", [LEXICON / n for n in sorted(DERIVED_TABLES)], ids=lambda p: p.name)
def test_derived_tables_keep_no_short_or_common_synonyms(path: Path) -> None:
    for cells in rows(path):
        for synonym in (s for s in cells[2].split("|") if s):
            compact = synonym.replace(" ", "")
            assert len(compact) > 3 or synonym.isupper(), f"{cells[0]}: {synonym!r}"
            assert synonym.casefold() not in {"all", "was", "lead", "aim", "set", "can", "water"}


def test_seed_concepts_carry_the_checked_cross_references() -> None:
    table = {cells[0]: cells for path in TABLES for cells in rows(path)}
    assert {"CHEBI:9288", "NCIT:C845"} <= set(table["MESH:D013311"][4].split("|"))
    assert "CHEBI:47898" in table["MESH:D015251"][4].split("|")
    assert {"DOID:169", "MESH:D018358"} <= set(table["NCIT:C3809"][4].split("|"))
    assert {"DOID:3973", "MESH:C536914"} <= set(table["NCIT:C3879"][4].split("|"))
    assert "DOID:3965" in table["NCIT:C9231"][4].split("|")
    assert "NCIT:C4068" not in table["NCIT:C9231"][4].split("|"), "DOID's wrong NCIt code is dropped"
    assert "UO:0000309" in table["UCUM:mg/m2"][4].split("|")


@needs_sources
@pytest.mark.parametrize("path", HAND_MADE, ids=lambda p: p.name)
def test_hand_made_codes_are_found_in_a_source_file(path: Path) -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.iterdir()) if p.is_file())
    for cells in rows(path):
        for curie in (cells[0], *(x for x in cells[4].split("|") if x)):
            prefix, _, local = curie.partition(":")
            if prefix in ("KG", "UCUM"):
                continue
            needle = curie if prefix == "UO" else local
            assert re.search(rf"(?<![\w.]){re.escape(needle)}(?!\w)", corpus), f"{curie} ({path.name})"


@needs_sources
def test_build_script_reproduces_the_shipped_tables(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "tools" / "build_lexicon.py"
    done = subprocess.run([sys.executable, str(script), "--sources", str(SOURCES), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for name in sorted(DERIVED_TABLES):
        assert (tmp_path / name).read_bytes() == (LEXICON / name).read_bytes(), f"{name} is out of date"


def test_a_malformed_table_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tlabel\tsynonyms\ttype\txrefs\nKG:x\tX\tdrug\n", encoding="utf-8")
    with pytest.raises(InputError, match="5 tab-separated cells") as caught:
        Lexicon.load([bad], cache_dir=None)
    assert caught.value.line == 2
    (tmp_path / "header.tsv").write_text("id\tname\n", encoding="utf-8")
    with pytest.raises(InputError, match="header"):
        read_table(tmp_path / "header.tsv")


# ---------------------------------------------------------------- the matcher

def test_seed_mentions_resolve_at_the_right_offsets(lexicon: Lexicon) -> None:
    text = SEED.read_text(encoding="utf-8")
    found = lexicon.find(text)
    assert all(text[m.start:m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:])), "matches never overlap"
    by_span = {(m.start, m.end): m.concept.id for m in found}
    for words, concept_id in SEED_MENTIONS:
        starts = [m.start() for m in re.finditer(re.escape(words), text)]
        assert starts, f"{words!r} is not in the seed"
        for start in starts:
            assert by_span.get((start, start + len(words))) == concept_id, (words, start)


def test_seed_mentions_of_one_type(lexicon: Lexicon) -> None:
    text = SEED.read_text(encoding="utf-8")
    drugs = lexicon.find(text, types={"drug"})
    assert drugs and {m.concept.type for m in drugs} == {"drug"}
    assert {"MESH:D019797", "MESH:D013311", "MESH:D015251"} <= {m.concept.id for m in drugs}
    assert not lexicon.find(text, types={"no-such-type"})


@pytest.mark.parametrize(("words", "concept_id"), VARIANTS)
def test_variants_resolve_to_one_concept(lexicon: Lexicon, words: str, concept_id: str) -> None:
    concept = lexicon.lookup(words)
    assert concept is not None and concept.id == concept_id, (words, concept)


@pytest.mark.parametrize("text", [
    "mean ± sd", "the pr interval", "an sd of 3", "cr", "mibg", "ifn", "PD-1 blockade", "anti-PD-L1",
    "PR-positive tumours", "10 MG", "Gray matter", "all patients was set", "lead", "the water",
    "disease", "IL2RA", "CRs",
])
def test_lowercase_words_and_embedded_abbreviations_do_not_match(lexicon: Lexicon, text: str) -> None:
    assert [(m.text, m.concept.id) for m in lexicon.find(text)] == []


def test_units_follow_numbers_and_keep_their_case(lexicon: Lexicon) -> None:
    found = lexicon.find("500mg/m2 and 1.5 mg/kg; MG is myasthenia gravis; 40 Gy in 20 fractions; a 5-mg dose")
    assert [(m.text, m.concept.id) for m in found if m.concept.type == "unit"] == [
        ("mg/m2", "UCUM:mg/m2"), ("mg/kg", "UCUM:mg/kg"), ("Gy", "UCUM:Gy"), ("mg", "UCUM:mg")]


def test_normalisation() -> None:
    assert normalise_token("Tumours") == normalise_token("tumor") == "tumor"
    assert normalise_token("haematological") == normalise_token("hematological")
    assert normalise_token("oesophageal") == normalise_token("esophageal")
    assert normalise_token("α") == "alpha" and normalise_token("alfa") == "alpha"
    assert normalise_token("therapies") == normalise_token("therapy")
    assert normalise_token("metastasis") == normalise_token("metastases")
    assert normalise_token("virus") == "virus" and normalise_token("analysis") == "analysis"


def test_concepts_map_curies_to_iris(lexicon: Lexicon) -> None:
    carcinoid = lexicon.get("NCIT:C2915")
    assert carcinoid is not None and carcinoid.iri == "http://purl.obolibrary.org/obo/NCIT_C2915"
    assert lexicon.get("MESH:D013311").iri == "http://id.nlm.nih.gov/mesh/D013311"
    assert curie_iri("DOID:169") == "http://purl.obolibrary.org/obo/DOID_169"
    assert curie_iri("CHEBI:9288") == "http://purl.obolibrary.org/obo/CHEBI_9288"
    assert curie_iri("UMLS:C0206754") == "http://linkedlifedata.com/resource/umls/id/C0206754"
    assert curie_iri("ONCOTREE:MDS/MPN").endswith("/MDS%2FMPN")
    salvage = lexicon.get("KG:salvage-therapy")
    assert salvage.iri is None
    assert salvage.iri_in("https://w3id.org/litkg/id/") == "https://w3id.org/litkg/id/concept/salvage-therapy"
    assert lexicon.get("UCUM:mg/m2").iri is None and lexicon.get("UCUM:mg/m2").code == "mg/m2"


def test_concepts_are_found_by_any_cross_reference(lexicon: Lexicon) -> None:
    assert [c.id for c in lexicon.by_xref("NCIT:C845")] == ["MESH:D013311"]
    assert [c.id for c in lexicon.by_xref("CHEBI:9288")] == ["MESH:D013311"]
    assert "NCIT:C3809" in [c.id for c in lexicon.by_xref("DOID:169")]
    assert [c.id for c in lexicon.by_xref("NCIT:C2915")] == ["NCIT:C2915"]
    assert lexicon.by_xref("NCIT:C0") == () and "NCIT:C0" not in lexicon and lexicon.get("X:1") is None
    assert len(lexicon) == sum(len(rows(path)) for path in TABLES)


def test_the_compiled_cache_is_reused_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    table = tmp_path / "mini.tsv"
    table.write_text("id\tlabel\tsynonyms\ttype\txrefs\nKG:a\tAlpha thing\tAT-1\tdrug\t\n", encoding="utf-8")
    first = Lexicon.load([table], cache_dir=tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob("*.pickle")
    again = Lexicon.load([table], cache_dir=tmp_path / "cache")
    assert [m.concept.id for m in again.find("an alpha things")] == ["KG:a"] == \
        [m.concept.id for m in first.find("an alpha things")]
    cached.write_bytes(b"not a pickle")
    assert [m.text for m in Lexicon.load([table], cache_dir=tmp_path / "cache").find("AT-1.")] == ["AT-1"]
    table.write_text(table.read_text(encoding="utf-8") + "KG:b\tBeta thing\t\tdrug\t\n", encoding="utf-8")
    assert Lexicon.load([table], cache_dir=tmp_path / "cache").lookup("beta thing").id == "KG:b"
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1, "the stale compiled copy is gone"


@pytest.mark.parametrize("text", [
    "",
    "carcinoma " * 100_000,
    "in " * 300_000,
    "x" * 1_000_000,
    "".join(chr(c) for c in range(32)) * 30_000,
    "(" * 1_000_000,
    "Меркель 細胞 carcinoma α2a β γ — ملف MIBG\ud800 🧪 " * 20_000,
    "x" + " -" * 500_000,
])
def test_hostile_input_gives_mentions_that_slice_the_text(lexicon: Lexicon, text: str) -> None:
    """How long these take: `bench/extract.py --hostile` (the lexicon path)."""
    found = lexicon.find(text)
    assert all(text[m.start:m.end] == m.text for m in found)
    if text.startswith("carcinoma"):
        assert len(found) == 100_000 and found[-1].concept.id == lexicon.lookup("carcinoma").id


def test_lexicon_graph_has_every_concept_labelled_and_linked():
    import pyoxigraph as ox

    from kg.concepts import default_tables, read_table
    from kg.mapping.lexicon import lexicon_ntriples
    base = "https://example.org/kg/"
    triples = list(ox.parse(lexicon_ntriples(base), format=ox.RdfFormat.N_TRIPLES))
    ids = {c.id for table in default_tables() for c in read_table(table)}
    skos = "http://www.w3.org/2004/02/skos/core#"
    labelled = {t.subject.value for t in triples if t.predicate.value == skos + "prefLabel"}
    schemes = {t.subject.value for t in triples if t.predicate.value == skos + "inScheme"}
    assert len(labelled) == len(ids) and labelled == schemes
    matches = [t.object.value for t in triples if t.predicate.value == skos + "exactMatch"]
    assert len(matches) > 10_000
    assert all(m.startswith(("http://purl.obolibrary.org/obo/", "http://id.nlm.nih.gov/mesh/",
                             "http://linkedlifedata.com/", "http://oncotree", "https://oncotree"))
               for m in matches), {m.rsplit("/", 1)[0] for m in matches}
    streptozocin = {t.object.value for t in triples if t.subject.value == "http://id.nlm.nih.gov/mesh/D013311"
                    and t.predicate.value == skos + "exactMatch"}
    assert "http://purl.obolibrary.org/obo/CHEBI_9288" in streptozocin


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_split_cuts_like_the_general_one(text):
    from kg.extraction.lexicon_text import _SPLIT, _SPLIT_ASCII

    assert _SPLIT_ASCII.split(text) == _SPLIT.split(text)


# Words, and the gaps and odd characters that make a space-separated chunk start with a gap.
CHUNKY = st.lists(st.sampled_from([
    "interferon", "alfa", "2b", "MIBG", "mg", "m2", "500", "CR", "breast", "cancer", "α", "µg", "²", "(",
    ",", " ", "  ", "-", " - ", "_", "\t", "\n", "\x1c", "\u00a0", "\u2003", "–", "x" * 70,
]), max_size=30).map("".join)


@given(st.one_of(st.text(max_size=40), CHUNKY))
def test_tokens_from_the_chunk_cache_are_the_whole_text_cut(lexicon: Lexicon, text: str) -> None:
    from kg.extraction.lexicon_text import _FOLD, _SPLIT

    folded = text.translate(_FOLD)
    pieces = _SPLIT.split(folded)  # gap, token, gap, ..., token, gap
    tokens = pieces[1::2]
    keys = list(map(normalise_token, tokens))
    expected = [item for k, token in enumerate(tokens)
                for item in (token, keys[k], len(token) + len(pieces[2 * k + 2]), keys[k] in lexicon._root)]
    assert lexicon._tokens(folded) == (expected, len(pieces[0]))


def test_matches_are_ordinary_frozen_dataclasses(lexicon: Lexicon) -> None:
    (found,) = lexicon.find("streptozotocin")
    made = LexiconMatch(start=found.start, end=found.end, text=found.text, concept=found.concept)
    assert found == made and hash(found) == hash(made) and repr(found) == repr(made)
    assert dataclasses.asdict(found) == dataclasses.asdict(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.start = 1  # type: ignore[misc]


def test_loaded_lexicon_is_left_out_of_the_collectors_scans():
    import gc

    from kg.extraction.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert gc.get_freeze_count() > 0
    assert not any(o is lexicon._root for o in gc.get_objects())  # frozen: not scanned
