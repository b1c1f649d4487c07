"""The extractor on small texts of its own, on hostile input, and through `kg extract`."""

from __future__ import annotations

import json
from pathlib import Path
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from kg.cli import main
from kg.extraction.lexicon import load_lexicon
from kg.extraction.numbers import count_value
from kg.extraction.pipeline import extract_findings
from kg.extraction.regimens import parse_days
from kg.extraction.sentences import sentence_spans
from kg.extraction.text import word_alternation, word_search

SINGLE_ARM = ("Twelve patients received cisplatin 75 mg/m2 intravenously on day 1 every 3 weeks. "
              "Partial response was seen in 4 patients. No complete response was observed. "
              "The regimen appears active.")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_numbers():
    assert [count_value(w) for w in ("Seventeen", "12", "twenty-one", "one", "x")] == [17, 12, 21, 1, None]
    assert parse_days("1, 2, 3") == (1, 2, 3) and parse_days("1-5") == (1, 2, 3, 4, 5)
    assert parse_days("1 and 8") == (1, 8)


_WORDS = st.lists(st.text("abcpt", min_size=1, max_size=5), min_size=1, max_size=6)


@given(_WORDS, st.text("abcpt -x", max_size=40))
def test_trie_alternation_searched_by_word_finds_what_a_plain_one_does(words, text):
    import re

    plain = re.compile(r"\b(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + r")\b")
    trie = re.compile(word_alternation(words) + r"\b")
    for start in range(len(text) + 1):
        found = word_search(trie, text, start, len(text))
        expected = plain.search(text, start)
        assert (found and found.span()) == (expected and expected.span())


def test_sentences_respect_abbreviations():
    text = "Doses were given i.v. daily. Smith et al. reported it. Results: 5 of 10 responded."
    assert len(sentence_spans(text)) == 3


def test_single_arm_regimen_and_outcomes(lexicon):
    findings = extract_findings(None, SINGLE_ARM, lexicon=lexicon)
    assert findings.study.enrolled == 12
    [arm] = findings.study.arms
    [given] = arm.administrations
    assert (given.agent.label, str(given.dose), given.unit, given.days, given.cycle_days) == \
        ("Cisplatin", "75", "mg/m2", (1,), 21)
    assert given.route.concept == "NCIT:C38276"
    partial, complete = findings.outcomes
    assert partial.count == 4 and not partial.negated and partial.arm == 1
    assert complete.negated and complete.count is None
    [conclusion] = findings.conclusions
    assert conclusion.hedged and conclusion.judgement == "active"


def test_hedging_and_negation_words(lexicon):
    findings = extract_findings(None, "Thirty patients were enrolled. Stable disease may occur "
                                      "in 3 patients. There was no partial response and "
                                      "tumour marker reduction failed to appear.", lexicon=lexicon)
    by_label = {(o.response or o.observation).label: o for o in findings.outcomes}
    assert by_label["Stable Disease"].hedged and not by_label["Stable Disease"].negated
    assert by_label["Partial Response"].negated


def test_nothing_for_text_without_clinical_content(lexicon):
    findings = extract_findings("A survey of citation practices", "We counted references in 500 "
                                "papers across ten journals.", lexicon=lexicon)
    assert findings.study is None and not findings.outcomes


def test_offsets_are_code_points(lexicon):
    text = "Stable disease in 𝟐 patients and partial response with 💊 epirubicin 75 mg/m2."
    findings = extract_findings(None, text, lexicon=lexicon)
    for mention in findings.mentions:
        assert text[mention.span.start:mention.span.end] == mention.span.text


@pytest.mark.parametrize("text", [
    "", " ", "x" * 1_000_000, "patients " * 100_000, "1e309 " * 10_000, "\x00\x01\x02\x1b[31m" * 1000,
    "Ωμέγα 患者 مريض पेशेंट " * 5000, "(" * 50_000 + ")" * 50_000, "mg/m2 " * 50_000,
    "days 1, " * 20_000, "in the remaining " * 20_000, "neither " * 30_000 + "nor",
])
def test_hostile_text_is_harmless(lexicon, text):
    """Nothing is raised. How long these take: `bench/extract.py --hostile`."""
    extract_findings(text[:5000], text, lexicon=lexicon)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_gives_mentions_that_slice_their_field(text):
    findings = extract_findings(text[:200], text)
    for mention in findings.mentions:
        source = text if mention.span.field == "abstract" else text[:200]
        assert source[mention.span.start:mention.span.end] == mention.span.text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "Seventeen", "12", "patients", "received", "cisplatin", "75", "mg/m2", "intravenously", "days",
    "1,", "2", "and", "in", "the", "remaining", "partial", "response", "no", "neither", "nor",
    "stable", "disease", "appears", "effective", ".", ":", ";", "one", "with", "(n", "=", "4)"]),
    max_size=200))
