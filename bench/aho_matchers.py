"""Aho-Corasick (pyahocorasick) versions of the two hand-written dictionary matchers, for bench/matchers.py.

Not kg's runtime: ``bench/matchers.py`` measures these against
:class:`kg.extraction.lexicon.Lexicon` and :class:`kg.extraction.gazetteer.Gazetteer` and
checks, first, that they give the same matches on every text it times.

Both matchers compare *token keys*, not characters: the lexicon's key of a token is
``normalise_token`` (case folded, Greek spelled out, British spelling and plurals undone),
the gazetteer's is the token lower-cased. A character automaton over the text itself cannot
do that ("tumours" is the key "tumor": not even the length is kept), so the automaton runs
over the text's keys, each followed by a space (no key holds whitespace), after one space;
a key no pattern holds is written U+0000. A pattern is its keys written the same way, so it
matches whole keys only. (One code point per key, which makes an end index a token index,
ran ten times slower: pyahocorasick finds a node's child by a linear scan, and the root then
has tens of thousands of children.)

On top of ``Automaton.iter`` (every occurrence, overlapping ones included) the rules of the
hand-written matchers stay in Python:

* leftmost, then longest, non-overlapping: the first start that has an accepted match
  takes its longest one, and the scan goes on after it. ``Automaton.iter_long`` is not
  used: it misses matches that a leftmost-longest scan finds (pyahocorasick issues #133,
  #185, #189);
* lexicon only: a match neither starts nor ends inside a run of letters and digits that the
  tokeniser cut in two ("abc" in "abc123"), except that a unit may start right after a
  number ("500mg"); the entry-level conditions (exact-case tokens, short abbreviations not
  beside a hyphen, the ``types`` filter) are checked entry by entry in the lexicon's order,
  and the first accepted entry of the longest accepted match names the concept.

The lexicon's tokens are its own (its regular expressions, on each space-separated chunk of
the folded text, the chunk's key string kept in a cache as the lexicon keeps its chunks'
tokens); a match's position in the automaton's text is taken back to chunk and token by
bisection, only where there is a match. The gazetteer takes its token sequence as given.
The keys, the separators and the chunk cache are in ``bench/aho_keys.py``.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, repeat
from operator import itemgetter
from pathlib import Path

import ahocorasick

from kg import concepts
from kg.concepts import Concept, concept_from_line, default_tables
from kg.extraction import lexicon, lexicon_text
from kg.extraction.gazetteer import name_kinds
from kg.extraction.lexicon import (Lexicon, LexiconMatch, _match, _ranked_entries, _write_cache,
                                  default_cache_dir)
from kg.extraction.lexicon_text import _FOLD, _GUARDED, _UNIT, _KeyCache

import aho_keys
from aho_keys import SEPARATOR, UNKNOWN, ChunkKeys, build_automaton, key_pattern

__all__ = ["AhoGazetteer", "AhoLexicon"]

# ---------------------------------------------------------------- the lexicon

def _compile(tables: Iterable[Path]) -> tuple[tuple[str, ...], ahocorasick.Automaton | None,
                                              frozenset[str]]:
    """The tables' rows, the automaton over their labels' and synonyms' keys, and the keys
    the patterns hold. The entries of one key sequence come in the lexicon's order
    (hand-made tables first, then labels before synonyms, then row order), as in
    ``kg.extraction.lexicon._compile``."""
    lines: list[str] = []
    keys = _KeyCache()
    ranked = [(rank, tuple(keys[token] for token in tokens), entry)
              for rank, tokens, entry in _ranked_entries(tables, lines)]
    ranked.sort(key=itemgetter(0))
    grouped: dict[tuple[str, ...], list[tuple]] = {}
    for _, key, entry in ranked:
        entries = grouped.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)
    automaton = build_automaton((key_pattern(key), _value(key, entries))
                           for key, entries in grouped.items())
    return tuple(lines), automaton, frozenset(key for group in grouped for key in group)


def _value(key: tuple[str, ...], entries: list[tuple]) -> tuple:
    """What the automaton gives for a key sequence: (the pattern's length less one, whether
    it is one token, the row of its first entry if that entry has no condition else -1,
    the entries)."""
    index, _, exact, flags = entries[0]
    simple = -1 if exact or flags else index
    return len(key_pattern(key)) - 1, len(key) == 1, simple, tuple(entries)


def _cache_path(tables: tuple[Path, ...], cache_dir: Path) -> Path:
    digest = hashlib.sha256(b"".join(Path(module.__file__).read_bytes()
                                     for module in (concepts, lexicon, lexicon_text, aho_keys))
                            + Path(__file__).read_bytes() + ahocorasick.__file__.encode())
    for path in tables:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return cache_dir / f"aho-{digest.hexdigest()[:24]}.pickle"


class AhoLexicon:
    """The lexicon's concepts with an Aho-Corasick automaton for the same longest matches as
    :meth:`kg.extraction.lexicon.Lexicon.find` (only ``find`` and ``lookup``: the by-id and
    by-xref lookups stay with ``Lexicon``)."""

    __slots__ = ("_lines", "_automaton", "_chunks", "_made")

    def __init__(self, lines: tuple[str, ...], automaton: ahocorasick.Automaton | None,
                 known: frozenset[str]) -> None:
        self._lines = lines
        self._automaton = automaton
        self._chunks = ChunkKeys(known)
        self._made: dict[int, Concept] = {}

    @classmethod
    def load(cls, tables: Iterable[Path] | None = None, *,
             cache_dir: Path | None | bool = None) -> AhoLexicon:
        """Read the tables (default: the shipped ones); with ``cache_dir`` (True: the user
        cache) a compiled copy is kept in its subfolder ``aho``, keyed by the tables' bytes,
        as ``Lexicon.load`` does (no cache by default: this module is for measuring)."""
        paths = tuple(tables) if tables is not None else default_tables()
        folder = default_cache_dir() if cache_dir is True else (cache_dir or None)
        cached = _cache_path(paths, folder / "aho") if folder else None
        if cached is not None and cached.is_file():
            collecting = gc.isenabled()
            gc.disable()
            try:
                with cached.open("rb") as handle:
                    return cls(*pickle.load(handle))
            except (OSError, pickle.UnpicklingError, EOFError, TypeError, ValueError,
                    AttributeError):
                pass  # a stale or damaged cache is rebuilt below
            finally:
                if collecting:
                    gc.enable()
        lines, automaton, known = _compile(paths)
        if cached is not None:
            _write_cache(cached, (lines, automaton, known))
            for stale in cached.parent.glob("aho-*.pickle"):  # compiled from older tables
                if stale != cached:
                    stale.unlink(missing_ok=True)
        return cls(lines, automaton, known)

    def __len__(self) -> int:
        return len(self._lines)

    def _at(self, index: int) -> Concept:
        concept = self._made.get(index)
        if concept is None:
            concept = self._made[index] = concept_from_line(self._lines[index])
        return concept

    lookup = Lexicon.lookup  # the concept a whole string names, read with this class's find

    def find(self, text: str, *, types: Iterable[str] | None = None) -> list[LexiconMatch]:
        """Non-overlapping longest matches, left to right; ``types`` limits the concept types
        (the same list as ``Lexicon.find``)."""
        if not text or self._automaton is None:
            return []
        folded = text if text.isascii() else text.translate(_FOLD)  # _FOLD maps no ASCII
        chunks = folded.split(" ")
        keyed = list(map(self._chunks.__getitem__, chunks))
        best = self._longest(chunks, keyed, None if types is None else frozenset(types))
        return self._leftmost(text, chunks, best) if best else []

    def _longest(self, chunks: list[str], keyed: list[str],
                 wanted: frozenset[str] | None) -> dict[int, tuple]:
        """Where an accepted match starts -> the longest one from there, as (last, row, c0, t0,
        part0, c1, t1, part1): chunk c0's token t0 to chunk c1's token t1, part0 and part1
        the two chunks' details."""
        # Positions in the automaton's text: the separator before a match's first token is at
        # `first`, the one after its last token at `last`; chunk c's keys and separators end
        # at ends[c] (the text's first separator is at 0, before them all).
        ends: list[int] = []
        best: dict[int, tuple] = {}  # first -> the longest accepted match from there
        details = self._chunks.details
        cached = self._chunks._details.get  # details, where computed before
        hits = self._automaton.iter(SEPARATOR + "".join(keyed))
        for last, (span, single, simple, entries) in hits:
            if not ends:
                ends = list(accumulate(map(len, keyed)))
            c1 = bisect_left(ends, last)
            chunk = chunks[c1]
            part1 = cached(chunk) or details(chunk)
            t1 = bisect_left(part1[0], last - ends[c1 - 1] if c1 else last)
            tokens1 = part1[1]
            if t1 + 1 < len(tokens1) and not part1[2][t1 + 1] and tokens1[t1][-1].isalnum() \
                    and tokens1[t1 + 1][0].isalnum():
                continue  # no match ends where the token runs on into the next: "abc" in "abc123"
            if single:
                c0, t0, part0 = c1, t1, part1
            else:
                first = last - span
                if first >= ends[c1 - 1] if c1 else True:  # the first token is in the same chunk
                    c0, part0 = c1, part1
                    t0 = bisect_right(part1[0], first - ends[c1 - 1] if c1 else first)
                else:
                    c0 = bisect_right(ends, first)
                    chunk = chunks[c0]
                    part0 = cached(chunk) or details(chunk)
                    t0 = bisect_right(part0[0], first - ends[c0 - 1] if c0 else first)
            if t0:  # nor starts where it runs on from a word; a unit may from a number: "500mg"
                tokens0 = part0[1]
                rule = 0 if part0[2][t0] or not tokens0[t0 - 1][-1].isalnum() \
                    or not tokens0[t0][0].isalnum() else 1 if tokens0[t0 - 1].isdigit() else -1
            else:
                rule = 0
            if not rule and simple >= 0 and wanted is None:
                # later hits of the same start end later
                best[last - span] = (last, simple, c0, t0, part0, c1, t1, part1)
                continue
            if rule < 0:
                continue
            for index, kind, exact, flags in entries:
                if not (exact or flags or rule or wanted is not None) or _accepts(
                        kind, exact, flags, chunks, t0, part0, part1[2][t1 + 1], details, wanted,
                        rule, c0):
                    best[last - span] = (last, index, c0, t0, part0, c1, t1, part1)
                    break
        return best

    def _leftmost(self, text: str, chunks: list[str], best: dict[int, tuple]) -> list[LexiconMatch]:
        """The non-overlapping matches among ``best`` (see ``_longest``), leftmost first."""
        starts = list(accumulate(map(len, chunks)))  # chunk c starts at starts[c - 1] + c
        out = []
        free = 0
        for first in sorted(best):
            if first >= free:
                last, index, c0, t0, part0, c1, t1, part1 = best[first]
                free = last
                begin = (starts[c0 - 1] + c0 if c0 else 0) + part0[3][t0]
                end = (starts[c1 - 1] + c1 if c1 else 0) + part1[3][t1] + len(part1[1][t1])
                concept = self._made.get(index)
                if concept is None:
                    concept = self._at(index)
                out.append(_match(begin, end, text[begin:end], concept))
        return out


