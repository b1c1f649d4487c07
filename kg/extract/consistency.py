"""Document-level consistency of tagged spans: abbreviations follow their long forms."""

from __future__ import annotations

from collections.abc import Iterable

from kg.extract.abbreviations import Abbreviation
from kg.extract.tokens import find_aligned

Span = tuple[int, int, str]   # start, end, type


def _free(taken: bytearray, start: int, end: int) -> bool:
    return taken.find(1, start, end) < 0


def _take(taken: bytearray, start: int, end: int, value: int = 1) -> None:
    taken[start:end] = bytes([value]) * (end - start)


def harmonise(text: str, spans: Iterable[Span], abbreviations: Iterable[Abbreviation], *,
              drop_undefined: bool = True, propagate: bool = True) -> list[Span]:
    """Spans made consistent within one document.

    An abbreviation whose long form ends a tagged span takes that span's type everywhere it
    occurs; one whose long form is untagged is untagged too (`drop_undefined`).  With
    `propagate`, a string tagged once is tagged wherever else it stands untouched.
    """
    by_span = {(s, e): t for s, e, t in spans}
    ends = {e: t for (_, e), t in by_span.items()}
    short_type: dict[str, str | None] = {}
    for abbr in abbreviations:
        kind = ends.get(abbr.long_end)
        if kind is not None:
            short_type[abbr.short] = kind
        elif drop_undefined:
            short_type.setdefault(abbr.short, None)
    taken = bytearray(len(text) + 1)
    for s, e in by_span:
        _take(taken, s, e)
    for short, kind in short_type.items():
        for pos in find_aligned(text, short):
            key = (pos, pos + len(short))
            if kind is None:
                if key in by_span:
                    del by_span[key]
                    _take(taken, *key, value=0)
            elif key in by_span:
                by_span[key] = kind
            elif _free(taken, *key):
                by_span[key] = kind
                _take(taken, *key)
    if propagate:
        # name -> [times tagged, times tagged as the first kind seen, that kind, other kind]
        votes: dict[str, list] = {}
        for (s, e), t in by_span.items():
            name = text[s:e]
            entry = votes.get(name)
            if entry is None:
                votes[name] = [1, 1, t, None]
            else:
                entry[0] += 1
                if t == entry[2]:
                    entry[1] += 1
                else:
                    entry[3] = t
        for name, (tagged, first, kind, other) in votes.items():
            if len(name) < 3 or text.count(name) <= tagged:
                continue   # too short to trust, or no occurrence left untagged
            if other is not None and 2 * first < tagged:
                kind = other
            for pos in find_aligned(text, name):
                key = (pos, pos + len(name))
                if key not in by_span and _free(taken, *key):
                    by_span[key] = kind
                    _take(taken, *key)
    return sorted((s, e, t) for (s, e), t in by_span.items())
