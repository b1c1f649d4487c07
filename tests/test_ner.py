"""Chemical/disease tagger: BC5CDR scores, offsets, determinism, decoding and hostile input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import numpy as np
import pytest

from kg.errors import InputError
from kg.extraction.abbreviations import find_abbreviations
from kg.extraction.crf import LinearChain
from kg.extraction.ner import Tagger, default_model_path, load_tagger
from kg.extraction.ner_model import load_model, save_model
from kg.extraction.tokens import find_aligned, token_texts, tokenize
from kg.training.evaluate import Report, score_bc5cdr, score_documents
from kg.training.pubtator import read_pubtator

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BC5CDR = SHARED / "corpus" / "bc5cdr"
DEV = BC5CDR / "CDR_DevelopmentSet.PubTator.txt"
TRAIN = BC5CDR / "CDR_TrainingSet.PubTator.txt"
needs_corpus = pytest.mark.skipif(not DEV.exists(), reason=f"BC5CDR corpus not found at {BC5CDR}")

SAMPLE = ("Naloxone reverses the antihypertensive effect of clonidine. In spontaneously "
          "hypertensive rats, 5-fluorouracil (5-FU) caused severe renal failure and "
          "cardiac asystole; 5-FU toxicity was dose dependent.")

PUBTATOR = """111|t|Cocaine-induced seizures.
111|a|Cocaine (COC) caused seizures in rats.
111\t0\t7\tCocaine\tChemical\tD003042
111\t16\t24\tseizures\tDisease\tD012640
111\t26\t33\tCocaine\tChemical\tD003042
111\t35\t38\tCOC\tChemical\tD003042|D000001
111\t47\t55\tseizures\tDisease\t-1
111\tCID\tD003042\tD012640