def test_clinical_word_salad_is_harmless(words):
    extract_findings(None, " ".join(words))


def test_kg_extract_plain_text(runner):
    result = runner.invoke(main, ["extract", "-"], input=SINGLE_ARM)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["study"]["enrolled"] == 12
    assert document["study"]["arms"][0]["administrations"][0]["dose"] == "75"


def test_kg_extract_a_record_file_prints_json_lines(runner, tmp_path):
    from tests.conftest import EXAMPLES
    result = runner.invoke(main, ["extract", str(EXAMPLES / "seed.txt")])
    assert result.exit_code == 0, result.output
    [line] = result.output.strip().splitlines()
    document = json.loads(line)
    assert document["title"].startswith("Salvage treatment")
    assert document["study"]["enrolled"] == 17


def test_kg_eval_commands(runner):
    from tests.conftest import CORPUS, DATA, need
    corpus = need(CORPUS)
    result = runner.invoke(main, ["dev", "eval", "devset", str(DATA / "devset" / "oncology.json"),
                                  "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "negations" in result.output and "responses_with_counts" in result.output
    result = runner.invoke(main, ["dev", "eval", "bc5cdr", str(corpus / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt"),
                                  "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert "Chemical" in json.dumps(scores) and "Disease" in json.dumps(scores)


def test_kg_train_help_names_the_extra(runner):
    result = runner.invoke(main, ["dev", "train", "ner", "--help"])
    assert result.exit_code == 0 and "python-crfsuite" in result.output


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_word_pattern_finds_what_the_general_one_does(text):
    from kg.extraction.text import _WORDISH, _WORDISH_ASCII

    assert [m.span() for m in _WORDISH_ASCII.finditer(text)] == [m.span() for m in _WORDISH.finditer(text)]


@given(st.lists(st.sampled_from(["twelve", "Twenty-one", "hundred", "one", "12", "3rd", "x-two",
                                 "with", "Merkel", "(", ")", ",", " ", "  ", "\t", "-", "²", "٣"]),
                max_size=8))
def test_count_precheck_never_hides_a_count(parts):
    from kg.extraction.cohorts import _LAST_WORD, _may_end_in_count
    from kg.extraction.numbers import count_value

    window = "".join(parts)
    match = _LAST_WORD.search(window)
    if match is not None and count_value(match.group(1)) is not None:
        assert _may_end_in_count(window)


@given(st.lists(st.sampled_from(["patients", "had", "12", "outpatients", "men", "women", " ", "  ",
                                 "\n", "-", "(", "n=3", "given", "x", "_", "é", "٣", "pts",
                                 "children", "case", "increase", "responders", "ß"]), max_size=12))
def test_cue_words_by_find_equal_the_pattern(parts):
    from kg.extraction.text import _CUE_WORD, _cue_words, _word_char_before

    text = "".join(parts)
    whole = [(m.start(), m.end(), m.group()) for m in _CUE_WORD.finditer(text)
             if not _word_char_before(text, m.start())]
    assert _cue_words(text) == whole


def test_extraction_makes_no_reference_cycles_and_restores_the_collector(lexicon):
    """What `collector_paused` rests on: with the collector off, extraction leaves nothing
    for it to find; and extract_many turns it back on."""
    import gc

    from kg.extraction.pipeline import extract_many
    from tests.conftest import EXAMPLES

    texts = [(None, (EXAMPLES / "seed.txt").read_text(encoding="utf-8")), ("Cisplatin", SINGLE_ARM),
             ("", "Of 18 patients (n = 18), the third patient had no response; 1e309 mg."), (None, None)]
    extract_many(texts, lexicon=lexicon)  # models loaded, caches filled
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        found = extract_many(texts, lexicon=lexicon)
        found += [extract_findings(t, a, lexicon=lexicon) for t, a in texts]
        assert not gc.isenabled()  # left as it was found
        del found
        assert gc.collect() == 0 and gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    extract_many(texts, lexicon=lexicon)
    assert gc.isenabled()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Twelve patients", " received ", "cisplatin", " 75 mg/m2", ". ", "  ",
                                 "Partial response", " in 4 patients", "; ", "(n = 3)", "\n", "A",
                                 "carcinoid", " and ", "the third patient", ".", "1. ", "x"]),
                max_size=14))
def test_per_sentence_tables_equal_the_range_lookups(lexicon, parts):
    from collections import Counter

    from kg.extraction.pipeline import find_mentions
    from kg.extraction.text import Field

    text = "".join(parts)
    field = Field("abstract", text, find_mentions("abstract", text, lexicon))
    for index, (start, end) in enumerate(field.sentences):
        assert field.types_in_sentence(index) == Counter(m.type for m in field.mentions_in(start, end))
        assert field.counts_in_sentence(index) == field.patient_counts(start, end)


@given(st.lists(st.tuples(st.sampled_from(["12", "twelve", "Twenty-one", "one", "of", "the", "all",
                                           "x-of", "a-b-one", "treatment-naive", "cancer", "were",
                                           "hundred", "and", "1.5", "ONE", "Of", "x"]),
                          st.sampled_from([" ", " ", " ", "  ", ", ", " (", ")", "-", "%", "\n", ""])),
                max_size=6),
       st.booleans())
def test_count_before_precheck_never_hides_a_count(pairs, fillers):
    from kg.extraction.text import Field

    text = "".join(word + gap for word, gap in pairs) + " patients"
    fast = Field("abstract", text, ())
    general = Field("abstract", text, ())
    general.__dict__["ascii"] = False  # the general word pattern, without the ASCII pre-check
    end = len(text) - len(" patients") + 1
    for start in range(0, end):
        assert fast._count_before(start, end, fillers=fillers) == general._count_before(
            start, end, fillers=fillers)


def _sentences_trimmed_afterwards(text: str) -> list[tuple[int, int]]:
    """The sentence splitter as first written: cut after each mark, then trim each piece."""
    import re

    from kg.extraction.sentences import _ABBREVIATIONS, _WORD_BEFORE

    spans, start = [], 0
    for match in re.finditer(r"[.?!](?=\s+[\"'(\[]?[A-Z0-9])", text):
        before = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if before and (before.group(1).casefold().rstrip(".") in _ABBREVIATIONS
                       or (len(before.group(1)) == 1 and before.group(1).isupper())):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            out.append((begin, end))
    return out


@given(st.lists(st.sampled_from(["Dose", " ", "  ", "\n", "\u2003", ".", "?", "!", "e.g", "J", "(",
                                 "1", "x", "i.v", '"', "Fig"]), max_size=20))
def test_sentences_equal_cutting_then_trimming(parts):
    text = "".join(parts)
    assert sentence_spans(text) == _sentences_trimmed_afterwards(text)


@given(st.lists(st.sampled_from(["ENROLLED", "Randomised", "were", "  ", "given", "a total of",
                                 "Overall", "é", "included", "x-", "were analyzed", "been treated",
                                 "treated", "ſ", "registered", "K", "were\tGIVEN", "12", "Studied",
                                 "were reviewed", "accrued", "ALTOGETHER"]), max_size=10))
def test_enrolment_word_precheck_equals_the_patterns(parts):
    from kg.extraction.cohorts import _ENROLMENT, _TOTAL, _TREATED, _says
    from kg.extraction.text import Field

    text = " ".join(parts)
    field = Field("abstract", text, ())
    for pattern in (_ENROLMENT, _TREATED, _TOTAL):
        for start in range(0, len(text) + 1, 3):
            for end in (start, len(text), (start + len(text)) // 2):
                assert _says(field, pattern, start, end) == (pattern.search(text[start:end]) is not None)


def test_field_properties_are_computed_once_and_kept():
    from kg.extraction.text import Field

    field = Field("abstract", "Twelve patients were enrolled. Four responded.", ())
    first = field.sentences
    assert field.sentences is first and field.__dict__["sentences"] is first
    assert field.counts_in_sentence(0)[0].value == 12


def test_kg_extract_stays_callable_after_a_convert_with_extraction(tmp_path):
    """`kg.extract` is the API function whatever kg imported before (the extractor's package
    is `kg.extraction`, so importing it never replaces the name)."""
    import kg
    seed = Path(__file__).resolve().parents[1] / "examples" / "seed.txt"
    kg.convert([str(seed)], str(tmp_path / "seed.nq"), extract=True)
    assert "kg.extraction.pipeline" in sys.modules  # the extractor did run
    rows = list(kg.extract(str(seed)))
    assert len(rows) == 1 and rows[0][2].study is not None and rows[0][2].study.enrolled == 17
    assert kg.extract_findings(None, "Twelve patients received cisplatin.").mentions


def test_developer_commands_are_hidden_from_the_users_help(runner):
    listed = runner.invoke(main, ["--help"]).output
    assert "load" in listed and " dev " not in listed and "eval" not in listed
    assert runner.invoke(main, ["dev", "--help"]).exit_code == 0
