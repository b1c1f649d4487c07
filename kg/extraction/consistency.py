"""Document-level consistency of tagged spans: abbreviations follow their long forms."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import starmap

from kg.extraction.abbreviations import Abbreviation
from kg.extraction.tokens import find_aligned

Span = tuple[int, int, str]   # start, end, type


class _Coverage:
    """Which characters of a text the spans cover, worked out only when first asked (most
    texts never ask): until then, the spans cleared are remembered and replayed."""

    __slots__ = ("_cleared", "_size", "_spans", "_taken")

    def __init__(self, size: int, spans: list[tuple[int, int]]) -> None:
        self._size = size
        self._spans = spans
        self._cleared: list[tuple[int, int]] = []
        self._taken: bytearray | None = None

    def clear(self, key: tuple[int, int]) -> None:
        """A span no longer covers its characters."""
        if self._taken is None:
            self._cleared.append(key)
        else:
            _take(self._taken, *key, 0)

    def claim(self, key: tuple[int, int]) -> bool:
        """Cover the span's characters if none is covered yet; whether it was done."""
        taken = self._taken
        if taken is None:
            taken = self._taken = bytearray(self._size)
            for s, e in self._spans:
                _take(taken, s, e)
            for s, e in self._cleared:
                _take(taken, s, e, 0)
        if taken.find(1, *key) >= 0:
            return False
        _take(taken, *key)
        return True


def _take(taken: bytearray, start: int, end: int, value: int = 1) -> None:
    taken[start:end] = (b"\x01" if value else b"\x00") * (end - start)


def harmonise(text: str, spans: Iterable[Span], abbreviations: Iterable[Abbreviation], *,
              drop_undefined: bool = True, propagate: bool = True) -> list[Span]:
    """Spans made consistent within one document.

    An abbreviation whose long form ends a tagged span takes that span's type everywhere it
    occurs; one whose long form is untagged is untagged too (`drop_undefined`).  With
    `propagate`, a string tagged once is tagged wherever else it stands untouched.
    """
    spans = list(spans)
    by_span = {(s, e): t for s, e, t in spans}
    short_type = _abbreviation_types(by_span, abbreviations, drop_undefined) if abbreviations else {}
    coverage = _Coverage(len(text) + 1, list(by_span))
    changed = _apply_abbreviations(text, by_span, short_type, coverage)
    if propagate:
        changed = _propagate(text, by_span, coverage) or changed
    if not changed and len(by_span) == len(spans):
        return sorted(spans)   # the same (start, end, type) triples as `by_span` holds
    return sorted((s, e, t) for (s, e), t in by_span.items())


def _abbreviation_types(by_span: dict, abbreviations: Iterable[Abbreviation],
                        drop_undefined: bool) -> dict[str, str | None]:
    """Each short form's type: that of the tagged span its long form ends, else None (untag)."""
    short_type: dict[str, str | None] = {}
    ends = {e: t for (_, e), t in by_span.items()}
    for abbr in abbreviations:
        kind = ends.get(abbr.long_end)
        if kind is not None:
            short_type[abbr.short] = kind
        elif drop_undefined:
            short_type.setdefault(abbr.short, None)
    return short_type


def _apply_abbreviations(text: str, by_span: dict, short_type: dict[str, str | None],
                         coverage: _Coverage) -> bool:
    """Every occurrence of each short form typed (or untyped) as its long form; True if any changed."""
    changed = False
    for short, kind in short_type.items():
        for pos in find_aligned(text, short):
            key = (pos, pos + len(short))
            if kind is None:
                if key in by_span:
                    del by_span[key]
                    coverage.clear(key)
                    changed = True
            elif key in by_span:
                if by_span[key] != kind:
                    by_span[key] = kind
                    changed = True
            elif coverage.claim(key):
                by_span[key] = kind
                changed = True
    return changed


def _propagate(text: str, by_span: dict, coverage: _Coverage) -> bool:
    """Each name tagged so far tagged wherever else it stands untouched; True if any was added."""
    changed = False
    names = list(map(text.__getitem__, starmap(slice, by_span)))
    types = list(by_span.values())
    for name in dict.fromkeys(names):
        if len(name) < 3:
            continue   # too short to trust
        occurs = text.count(name)
        if occurs < 2:
            continue   # no occurrence left untagged (each name is tagged at least once)
        tagged = names.count(name)
        if occurs <= tagged:
            continue
        kinds = [t for other, t in zip(names, types) if other == name]
        # The first kind seen, unless another kind (the last one seen) won most votes.
        kind = kinds[0]
        other_kind = next((t for t in reversed(kinds) if t != kind), None)
        if other_kind is not None and 2 * kinds.count(kind) < tagged:
            kind = other_kind
        for pos in find_aligned(text, name):
            key = (pos, pos + len(name))
            if key not in by_span and coverage.claim(key):
                by_span[key] = kind
                changed = True
    return changed