222|t|No mentions here.
222|a|Nothing at all.
"""


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return load_tagger()


def _check_entities(text: str, entities) -> None:
    last_end = -1
    for e in entities:
        assert text[e.start:e.end] == e.text
        assert e.text and not e.text[0].isspace() and not e.text[-1].isspace()
        assert e.type in ("Chemical", "Disease")
        assert e.start >= last_end, "mentions overlap or are out of order"
        last_end = e.end


# -- scores on the development split ------------------------------------------------------

@needs_corpus
def test_dev_split_meets_the_acceptance_bar(tagger: Tagger) -> None:
    report = score_bc5cdr(DEV, tagger)
    assert report.documents == 500
    assert report.spans["Chemical"].f1 >= 0.85, report.format_table()
    assert report.spans["Disease"].f1 >= 0.78, report.format_table()
    assert report.mesh["Chemical"].f1 >= 0.85, report.format_table()
    assert report.mesh["Disease"].f1 >= 0.80, report.format_table()
    doc = report.as_dict()
    json.dumps(doc)
    assert doc["spans"]["all"]["tp"] == report.spans["Chemical"].tp + report.spans["Disease"].tp
    assert "span+type" in report.format_table()


@needs_corpus
def test_offsets_slice_to_the_entity_text_on_the_corpus(tagger: Tagger) -> None:
    docs = read_pubtator(DEV)[:150]
    for doc, entities in zip(docs, tagger.tag_many(d.text for d in docs)):
        _check_entities(doc.text, entities)


@needs_corpus
def test_pruned_decoding_equals_full_viterbi_on_the_corpus(tagger: Tagger) -> None:
    for doc in read_pubtator(DEV)[:60]:
        scores = tagger.table.scores(tagger.encoder.encode(doc.text).ids)
        assert np.array_equal(tagger.chain.decode(scores), tagger.chain.decode_full(scores))


# -- behaviour on small texts --------------------------------------------------------------

def test_sample_mentions_and_mesh_ids(tagger: Tagger) -> None:
    entities = tagger.tag(SAMPLE)
    _check_entities(SAMPLE, entities)
    found = {(e.text, e.type) for e in entities}
    assert ("Naloxone", "Chemical") in found
    assert ("clonidine", "Chemical") in found
    assert ("renal failure", "Disease") in found or ("severe renal failure", "Disease") in found
    mesh = {e.text: e.mesh for e in entities}
    assert mesh["Naloxone"] == "D009270"
    assert mesh["clonidine"] == "D003000"
    # The abbreviation takes its long form's type and, through it, its MeSH id.
    fives = [e for e in entities if e.text == "5-FU"]
    assert len(fives) == 2 and all(e.type == "Chemical" for e in fives)
    assert all(e.mesh == mesh["5-fluorouracil"] for e in fives)


def test_output_is_deterministic(tagger: Tagger) -> None:
    first = tagger.tag(SAMPLE)
    assert tagger.tag(SAMPLE) == first
    fresh = Tagger(load_model(default_model_path()))
    assert fresh.tag(SAMPLE) == first
    texts = [SAMPLE, "", "aspirin", SAMPLE.upper(), SAMPLE]
    assert tagger.tag_many(texts, batch=2) == [tagger.tag(t) for t in texts]


def test_odd_whitespace_gives_the_same_mentions(tagger: Tagger) -> None:
    spaced = SAMPLE.replace(" ", "\n  \t")
    plain = [(e.text, e.type) for e in tagger.tag(SAMPLE)]
    odd = tagger.tag(spaced)
    _check_entities(spaced, odd)
    assert [(e.text, e.type) for e in odd] == [(t.replace(" ", "\n  \t"), k) for t, k in plain]


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "\x00", "\x00\x01\x02 cocaine \x1b[31m", "1e309", "-1e309 mg/kg NaN inf",
    "آسپرین و سرطان ریه", "アスピリン 肺癌 aspirin", "Ünïcödé çhëmïcäl ðîšéâšé",
    "\u200b\u200d\ufeff",
    "\ud800 lone surrogate", "x" * 100_000, "(" * 5_000, "(a (b (c)))" * 1_000,
    "5-FU (5-FU) (5-FU)" * 300, "a" * 70 + " (AAAAAAAAAAAA) " + "b" * 70,
])
def test_hostile_text_never_crashes(tagger: Tagger, text: str) -> None:
    _check_entities(text, tagger.tag(text))


def test_megabyte_of_one_word_gives_short_mentions(tagger: Tagger) -> None:
    """Mentions slice the text and stay short. How the time grows from 100 kB to 1 MB:
    `bench/bench_ner.py --hostile`."""
    small = "cocaine " * 12_500            # 100 kB
    big = "cocaine " * 125_000             # 1 MB
    few = tagger.tag(small)
    many = tagger.tag(big)
    _check_entities(big, many)
    assert all(len(e.text) <= 256 for e in many + few)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3_000))
def test_any_text_tags_the_same_twice(text: str) -> None:
    tagger = load_tagger()
    entities = tagger.tag(text)
    _check_entities(text, entities)
    assert tagger.tag(text) == entities


@settings(deadline=None, max_examples=40)
@given(st.lists(st.sampled_from(["cocaine", "renal", "failure", "(", ")", "CC", "-", "of",
                                 "5", "FU", "acute", "the", "hepatitis", ".", "\u00e9", ","]),
                max_size=400))
def test_word_salad_tags_consistently(words: list[str]) -> None:
    text = " ".join(words)
    tagger = load_tagger()
    _check_entities(text, tagger.tag(text))


# -- decoder -------------------------------------------------------------------------------

LABELS = ("O", "B-C", "I-C", "E-C", "S-C", "B-D", "I-D", "E-D", "S-D")


@settings(deadline=None, max_examples=80)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=60),
       st.floats(min_value=0.5, max_value=30))
def test_pruned_decoding_is_exact_on_random_scores(seed: int, n: int, scale: float) -> None:
    rng = np.random.default_rng(seed)
    trans = {(a, b): float(rng.normal(0, scale)) for a in LABELS for b in LABELS}
    chain = LinearChain(LABELS, trans)
    scores = rng.normal(0, scale, size=(n, len(LABELS)))
    scores[:, 0] += rng.uniform(0, 3 * scale)     # lean towards "O", as real text does
    best = chain.decode(scores)
    assert np.array_equal(best, chain.decode_full(scores))


def test_several_sequences_decode_as_one_each() -> None:
    rng = np.random.default_rng(7)
    chain = LinearChain(LABELS, {(a, b): float(rng.normal(0, 2)) for a in LABELS for b in LABELS})
    parts = [rng.normal(0, 3, size=(k, len(LABELS))) for k in (5, 1, 17)]
    stacked, firsts, lasts, blocked = [], [], [], []
    for part in parts:
        if stacked:
            stacked.append(np.zeros((2, len(LABELS))))
            firsts += [False, False]
            lasts += [False, False]
            blocked += [True, True]
        stacked.append(part)
        firsts += [True] + [False] * (len(part) - 1)
        lasts += [False] * (len(part) - 1) + [True]
        blocked += [False] * len(part)
    got = chain.decode_many(np.concatenate(stacked), np.array(firsts), np.array(lasts),
                            np.array(blocked))
    want = np.concatenate([np.concatenate([chain.decode_full(p), [0, 0]]) for p in parts])[:-2]
    assert np.array_equal(got, want)


# -- tokens, abbreviations, reader, model file ----------------------------------------------

@given(st.text(max_size=500))
def test_tokens_cover_every_non_space_character(text: str) -> None:
    toks = tokenize(text)
    assert [t.text for t in toks] == token_texts(text)
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert "".join(t.text for t in toks) == "".join(text.split())
    for t in toks:
        assert t.start in find_aligned(text, t.text) or t.text.isalpha() or t.text.isdigit()


def test_abbreviation_definitions() -> None:
    text = "Patients given 5-fluorouracil (5-FU) and the glomerular filtration rate (GFR) fell."
    found = {(text[a.long_start:a.long_end], a.short) for a in find_abbreviations(text)}
    assert ("5-fluorouracil", "5-FU") in found
    assert ("glomerular filtration rate", "GFR") in found
    assert find_abbreviations("values (i.e. none) and (see above)") == ()


def test_pubtator_reader_and_scoring(tmp_path: Path, tagger: Tagger) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text(PUBTATOR, encoding="utf-8")
    docs = read_pubtator(path)
    assert [d.pmid for d in docs] == ["111", "222"]
    assert docs[0].text.startswith("Cocaine-induced seizures. Cocaine (COC)")
    assert [m.mesh for m in docs[0].mentions][3] == ("D003042", "D000001")
    assert docs[0].mentions[4].mesh == ()
    assert docs[1].mentions == ()
    for m in docs[0].mentions:
        assert docs[0].text[m.start:m.end] == m.text
    report = score_documents(docs, tagger, str(path))
    assert isinstance(report, Report) and report.documents == 2
    gold = report.spans["all"]
    assert gold.tp + gold.fn == 5


def test_pubtator_reader_rejects_bad_offsets(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("1|t|Short.\n1|a|Text.\n1\t0\t99\tShort\tChemical\t-1\n", encoding="utf-8")
    with pytest.raises(InputError, match="outside the text"):
        read_pubtator(path)


def test_shipped_model_is_small_and_round_trips(tmp_path: Path) -> None:
    path = default_model_path()
    assert path.exists()
    assert path.stat().st_size <= 10 * 1024 * 1024
    model = load_model(path)
    assert "O" in model.labels and len(model.weights) > 1000
    copy = tmp_path / "copy.json.gz"
    save_model(model, copy)
    again = tmp_path / "again.json.gz"
    save_model(load_model(copy), again)
    assert copy.read_bytes() == again.read_bytes()
    with gzip.open(copy, "rt", encoding="utf-8") as handle:
        assert json.load(handle)["format"] == "kg-ner-crf/1"


def test_model_loader_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "nope.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(InputError):
        load_model(path)


@needs_corpus
def test_training_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("pycrfsuite")
    from kg.training.name_lists import read_gilda
    from kg.training.train_ner import TrainSettings, train_model

    docs = read_pubtator(TRAIN)[:25]
    gilda = read_gilda(SHARED / "vocab-sources" / "gilda_mesh_mappings.tsv")[:2_000]
    settings_ = TrainSettings(max_iterations=15, folds=3)
    paths = []
    for name in ("a", "b"):
        paths.append(tmp_path / f"{name}.json.gz")
        save_model(train_model(docs, gilda, settings_), paths[-1])
    assert paths[0].read_bytes() == paths[1].read_bytes()
    small = Tagger(load_model(paths[0]))
    _check_entities(SAMPLE, small.tag(SAMPLE))


@pytest.fixture(scope="module")
def fresh_table(tagger: Tagger):
    """An emission table of the shipped model that no other test has filled."""
    from kg.extraction.emissions import EmissionTable
    from kg.extraction.ner_model import model_evidence

    return EmissionTable(tagger.model.weights, len(tagger.model.labels), model_evidence(tagger.model))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet="aAz09-+()αé", min_size=1, max_size=12), min_size=1, max_size=5))
def test_word_rows_are_the_sums_of_their_features(fresh_table, words: list[str]) -> None:
    """A new word's row, made offset by offset from unprefixed features, is the sum of the
    weights of `type_features` in the same order, to the bit."""
    from kg.extraction.features import type_features

    table, weights = fresh_table, fresh_table._weights
    for word in words + ["Cisplatin", "5-FU", "carcinoma", "IFN-α", "MIBG"]:
        row = table.type_id(word)
        for j, feats in enumerate(type_features(word, table.evidence.words)):
            expected = np.zeros(table.size)
            for f in feats:
                if f in weights:
                    expected += weights[f]
            assert table._rows[j, row].tobytes() == expected.tobytes()