def _accepts(kind: str, exact: tuple[tuple[int, str], ...], flags: int, chunks: list[str], t0: int,
             part0: tuple, gap_after: str, details, wanted: frozenset[str] | None,
             after_number: int, c0: int) -> bool:
    """``kg.extraction.lexicon._accepts`` on the chunks: the character before the match is the
    last of the gap before its first token (tokens hold no "-", and a space separates
    chunks), the one after it the first of the gap after its last token."""
    if wanted is not None and kind not in wanted:
        return False
    if after_number and not flags & _UNIT:
        return False
    for offset, token in exact:
        c, t, tokens = c0, t0 + offset, part0[1]
        while t >= len(tokens):  # the token is in a later chunk
            t -= len(tokens)
            c += 1
            tokens = details(chunks[c])[1]
        if tokens[t] != token:
            return False
    if flags & _GUARDED and (part0[2][t0][-1:] == "-" or gap_after[:1] == "-"):
        return False
    return True


# ---------------------------------------------------------------- the gazetteer

class AhoGazetteer:
    """:class:`kg.extraction.gazetteer.Gazetteer` on an Aho-Corasick automaton: multi-word names
    (lower-cased token sequences, 2 or more tokens, no whitespace in a token) with the kinds
    ("C", "D", "CD") they name."""

    __slots__ = ("tag", "_automaton", "_words")

    def __init__(self, tag: str, names: dict[tuple[str, ...], str]) -> None:
        self.tag = tag
        # Gazetteer.matches never reports a one-word name, nor a name without a kind.
        kept = [(key, kind) for key, kind in names.items() if len(key) >= 2 and kind]
        self._automaton = build_automaton((key_pattern(key), (len(key) - 1, kind)) for key, kind in kept)
        # word -> the word and the separator, for the words of the names
        self._words = {word: word + SEPARATOR for key, _ in kept for word in key}

    @classmethod
    def build(cls, tag: str, names: Iterable[tuple[str, str]]) -> AhoGazetteer:
        """A gazetteer over (name, "Chemical" | "Disease") pairs, as ``Gazetteer.build``."""
        return cls(tag, name_kinds(names))

    def matches(self, lowers: Sequence[str], starts: Iterable[int] | None = None, *,
                rows: Sequence[int] | None = None) -> list[tuple[int, int, str]]:
        """Non-overlapping longest matches (first, end, kind), as ``Gazetteer.matches``:
        ``starts`` (in increasing order, as the tagger gives them) limits where a match may
        begin; with ``rows`` the word at position i is ``lowers[rows[i]]``. The whole
        sequence is scanned either way."""
        if self._automaton is None:
            return []
        words = lowers if rows is None else map(lowers.__getitem__, rows)
        keyed = list(map(self._words.get, words, repeat(UNKNOWN + SEPARATOR)))
        allowed = None if starts is None else set(starts)
        ends = None  # the separator after word k is at ends[k] (the first is at 0)
        best: dict[int, tuple[int, str]] = {}
        for at, (length, kind) in self._automaton.iter(SEPARATOR + "".join(keyed)):
            if ends is None:
                ends = list(accumulate(map(len, keyed)))
            end = bisect_left(ends, at)
            start = end - length
            if allowed is None or start in allowed:
                best[start] = (end + 1, kind)  # later hits of a start end later
        if not best:
            return []
        out = []
        free = 0
        for start in sorted(best):
            if start >= free:
                end, kind = best[start]
                out.append((start, end, kind))
                free = end
        return out
