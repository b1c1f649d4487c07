"""A text field prepared for extraction: tokens, sentences, clauses, mentions and patient counts."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from operator import le
import re
import string

from kg.extraction.numbers import ORDINALS, WORDS, phrase_value
from kg.extraction.sentences import sentence_spans
from kg.findings import Mention, Span

# Nouns that make a number a count of patients.
PATIENT_NOUNS = frozenset({
    "patient", "patients", "pts", "case", "cases", "subject", "subjects", "child", "children",
    "women", "men", "adults", "participants", "individuals", "persons", "people", "volunteers",
    "infants", "girls", "boys", "responders",
})
# Words a count may carry between itself and its noun ("14 evaluable patients").
_COUNT_FILLERS = frozenset({
    "evaluable", "eligible", "assessable", "consecutive", "additional", "further", "other",
    "previously", "untreated", "treated", "pretreated", "adult", "elderly", "young", "female",
    "male", "remaining", "more", "of", "these", "the", "all", "only", "in", "out",
})
# Where a clause ends inside a sentence: contrast and coordination that start a new statement.
_CLAUSE_BREAK = re.compile(r",?\s+(?:whereas|while|but|although|though|however)\s+|;\s+"
                           r"|,?\s+and\s+(?=(?:neither|no|none|\d+|one|two|three|four|five|six|"
                           r"seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|"
                           r"fifty)\b)")


@dataclass(frozen=True, slots=True, kw_only=True)
class PatientCount:
    """"in the remaining 14 patients", "Seventeen patients", "the third patient" (= 1)."""

    value: int
    start: int  # offset of the number (or of "the" for "the third patient")
    end: int  # offset after the noun
    ordinal: bool = False
    denominator: bool = False  # "of 18 patients": the whole a part is counted from


class _once:  # lower case: a decorator, like the functools one it stands for
    """`functools.cached_property` without the lock that Python 3.11's takes on every first
    access (one lock per property, shared by all instances; 3.12 dropped it): a Field is made
    and read by one thread."""

    def __init__(self, func) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class Field:
    """One text field (title or abstract) with its tokens, sentences and lexicon mentions."""

    def __init__(self, name: str, text: str, mentions: tuple[Mention, ...]) -> None:
        self.name = name
        self.text = text
        starts = [m.span.start for m in mentions]
        if not all(map(le, starts, starts[1:])):  # find_mentions gives them in order already
            mentions = tuple(sorted(mentions, key=lambda m: (m.span.start, m.span.end)))
            starts = [m.span.start for m in mentions]
        self.mentions = tuple(mentions)
        self._mention_starts = starts

    @_once
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.text)

    @_once
    def ascii(self) -> bool:
        """Whether the text is all ASCII (where simpler patterns and pre-checks apply)."""
        return self.text.isascii()

    @_once
    def lowered(self) -> str:
        """The text lower-cased with every offset kept, for case-blind patterns that run fast."""
        lowered = self.text.lower()
        return lowered if len(lowered) == len(self.text) else self.text.translate(_ASCII_LOWER)

    def span(self, start: int, end: int) -> Span:
        """A Span of this field, whitespace and trailing punctuation trimmed."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:."):
            end -= 1
        return Span(field=self.name, start=start, end=end, text=self.text[start:end])

    def mentions_in(self, start: int, end: int, *types: str) -> list[Mention]:
        """Mentions wholly inside [start, end), optionally of the given types."""
        starts = self._mention_starts
        inside = self.mentions[bisect_left(starts, start):bisect_left(starts, end)]
        return [m for m in inside if m.span.end <= end and (not types or m.type in types)]

    def types_in_sentence(self, index: int) -> dict[str, int]:
        """How many mentions of each type lie wholly inside sentence ``index`` (what a rule
        looks at before it asks `mentions_in` for them). Shared: read it, never change it."""
        return self._sentence_types[index]

    def counts_in_sentence(self, index: int) -> list[PatientCount]:
        """`patient_counts` of sentence ``index``. Shared: read it, never change it."""
        return self._sentence_counts[index]

    @_once
    def _sentence_types(self) -> list[dict[str, int]]:
        out: list[dict[str, int]] = [{} for _ in self.sentences]
        for index, mention in zip(self._sentence_of(m.span for m in self.mentions), self.mentions):
            if index >= 0:
                kinds = out[index]
                kinds[mention.type] = kinds.get(mention.type, 0) + 1
        return out

    @_once
    def _sentence_counts(self) -> list[list[PatientCount]]:
        out: list[list[PatientCount]] = [[] for _ in self.sentences]
        counts = self._patient_counts[0]
        for index, count in zip(self._sentence_of(counts), counts):
            if index >= 0:
                out[index].append(count)
        return out

    def _sentence_of(self, items: Iterable) -> list[int]:
        """The sentence each (start, end) item lies wholly inside, or -1: as `mentions_in` and
        `patient_counts` over that sentence's bounds would find it."""
        sentences = self.sentences
        starts = [start for start, _ in sentences]
        out = []
        for item in items:
            index = bisect_right(starts, item.start) - 1
            inside = index >= 0 and item.start < sentences[index][1] and item.end <= sentences[index][1]
            out.append(index if inside else -1)
        return out

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """The clauses of a sentence: split at "whereas", "but", ";", "and neither" …"""
        out, begin = [], start
        for match in _CLAUSE_BREAK.finditer(self.text, start, end):
            if match.start() > begin:
                out.append((begin, match.start()))
            begin = match.end()
        out.append((begin, end))
        return [(s, e) for s, e in out if e > s]

    def patient_counts(self, start: int, end: int) -> list[PatientCount]:
        """Counts of patients in [start, end): a number (digits or words) before a patient noun,
        "(n = 14)", or "the third patient" (one patient)."""
        counts, starts = self._patient_counts
        inside = counts[bisect_left(starts, start):bisect_left(starts, end)]
        return [c for c in inside if c.end <= end]

    @_once
    def _patient_counts(self) -> tuple[list[PatientCount], list[int]]:
        """Every patient count of the text in order, and their start offsets."""
        text = self.text
        lowered = self.lowered  # same length as the text, so offsets hold
        found: list[PatientCount] = []
        verbs = []
        for word_start, word_end, token in _cue_words(lowered):  # the nouns and verbs
            if token in PATIENT_NOUNS:
                counted = self._count_before(max(0, word_start - 80), word_start, fillers=True)
                if counted is not None:
                    value, start = counted
                    found.append(PatientCount(value=value, start=start, end=word_end,
                                              denominator=_is_denominator(text, start)))
            else:
                verbs.append(word_start)
        for start in verbs:
            auxiliary = _AUXILIARY.search(lowered, max(0, start - 12), start)
            if auxiliary is not None:
                start = auxiliary.start()
            counted = self._count_before(max(0, start - 40), start, fillers=False)
            if counted is not None and not any(c.start <= counted[1] < c.end for c in found):
                value, begin = counted
                found.append(PatientCount(value=value, start=begin, end=start))
        for match in _EQUALS.finditer(text):  # "n = 14": found from its "=", the fast way
            at = match.start()
            while at > 0 and text[at - 1].isspace():
                at -= 1
            if at and text[at - 1] in "nN" and not (at > 1 and text[at - 2] in _ASCII_LETTERS):
                found.append(PatientCount(value=int(match.group(1)), start=at - 1, end=match.end()))
        for match in _ORDINAL_PATIENT.finditer(lowered):
            if not _word_char_before(lowered, match.start()):
                found.append(PatientCount(value=1, start=match.start(), end=match.end(), ordinal=True))
        found.sort(key=lambda c: c.start)
        return found, [c.start for c in found]

    def _count_before(self, start: int, end: int, *, fillers: bool) -> tuple[int, int] | None:
        """(value, start) of the number phrase that ends right before ``end`` — skipping up to
        three filler words ("14 evaluable patients") when ``fillers``."""
        text = self.text
        if self.ascii and not _may_count_before(text, start, end, fillers):
            return None  # most windows: their last word tells
        words = list((_WORDISH_ASCII if self.ascii else _WORDISH).finditer(text, start, end))
        k = len(words) - 1
        while fillers and k >= 0 and len(words) - 1 - k < 3 and _is_filler(words[k].group()):
            k -= 1
        if k < 0 or (k < len(words) - 1 and text[words[k].end():words[k + 1].start()].strip()):
            return None  # punctuation between the number and its noun: not one phrase
        if k == len(words) - 1 and text[words[k].end():end].strip():
            return None
        phrase = phrase_value([w.group() for w in words[max(0, k - 3):k + 1]])  # it reads ≤ 4
        if phrase is None:
            return None
        value, taken = phrase
        first = words[k + 1 - taken]
        if _in_measure(text, words[k].start(), words[k].end()):
            return None
        return value, first.start()


_COUNT_VERBS = frozenset({"received", "given", "treated", "randomized", "randomised", "assigned",
                          "allocated", "achieved", "had", "showed", "developed", "experienced",
                          "responded"})
_AUXILIARY = re.compile(r"(?:were|had\s+been)\s+$")


def word_alternation(words: Iterable[str]) -> str:
    """A regex matching any of the words, written as a character trie ("p(?:atients?|ts)"), so
    the engine tries one branch per character instead of every word at every position; the
    longest word wins, as an alternation sorted longest first would."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


# No leading \b (checked by hand): it would cost the search its fast scan. (The reference the
# tests hold `_cue_words` to.)
_CUE_WORD = re.compile(word_alternation(PATIENT_NOUNS | _COUNT_VERBS) + r"\b")
_CUES = tuple(sorted(PATIENT_NOUNS | _COUNT_VERBS))
_CUE_BYTES = frozenset(word.encode("ascii") for word in _CUES)
# ASCII characters that are no word character (what \b looks at) as spaces: splitting then
# gives the whole words.
_NOT_WORD_BYTES = bytes(c if chr(c).isalnum() or c == ord("_") else 32 for c in range(256))
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _cue_words(lowered: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each patient noun or count verb that is a whole word, in order.

    A match of `_CUE_WORD` that begins a word is always a whole run of word characters (it
    ends at \b, and every cue is letters only), so finding each cue with str.find and
    checking the characters on either side gives the same, without the pattern's try at every
    position (it has no literal to skip ahead to). In ASCII text only the cues that are one of
    its words are looked for."""
    out: list[tuple[int, int, str]] = []
    find, size = lowered.find, len(lowered)
    cues = _CUES
    if lowered.isascii():  # only the cues that are some whole word: a C-level set of its words
        cues = _CUE_BYTES.intersection(lowered.encode("ascii").translate(_NOT_WORD_BYTES).split())
        cues = [word.decode("ascii") for word in cues]
    for word in cues:
        at = find(word)
        while at >= 0:
            end = at + len(word)
            if not (_word_char_before(lowered, at) or (
                    end < size and (lowered[end].isalnum() or lowered[end] == "_"))):
                out.append((at, end, word))
            at = find(word, end)
    out.sort()
    return out


