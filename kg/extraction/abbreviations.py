"""Abbreviations defined in running text as "long form (SF)", after Schwartz and Hearst (2003)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
    words = short.split()
    if not 2 <= len(short) <= _MAX_SHORT or len(words) > 2:
        return False
    if not short[0].isalnum() or not any(map(str.isalpha, short)):
        return False
    if len(words) == 2 and (words[1].islower() or words[0].isdigit()):
        return False
    return short.lower().rstrip(".") not in ("i.e", "e.g", "vs", "see", "ie", "eg", "ref")


def _short_form_backwards(short: str) -> Iterator[tuple[bool, str]]:
    """(is it the first, lowered character) of each letter or digit of the short form, last first."""
    for s in range(len(short) - 1, -1, -1):
        c = short[s].lower()
        if c.isalnum():
            yield s == 0, c


def _long_form_start(short: str, window: str) -> int | None:
    """Where in `window` the long form begins, matching the short form's characters backwards."""
    lowered = window.lower()
    if len(lowered) != len(window) or "\u03a3" in window:
        # Some character lowers to several, or to a final sigma by context: not char by char.
        return _long_form_start_by_char(short, window)
    i = len(window) - 1
    for first, c in _short_form_backwards(short):
        if len(c) != 1:
            return None     # no single character of the window lowers to it
        i = lowered.rfind(c, 0, i + 1)
        if first:
            # The first character of the short form must begin a word of the long form.
            while i > 0 and window[i - 1].isalnum():
                i = lowered.rfind(c, 0, i)
        if i < 0:
            return None
        i -= 1
    return window.rfind(" ", 0, i + 1) + 1


def _long_form_start_by_char(short: str, window: str) -> int | None:
    """`_long_form_start`, comparing one lowered character at a time."""
    i = len(window) - 1
    for first, c in _short_form_backwards(short):
        # The first character of the short form must begin a word of the long form.
        while i >= 0 and (window[i].lower() != c or (first and i > 0 and window[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    return window.rfind(" ", 0, i + 1) + 1


def _last_words(segment: str, count: int) -> tuple[int, int]:
    """Where the last `count` words of `segment` (which has that many) start and end."""
    end = len(segment.rstrip())
    rest = segment.rsplit(None, count)
    if len(rest) == count:      # no word before them
        return len(segment) - len(segment.lstrip()), end
    gap = segment[len(rest[0]):]
    return len(rest[0]) + len(gap) - len(gap.lstrip()), end


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
        before = text[lo:open_at]
        words = before.split()      # the words (runs of non-space) just before "("
        if lo > 0 and words and not before[0].isspace():
            del words[0]            # the first word may have been cut
        limit = min(len(short) + 5, 2 * len(short))
        kept = len(words[-limit:])
        if not kept:
            continue
        first, end = _last_words(before, kept)
        first += lo
        end += lo
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
