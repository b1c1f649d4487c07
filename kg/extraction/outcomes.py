"""Measured outcomes per arm (responses and observations with counts, negated or hedged) and
the authors' conclusions, kept apart."""

from __future__ import annotations

import re

from kg.extraction.numbers import count_value
from kg.extraction.text import Field, hedged, negated_before, word_alternation, word_search
from kg.findings import Arm, Conclusion, Mention, Outcome

_GENERIC = frozenset({"therapy", "treatment", "treatments", "patients", "patient", "group",
                      "groups", "arm", "arms", "with", "were", "that", "this", "those", "these",
                      "their", "after", "other", "study", "receiving", "received", "given"})
# For word_search on lower-cased text.
_JUDGEMENT = re.compile(r"(?:" + word_alternation((
    "effective", "ineffective", "efficacious", "promising", "useful", "active", "feasible", "safe",
    "tolerated", "beneficial", "recommended", "considered", "warrant", "warranted", "superior",
    "inferior", "worthwhile", "encouraging", "disappointing", "valuable", "justified", "suitable",
    "option")) + r"|conclu\w*)\b")
_COPULA = re.compile(r"\b(?:was|is|were|are|appears?|appeared|seems?|seemed|remains?|proved|"
                     r"proves|looks?)\s+", re.I)
_MODAL_START = re.compile(r"^(?:may|might|could|should|can|would)\b", re.I)
_WORD = re.compile(r"[A-Za-z]{4,}")
_WITH = re.compile(r"\bwith\b", re.I)


def arm_of(field: Field, start: int, end: int, arms: tuple[Arm, ...]) -> int | None:
    """The arm a clause speaks of: by an agent it names, else by the words of an arm's label."""
    if not arms:
        return None
    named = {m.concept for m in field.mentions_in(start, end, "drug")}
    by_agent = [arm.number for arm in arms if named & {a.concept for a in arm.agents}]
    if len(by_agent) == 1:
        return by_agent[0]
    words = {w.casefold() for w in _WORD.findall(field.text[start:end])} - _GENERIC
    scores = []
    for arm in arms:
        label_words = {w.casefold() for w in _WORD.findall(arm.label)} - _GENERIC
        score = sum(1 for w in words if any(w in lw or lw in w for lw in label_words))
        scores.append((score, arm.number))
    scores.sort(reverse=True)
    if scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1]
    return None


_SKIPPABLE = frozenset({"only", "a", "an", "further", "additional", "durable", "objective",
                        "confirmed", "unconfirmed", "pathologic", "pathological", "clinical",
                        "radiological", "major", "minor", "sustained"})
_WORDS_BEFORE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?|\d+(?:\s*%)?|\)")
_FRACTION = re.compile(r"\b(\d{1,5})\s*(?:/|of|out\s+of)\s*(\d{1,5})\b")


def _count_for(field: Field, clause: tuple[int, int], mention: Mention) -> int | None:
    """The patients a response is stated for: "only one partial response", "seven (39%)
    achieved a complete response", "PR in 4 patients", "16/20" — never a denominator
    ("of 18 patients") or a percentage."""
    start, end = clause
    text = field.text
    words = _WORDS_BEFORE.findall(text, max(start, mention.span.start - 40), mention.span.start)
    for word in reversed(words[-3:]):
        if word.casefold() in _SKIPPABLE:
            continue
        if word.endswith("%") or word == ")":
            break
        value = count_value(word)
        if value is not None:
            return value
        break
    own = [c for c in field.patient_counts(start, end) if not c.denominator and not c.ordinal]
    before = [c for c in own if c.end <= mention.span.start]
    after = [c for c in own if c.start >= mention.span.end]
    ordinal = [c for c in field.patient_counts(start, end) if c.ordinal]
    fraction = _FRACTION.search(text, start, mention.span.start)
    if before:
        return before[-1].value
    if fraction:
        return int(fraction.group(1))
    if after:
        return after[0].value
    if ordinal:
        return 1
    return None


def outcomes(field: Field, arms: tuple[Arm, ...], sentences: range) -> tuple[Outcome, ...]:
    """Outcomes stated in the given sentences, clause by clause; a clause with no arm cue
    speaks of the arm of the clause before it in the same sentence."""
    found: list[Outcome] = []
    for index in sentences:
        kinds = field.types_in_sentence(index)
        if "response" not in kinds and "observation" not in kinds:
            continue  # nothing measured in the sentence
        sentence_start, sentence_end = field.sentences[index]
        current_arm = arms[0].number if len(arms) == 1 else None  # a single-arm study
        for clause in field.clauses(sentence_start, sentence_end):
            start, end = clause
            arm = arm_of(field, start, end, arms)
            current_arm = arm if arm is not None else current_arm
            responses = field.mentions_in(start, end, "response")
            observations = field.mentions_in(start, end, "observation")
            if not responses and not observations:
                continue
            is_hedged = hedged(field.text[start:end])
            accompanying: set[Mention] = set()
            for response in responses:
                names = tuple((m.span.start, m.span.end) for m in responses + observations)
                negated = negated_before(field.text, start, response.span.start, names)
                with_cue = _WITH.search(field.text, response.span.end, end)
                joined = tuple(o for o in observations if with_cue and o.span.start > with_cue.start()
                               and not negated_before(field.text, response.span.end, o.span.start,
                                                      names))
                accompanying.update(joined)
                found.append(Outcome(
                    arm=current_arm, response=response, observation=None,
                    count=None if negated else _count_for(field, clause, response),
                    negated=negated, hedged=is_hedged, accompanied_by=joined,
                    span=field.span(start, end)))
            for observation in observations:
                if observation in accompanying:
                    continue
                names = tuple((m.span.start, m.span.end) for m in responses + observations)
                negated = negated_before(field.text, start, observation.span.start, names)
                found.append(Outcome(
                    arm=current_arm, response=None, observation=observation,
                    count=None if negated else _count_for(field, clause, observation),
                    negated=negated, hedged=is_hedged, accompanied_by=(),
                    span=field.span(start, end)))
    return tuple(found)


def conclusions(field: Field, arms: tuple[Arm, ...], sentences: range) -> tuple[Conclusion, ...]:
    """Judgements in the given sentences, one per clause; a clause without a subject of its
    own ("but may be considered …") is about what the clause before it was about."""
    found: list[Conclusion] = []
    for index in sentences:
        sentence_start, sentence_end = field.sentences[index]
        if (word_search(_JUDGEMENT, field.lowered, sentence_start, sentence_end) is None
                or field.counts_in_sentence(index)):
            continue
        about = None
        for start, end in field.clauses(sentence_start, sentence_end):
            clause = field.text[start:end]
            if _MODAL_START.match(clause.strip()):
                judgement_start = start
            else:
                about = arm_of(field, start, end, arms)
                copula = _COPULA.search(clause)
                judgement_start = start + copula.end() if copula else start
            span = field.span(judgement_start, end)
            text = span.text.rstrip(".")
            if not text or word_search(_JUDGEMENT, field.lowered, start, end) is None:
                continue
            found.append(Conclusion(about_arm=about, judgement=text, hedged=hedged(clause),
                                    span=field.span(start, end)))
    return tuple(found)
