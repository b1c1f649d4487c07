"""Sentence boundaries with code-point offsets, aware of the abbreviations abstracts use."""

from __future__ import annotations

import re

# A full stop, question or exclamation mark followed by space and a capital or digit ends a
# sentence, unless the word before it is a known abbreviation. One pass, no backtracking.
_END = re.compile(r"[.?!](?=\s+[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "et al", "vs", "cf", "fig", "figs", "no", "nos", "approx", "ca", "dr", "mr",
    "mrs", "ms", "prof", "i.v", "i.m", "s.c", "p.o", "b.i.d", "t.i.d", "q.d", "resp", "incl",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "st",
})
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]{0,11})$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; a sentence keeps its final mark."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if before and before.group(1).casefold().rstrip(".") in _ABBREVIATIONS:
            continue
        if before and len(before.group(1)) == 1 and before.group(1).isupper():
            continue  # an initial: "J. Smith"
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
