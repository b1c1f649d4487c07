"""Sentence boundaries with code-point offsets, aware of the abbreviations abstracts use."""

from __future__ import annotations

import re

# A full stop, question or exclamation mark followed by space and a capital or digit ends a
# sentence, unless the word before it is a known abbreviation. One pass in linear time (the
# only backtracking is over the space after a mark); the match takes that space, so that the
# next sentence starts where it ends.
_END = re.compile(r"[.?!]\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "et al", "vs", "cf", "fig", "figs", "no", "nos", "approx", "ca", "dr", "mr",
    "mrs", "ms", "prof", "i.v", "i.m", "s.c", "p.o", "b.i.d", "t.i.d", "q.d", "resp", "incl",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "st",
})
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]{0,11})$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; a sentence keeps its final mark."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _END.finditer(text):
        mark = match.start()
        before = _WORD_BEFORE.search(text, max(0, mark - 12), mark)
        if before is not None:
            word = before.group(1)
            if word.casefold().rstrip(".") in _ABBREVIATIONS:
                continue
            if len(word) == 1 and word.isupper():
                continue  # an initial: "J. Smith"
        spans.append((start, mark + 1))
        start = match.end()  # the space after the mark is no sentence's
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans
