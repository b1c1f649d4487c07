"""The automaton's text for bench/aho_matchers.py: token keys, each followed by a separator.

A pattern is its token keys written the same way, after one separator, so it matches whole
keys only; a token whose key no pattern holds is written U+0000. The lexicon's keys of a text
come from a cache of its space-free chunks, as ``kg.extraction.lexicon`` caches its chunks'
tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import accumulate

import ahocorasick

from kg.extraction.lexicon_text import _SPLIT, _SPLIT_ASCII, normalise_token

__all__ = ["SEPARATOR", "UNKNOWN", "ChunkKeys", "build_automaton", "key_pattern"]

SEPARATOR = " "  # between token keys: no key holds whitespace
UNKNOWN = "\0"   # stands for a token that no pattern holds (no key is U+0000: see key_pattern)


def key_pattern(keys: Sequence[str]) -> str:
    """The automaton's key for a sequence of token keys: each key followed by the separator,
    all after one separator, so that a pattern only matches whole keys."""
    if any(SEPARATOR in key or UNKNOWN in key for key in keys):
        raise ValueError(f"a dictionary key holds a space or U+0000: {keys!r}")
    return SEPARATOR + "".join(key + SEPARATOR for key in keys)


def build_automaton(patterns: Iterable[tuple[str, object]]) -> ahocorasick.Automaton | None:
    """The automaton over the patterns; None without any (an empty trie cannot be made into
    an automaton)."""
    automaton = ahocorasick.Automaton()
    for pattern, value in patterns:
        automaton.add_word(pattern, value)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


class TokenKeys(dict):
    """token -> its key and the separator (U+0000 for a key that no pattern holds), computed
    on first sight; emptied if a huge corpus makes it grow too big."""

    __slots__ = ("known",)

    def __init__(self, known: frozenset[str]) -> None:
        super().__init__()
        self.known = known

    def __missing__(self, token: str) -> str:
        if len(self) >= 1_000_000:
            self.clear()
        key = normalise_token(token)
        found = self[token] = (key if key in self.known else UNKNOWN) + SEPARATOR
        return found


class ChunkKeys(dict):
    """Space-free chunk of folded text -> the keys of its tokens, each followed by the
    separator: the automaton's text is these strings joined up, after one separator.
    ``details`` gives the rest, asked for only where a match is.

    Like the lexicon's chunk cache: computed on first sight, chunks of up to 64 characters
    kept, emptied when it grows too big."""

    __slots__ = ("tokens", "_details")

    def __init__(self, known: frozenset[str]) -> None:
        super().__init__()
        self.tokens = TokenKeys(known)
        self._details: dict[str, tuple] = {}

    def __missing__(self, chunk: str) -> str:
        # gap, token, gap, ..., token, gap
        pieces = (_SPLIT_ASCII if chunk.isascii() else _SPLIT).split(chunk)
        keyed = "".join(map(self.tokens.__getitem__, pieces[1::2]))
        if len(chunk) <= 64:  # words repeat; long runs (hostile input) are not worth keeping
            if len(self) >= 200_000:
                self.clear()
            self[chunk] = keyed
        return keyed

    def details(self, chunk: str) -> tuple:
        """(ends, tokens, gaps, starts) of a chunk: token k is ``tokens[k]``, at ``starts[k]``
        in the chunk, its key and separator end at ``ends[k]`` in the chunk's keyed string,
        ``gaps[k]`` holds the gap characters before it and ``gaps[-1]`` those after the last
        token."""
        found = self._details.get(chunk)
        if found is not None:
            return found
        pieces = (_SPLIT_ASCII if chunk.isascii() else _SPLIT).split(chunk)
        tokens = pieces[1::2]
        found = (tuple(accumulate(map(len, map(self.tokens.__getitem__, tokens)))), tokens,
                 pieces[0::2], tuple(accumulate(map(len, pieces)))[0::2])
        if len(chunk) <= 64:
            if len(self._details) >= 50_000:
                self._details.clear()
            self._details[chunk] = found
        return found