_FILLER_ENDINGS = ("naive", "naïve", "treated", "refractory", "resistant", "pretreated")
_FILLER_SUFFIXES = tuple("-" + ending for ending in _FILLER_ENDINGS)  # "14 treatment-naive patients"


def _is_filler(word: str) -> bool:
    lowered = word.casefold()
    return lowered in _COUNT_FILLERS or lowered.endswith(_FILLER_SUFFIXES)


# The words that may end a count phrase or stand between it and its noun, as the last run of
# letters of a word: what `_may_count_before` looks for.
_COUNT_ENDINGS = frozenset(WORDS) | _COUNT_FILLERS | frozenset(_FILLER_ENDINGS)


def _may_count_before(text: str, start: int, end: int, fillers: bool) -> bool:
    """False only where `Field._count_before` over ASCII text finds no number: the window's
    last word is neither a count nor (with ``fillers``) a filler word. Its last word is the
    window's last run of letters R, or "P-R"; either is a count or a filler only if R.lower()
    is a number word, a filler or a filler's ending ("-naive"). A window that ends in anything
    but a letter or digit gives no count without fillers (punctuation would stand between)."""
    tail = text[start:end].rstrip()
    if not tail:
        return False
    last = tail[-1]
    if last in _ASCII_DIGITS:
        return True
    if last not in _ASCII_LETTERS:
        return fillers  # with fillers, a filler may stand before the punctuation: look closer
    letters = len(tail) - len(tail.rstrip(string.ascii_letters))
    return tail[-letters:].lower() in (_COUNT_ENDINGS if fillers else _WORD_COUNTS)


