"""Abbreviations defined in running text as "long form (SF)", after Schwartz and Hearst (2003)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
_MAX_SHORT = 12     # characters inside the parentheses
_LOOKBACK = 160     # characters before "(" searched for the long form
_JOINERS = ("and ", "or ", "of ", "with ", "the ", "in ", "by ", "for ", "to ")


@dataclass(frozen=True, slots=True, kw_only=True)
class Abbreviation:
    """One definition: `text[long_start:long_end]` is abbreviated `text[short_start:short_end]`."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int
    short: str


def _short_form_ok(short: str) -> bool:
    if not 2 <= len(short) <= _MAX_SHORT or len(short.split()) > 2:
        return False
    if not short[0].isalnum() or not any(ch.isalpha() for ch in short):
        return False
    words = short.split()
    if len(words) == 2 and (words[1].islower() or words[0].isdigit()):
        return False
    return short.lower().rstrip(".") not in ("i.e", "e.g", "vs", "see", "ie", "eg", "ref")


def _long_form_start(short: str, window: str) -> int | None:
    """Where in `window` the long form begins, matching the short form's characters backwards."""
    s = len(short) - 1
    i = len(window) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        # The first character of the short form must begin a word of the long form.
        while i >= 0 and (window[i].lower() != c or (s == 0 and i > 0 and window[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return window.rfind(" ", 0, i + 1) + 1


def find_abbreviations(text: str) -> tuple[Abbreviation, ...]:
    """All "long form (SF)" definitions in `text`, in order."""
    out: list[Abbreviation] = []
    pos = text.find(" (")
    while pos >= 0:
        open_at = pos + 1
        close = text.find(")", open_at + 1, open_at + 2 + _MAX_SHORT + 8)
        pos = text.find(" (", open_at)
        if close < 0:
            continue
        inner = text[open_at + 1:close]
        if "(" in inner:
            continue
        short = inner.split(";")[0].split(",")[0].strip()
        if not _short_form_ok(short):
            continue
        short_start = text.find(short, open_at + 1)
        lo = max(0, open_at - _LOOKBACK)
        words = [m.span() for m in _WORD.finditer(text, lo, open_at)]
        if lo > 0 and words and words[0][0] == lo:
            words = words[1:]   # the first word may have been cut
        limit = min(len(short) + 5, 2 * len(short))
        words = words[-limit:]
        if not words:
            continue
        first = words[0][0]
        end = words[-1][1]
        while end > first and text[end - 1] in ",;:":
            end -= 1
        window = text[first:end]
        rel = _long_form_start(short, window)
        if rel is None:
            continue
        long_start = first + rel
        long_form = text[long_start:end]
        if len(long_form) <= len(short) or ". " in long_form:
            continue
        if long_form.count("(") != long_form.count(")") or long_form.startswith(_JOINERS):
            continue
        out.append(Abbreviation(long_start=long_start, long_end=end, short_start=short_start,
                                short_end=short_start + len(short), short=short))
    return tuple(out)
