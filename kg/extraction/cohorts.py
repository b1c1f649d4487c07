"""The study's population: enrolment, prior therapy, cohort composition and treatment arms."""

from __future__ import annotations

import re
import string

from kg.extraction.numbers import WORDS, count_value
from kg.extraction.regimens import administrations
from kg.extraction.text import Field, PatientCount, distinct_concepts, word_search
from kg.findings import Arm, CohortComponent, Mention, Span

_ENROLMENT = re.compile(
    r"\b(?:entered|enrolled|included|recruited|registered|accrued|randomi[sz]ed|participated)\b",
    re.I)
_TREATED = re.compile(r"\b(?<!been\s)(?<!previously\s)(?:treated|studied|evaluated|received|"
                      r"were\s+(?:given|analy[sz]ed|reviewed))\b", re.I)
_TOTAL = re.compile(r"\b(?:a\s+total\s+of|overall|altogether)\b", re.I)
# For word_search on lower-cased text.
_PRIOR = re.compile(
    r"(?:having\s+received|previously\s+(?:treated|received)|pre-?treated\s+with|after\s+failure\s+"
    r"(?:of|on)|failing\s+on|failed|resistant\s+to|refractory\s+to|progressing\s+on|relapsed\s+after)"
    r"\b")
_ARM_SPLIT = re.compile(r",?\s+and\s+(?:one|a|an|the\s+other)\s+(?=\w)|;\s+|\s+versus\s+|\s+vs\.?\s+"
                        r"|,?\s+(?:and|or|while|whereas)\s+(?=\d{1,5}\s+(?:patients?\s+)?(?:were\s+|received))",
                        re.I)
_ARM_INTRO = re.compile(r"^(?:and\s+)?(?:one|a|an|the\s+other)\s+", re.I)
_SELECTION = re.compile(r"\b(?:patients?|cases?)\s+(with|who|whose|having)\s+", re.I)
_IN_COUNT = re.compile(r"\b(?:in|to|for)\s+(?:the\s+(?:remaining|other)\s+)?$", re.I)


def enrolment(field: Field) -> tuple[int | None, Span | None, int | None]:
    """(enrolled count, its span, index of its sentence): the first sentence that counts
    patients who entered, were enrolled, included, treated …"""
    counted = []  # (sentence index, its bounds, its first count) of the sentences that count
    for index, (start, end) in enumerate(field.sentences):
        counts = [c for c in field.counts_in_sentence(index) if not c.ordinal]
        if counts:
            counted.append((index, start, end, counts[0]))
    totals: dict[int, bool] = {}
    for verbs in (_ENROLMENT, _TREATED):  # enrolment verbs first, then "treated", "received" …
        for index, start, end, first in counted:
            if not _says(field, verbs, start, end):
                if index not in totals:
                    totals[index] = _says(field, _TOTAL, start, end)
                if not totals[index]:
                    continue
            if first.start - start > 40 and not _says(field, _TOTAL, start, first.start):
                continue
            return first.value, field.span(first.start, first.end), index
    return None, None, None


# Words without which the patterns above cannot match (case aside).
_NEEDS = {_ENROLMENT: ("entered", "enrolled", "included", "recruited", "registered", "accrued",
                       "randomi", "participated"),
          _TREATED: ("treated", "studied", "evaluated", "received", "given", "analy", "reviewed"),
          _TOTAL: ("total", "overall", "altogether")}


def _says(field: Field, pattern: re.Pattern[str], start: int, end: int) -> bool:
    """Whether ``pattern`` matches in ``field.text[start:end]`` — not tried on ASCII text that
    holds none of the words it needs (there, its case-blind match implies them, lower-cased)."""
    if field.ascii:
        lowered = field.lowered
        if not any(lowered.find(word, start, end) >= 0 for word in _NEEDS[pattern]):
            return False
    return pattern.search(field.text[start:end]) is not None


def prior_therapy(field: Field, sentence_index: int | None) -> Mention | None:
    """A drug named after a prior-treatment cue ("having received X", "refractory to X")."""
    candidates = field.sentences if sentence_index is None else [field.sentences[sentence_index]]
    for start, end in candidates:
        cue = word_search(_PRIOR, field.lowered, start, end)
        if cue is None:
            continue
        drugs = field.mentions_in(cue.end(), min(end, cue.end() + 60), "drug")
        if drugs:
            return drugs[0]
    return None


def cohort(field: Field) -> tuple[tuple[CohortComponent, ...], int | None]:
    """Condition-and-count parts from the first sentence that lists at least two of them
    ("12 carcinoids, 3 medullary thyroid carcinomas, one Merkel cell carcinoma"), and its index."""
    for index, (start, end) in enumerate(field.sentences):
        if field.types_in_sentence(index).get("disease", 0) < 2:
            continue  # a composition lists at least two conditions
        diseases = field.mentions_in(start, end, "disease")
        parts = []
        for disease in diseases:
            count = _count_before(field, start, disease.span.start) or _count_after(
                field, disease.span.end, end)
            if count is not None:
                number, number_start, number_end = count
                parts.append(CohortComponent(
                    condition=disease, count=number,
                    span=field.span(min(number_start, disease.span.start),
                                    max(number_end, disease.span.end))))
        if len(parts) >= 2:
            return tuple(parts), index
    return (), None