_DENOMINATOR = re.compile(r"\b(?:of|among|out\s+of|from)\s+(?:the\s+|all\s+|these\s+)?$", re.I)


def _is_denominator(text: str, start: int) -> bool:
    """"Of 18 patients evaluable …", "one of 16 patients": the whole the count is taken from."""
    return _DENOMINATOR.search(text, max(0, start - 16), start) is not None


_WORDISH = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?|\d+")
_WORDISH_ASCII = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?|[0-9]+")  # the same on ASCII text, faster
_EQUALS = re.compile(r"=\s*(\d{1,6})\b")
_ASCII_LETTERS = frozenset(string.ascii_letters)
_ASCII_DIGITS = frozenset(string.digits)
_WORD_COUNTS = frozenset(WORDS)
# Run over the lower-cased text; no leading \b, which would cost the search its literal prefix.
_ORDINAL_PATIENT = re.compile(r"the\s+(?:" + "|".join(k for k, v in ORDINALS.items() if v > 0)
                              + r")\s+(?:patient|case|subject|child)\b")


def word_search(pattern: re.Pattern[str], lowered: str, start: int, end: int) -> re.Match[str] | None:
    """The first match in ``lowered[start:end]`` that begins a word, of a case-sensitive pattern
    written for lower-cased text without a leading \\b (which would cost it the fast scan)."""
    for match in pattern.finditer(lowered, start, end):
        if not _word_char_before(lowered, match.start()):
            return match
    return None


def _word_char_before(text: str, at: int) -> bool:
    """Whether the character before ``at`` is a word character (what \\b looks at)."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")


def _in_measure(text: str, start: int, end: int) -> bool:
    """A number that belongs to a percentage or a decimal ("12%", "1.5", "1,000") is not a count."""
    after = text[end:end + 2]
    before = text[max(0, start - 2):start]
    return (after[:1] == "%" or (after[:1] in ".," and after[1:2].isdigit())
            or (before[-1:] in ".," and before[:1].isdigit()))


HEDGES = re.compile(r"\b(?:may|might|could|appears?|appeared|seems?|seemed|suggests?|suggested|"
                    r"possibly|probably|likely|potentially|perhaps|promising)\b", re.I)
NEGATIONS = re.compile(r"\b(?:no|not|neither|nor|none|never|failed\s+to|absence\s+of|"
                       r"lack\s+of|did\s+not|was\s+not|were\s+not)\b", re.I)
_WITHOUT = re.compile(r"\bwithout\b", re.I)


def hedged(text: str) -> bool:
    """Whether the words state something tentatively."""
    return HEDGES.search(text) is not None


def negated_before(text: str, clause_start: int, position: int,
                   inside: tuple[tuple[int, int], ...] = ()) -> bool:
    """Whether a negation cue stands in the clause before ``position`` — not one that is part
    of a concept's own name ("no change"), and "without" only over the words right after it."""
    for cue in NEGATIONS.finditer(text, clause_start, position):
        if not any(s <= cue.start() < e for s, e in inside):
            return True
    return any(position - cue.end() <= 30 for cue in _WITHOUT.finditer(text, clause_start, position))


def distinct_concepts(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions in order, each concept once (its first mention)."""
    seen, out = set(), []
    for mention in mentions:
        if mention.concept not in seen:
            seen.add(mention.concept)
            out.append(mention)
    return out
