"""CRF state scores as sums of per-word-type vectors, each computed once and cached."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from kg.extraction.features import BOUNDARY, OFFSETS, center_features, context_features
from kg.extraction.ner_model import Evidence

_PAD = len(OFFSETS) // 2
MAX_TYPES = 400_000   # past this many cached word types the cache starts again
_NO_ROLES = (-1, -1, -1, -1)


class EmissionTable:
    """Word type → its contribution to the scores of every label, at every offset of the window.

    A token's score vector is the sum, over the window offsets, of the contribution of the word
    at that offset; multi-word name matches add their own features' weights on top.
    """

    __slots__ = (
        "_by_offset",
        "_first",
        "_hash",
        "_index",
        "_lower",
        "_match_index",
        "_match_roles",
        "_match_rows",
        "_pair_in",
        "_pairs",
        "_rows",
        "_second",
        "_seconds",
        "_weights",
        "evidence",
        "generation",
        "size",
    )

    def __init__(self, weights: Mapping[str, Sequence[float]], size: int,
                 evidence: Evidence) -> None:
        self.evidence = evidence
        self.size = size
        self._weights = {attr: np.asarray(ws, dtype=np.float64) for attr, ws in weights.items()}
        # The same weights by window offset, keyed by the feature without its "offset:" prefix
        # (what type_features would add): a new word's features are then made once per kind
        # of offset (centre, near, far) and looked up without building prefixed strings.
        prefixes = {f"{off}:": j for j, off in enumerate(OFFSETS)}
        self._by_offset: list[dict[str, np.ndarray]] = [{} for _ in OFFSETS]
        for attr, w in self._weights.items():
            prefix, colon, feature = attr.partition(":")
            j = prefixes.get(prefix + colon)
            if j is not None:
                self._by_offset[j][feature] = w
        self.generation = 0
        # The weights of the name-match features, one row per (gazetteer, role, kind).
        self._match_index: dict[tuple[int, str, str], int] = {}
        vectors = [np.zeros(size)]
        for g_no, gaz in enumerate(evidence.gazetteers):
            for role in "BI><":
                for kind in ("C", "D", "CD"):
                    w = self._weights.get(f"0:{gaz.tag}{role}{kind}")
                    if w is not None:
                        self._match_index[(g_no, role, kind)] = len(vectors)
                        vectors.append(w)
        self._match_rows = np.array(vectors)
        # Per gazetteer and kind, the rows of its "B", ">", "<" and "I" features (-1: none).
        self._match_roles = [
            {kind: tuple(self._match_index.get((g_no, role, kind), -1) for role in "B><I")
             for kind in ("C", "D", "CD")}
            for g_no in range(len(evidence.gazetteers))]
        # Keys of the first two words of every multi-word name, and which gazetteers have a
        # name that begins so: a cheap, vectorised test for where a name may begin (a key
        # clash only costs a futile trie walk).
        pairs = [(g_no, w1, w2) for g_no, g in enumerate(evidence.gazetteers)
                 for w1, node in g.roots.items() for w2 in node[1]]
        keys = _pair_keys(np.array([hash(a) for _, a, _ in pairs], dtype=np.int64),
                          np.array([hash(b) for _, _, b in pairs], dtype=np.int64))
        self._pairs, which = np.unique(keys, return_inverse=True)
        self._pair_in = np.zeros((len(evidence.gazetteers), len(self._pairs)), dtype=bool)
        self._pair_in[[g_no for g_no, _, _ in pairs], which] = True
        self._seconds = frozenset(w2 for _, _, w2 in pairs)
        self._reset()

    def _reset(self) -> None:
        self.generation += 1
        self._index: dict[str, int] = {}
        # One (types × labels) table per window offset, so that scoring gathers contiguous rows.
        self._rows = np.zeros((len(OFFSETS), 1024, self.size))
        self._hash = np.zeros(1024, dtype=np.int64)
        self._first = np.zeros(1024, dtype=bool)    # the word may begin a name
        self._second = np.zeros(1024, dtype=bool)   # ... or be the second word of one
        self._lower: list[str] = []
        self.type_id(BOUNDARY)

    def __len__(self) -> int:
        return len(self._index)

    def type_id(self, word: str) -> int:
        """The row of `word`, computing it on first sight."""
        found = self._index.get(word)
        if found is not None:
            return found
        row = len(self._index)
        if row == self._rows.shape[1]:
            self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)], axis=1)
            self._hash = np.concatenate([self._hash, np.zeros_like(self._hash)])
            self._first = np.concatenate([self._first, np.zeros_like(self._first)])
            self._second = np.concatenate([self._second, np.zeros_like(self._second)])
        # The features of `kg.extraction.features.type_features`, summed in the same order.
        indexes = self.evidence.words
        centre = center_features(word, indexes)
        near = context_features(word, indexes, True)
        far = context_features(word, indexes, False)
        for j, off in enumerate(OFFSETS):
            weights = self._by_offset[j]
            part = self._rows[j, row]
            for f in centre if off == 0 else near if abs(off) == 1 else far:
                w = weights.get(f)
                if w is not None:
                    part += w
        low = word.lower()
        self._hash[row] = hash(low)
        self._first[row] = any(low in g.roots for g in self.evidence.gazetteers)
        self._second[row] = low in self._seconds
        self._lower.append(low)
        self._index[word] = row
        return row

    def ids(self, words: Sequence[str]) -> list[int]:
        """Rows of a word sequence."""
        get = self._index.get
        out = [get(w, -1) for w in words]
        if -1 in out:
            out = [i if i >= 0 else self.type_id(w) for i, w in zip(out, words)]
        return out

    def trim(self) -> bool:
        """Empty the cache if it has grown too big (between calls); True if it was emptied."""
        if len(self._index) <= MAX_TYPES:
            return False
        self._reset()
        return True

    def scores(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The (tokens × labels) state scores of a sequence of rows (row 0 pads and separates)."""
        n = len(ids)
        padded = np.zeros(n + 2 * _PAD, dtype=np.intp)
        padded[_PAD:n + _PAD] = ids
        # Offset by offset, in the order the sum has always been taken (same bits).
        out = self._rows[0].take(padded[0:n], axis=0)
        part = np.empty_like(out)
        for j in range(1, len(OFFSETS)):
            self._rows[j].take(padded[j:j + n], axis=0, out=part)
            out += part
        if len(self._pairs) and n > 1:
            inner = padded[_PAD:n + _PAD]
            maybe = np.flatnonzero(self._first[inner[:-1]] & self._second[inner[1:]])
            if len(maybe):
                keys = _pair_keys(self._hash[inner[maybe]], self._hash[inner[maybe + 1]])
                at = np.minimum(np.searchsorted(self._pairs, keys), len(self._pairs) - 1)
                hit = self._pairs[at] == keys
                if hit.any():
                    # Per gazetteer, the positions where one of its names may begin.
                    starts = [maybe[hit][among].tolist() for among in self._pair_in[:, at[hit]]]
                    self._add_matches(inner.tolist(), starts, out)
        return out

    def _add_matches(self, ids: list[int], starts: list[list[int]], out: np.ndarray) -> None:
        """Add the weights of the name-match features (as `Gazetteer.match_features` names them),
        each gazetteer's names looked for from its own `starts`."""
        n = len(ids)
        where: list[int] = []
        which: list[int] = []
        for gaz, roles, begins in zip(self.evidence.gazetteers, self._match_roles, starts):
            for first, end, kind in gaz.matches(self._lower, begins, rows=ids):
                # The rows of the features "B" (first word), ">" (word before), "<" (word
                # after) and "I" (inner words), in that order: per position, the additions
                # then happen in the order `np.add.at` has always made them.
                begin, before, after, inner = roles.get(kind, _NO_ROLES)
                if begin >= 0:
                    where.append(first)
                    which.append(begin)
                if before >= 0 and first > 0:
                    where.append(first - 1)
                    which.append(before)
                if after >= 0 and end < n:
                    where.append(end)
                    which.append(after)
                if inner >= 0 and end - first > 1:
                    where.extend(range(first + 1, end))
                    which.extend([inner] * (end - first - 1))
        if where:
            np.add.at(out, np.array(where), self._match_rows[which])


def _pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One int64 key per word pair (wrapping arithmetic, the same for every caller)."""
    with np.errstate(over="ignore"):
        return first * np.int64(1_000_003) + second