_LAST_WORD = re.compile(r"([A-Za-z]+(?:-[A-Za-z]+)?|\d+)\s+$")


def _may_end_in_count(window: str) -> bool:
    """False only where `_LAST_WORD` cannot find a count at the end of the window: no space
    before the mention, or a last word that is no number (a number word always ends in a
    run of letters that is a number word itself: "twenty-one", "hundred")."""
    stripped = window.rstrip()
    if len(stripped) == len(window) or not stripped:
        return False
    last = stripped[-1]
    if last.isdigit():
        return True
    if not ("a" <= last <= "z" or "A" <= last <= "Z"):
        return False
    letters = len(stripped) - len(stripped.rstrip(string.ascii_letters))
    return stripped[-letters:].lower() in WORDS



def _count_before(field: Field, limit: int, position: int) -> tuple[int, int, int] | None:
    """The count word right before a mention ("12 carcinoids", "one Merkel cell carcinoma")."""
    window_start = max(limit, position - 24)
    if not _may_end_in_count(field.text[window_start:position]):
        return None  # most mentions: the pattern below would find no count
    match = _LAST_WORD.search(field.text, window_start, position)
    if match is None:
        return None
    value = count_value(match.group(1))
    if value is None:
        return None
    return value, match.start(1), match.end(1)


_COUNT_IN_BRACKETS = re.compile(r"\s*\(\s*(?:n\s*=\s*)?(\d{1,6})\s*\)")


def _count_after(field: Field, position: int, limit: int) -> tuple[int, int, int] | None:
    match = _COUNT_IN_BRACKETS.match(field.text, position, limit)
    if not match:
        return None
    return int(match.group(1)), match.start(1), match.end()


def arms(field: Field, skip: set[int]) -> tuple[tuple[Arm, ...], int | None]:
    """Arms from the first sentence that splits patients between treatments ("one X in 3
    patients … and one Y … in the remaining 14 patients"); a single treated group when one
    sentence gives a count and the drugs with their doses."""
    for index, (start, end) in enumerate(field.sentences):
        kinds = field.types_in_sentence(index)
        if index in skip or not field.counts_in_sentence(index) or not (
                "drug" in kinds or "control" in kinds):
            continue
        colon = field.text.find(":", start, end)
        body_start = colon + 1 if colon != -1 else start
        segments = _segments(field, body_start, end)
        found = []
        for seg_start, seg_end in segments:
            counts = [c for c in field.patient_counts(seg_start, seg_end) if not c.ordinal]
            drugs = field.mentions_in(seg_start, seg_end, "drug", "control")
            if len(counts) != 1 or not drugs:
                continue
            found.append(_arm(field, len(found) + 1, seg_start, seg_end, counts[0]))
        if len(found) >= 2 or (len(found) == 1 and found[0].administrations
                               and any(a.dose is not None for a in found[0].administrations)):
            return tuple(found), index
    return (), None


def _segments(field: Field, start: int, end: int) -> list[tuple[int, int]]:
    out, begin = [], start
    for match in _ARM_SPLIT.finditer(field.text, start, end):
        out.append((begin, match.start()))
        begin = match.end()
    out.append((begin, end))
    return [(s, e) for s, e in out if e > s]


def _arm(field: Field, number: int, start: int, end: int, count: PatientCount) -> Arm:
    """An arm from its segment: agents before the count ("X … in 3 patients") or after it
    ("14 patients received X …")."""
    text = field.text
    head = text[start:count.start]
    in_count = _IN_COUNT.search(head)
    agents_end = start + (in_count.start() if in_count else len(head))
    agents = field.mentions_in(start, agents_end, "drug", "control")
    selection = None
    if agents:
        label = _label(field, start, agents_end)
        tail = _SELECTION.search(text, count.start, end)
        if tail is not None and tail.start() <= count.end:
            selection = field.span(tail.end(), end).text or None
        regimen = (start, agents_end)
    else:
        agents = field.mentions_in(count.end, end, "drug", "control")
        label = " + ".join(m.span.text for m in distinct_concepts(agents))
        regimen = (count.end, end)
    return Arm(number=number, label=label, size=count.value, selection=selection,
               agents=tuple(distinct_concepts(agents)),
               administrations=administrations(field, regimen[0], regimen[1], agents),
               span=field.span(start, end))


def _label(field: Field, start: int, end: int) -> str:
    """The words that name the arm: its opening phrase up to a comma or a regimen detail."""
    text = field.text
    label_text = text[start:end]
    intro = _ARM_INTRO.match(label_text.strip())
    label_start = start + (len(label_text) - len(label_text.lstrip())) + (intro.end() if intro else 0)
    label_end = end
    for cut in (",", " including ", " consisting of ", " with a ", " at ", " plus "):
        position = text.find(cut, label_start, end)
        if position != -1:
            label_end = position
            break
    return field.span(label_start, label_end).text
