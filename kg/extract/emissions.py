"""CRF state scores as sums of per-word-type vectors, each computed once and cached."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from kg.extract.features import BOUNDARY, OFFSETS, type_features
from kg.extract.ner_model import Evidence

_PAD = len(OFFSETS) // 2
MAX_TYPES = 400_000   # past this many cached word types the cache starts again


class EmissionTable:
    """Word type → its contribution to the scores of every label, at every offset of the window.

    A token's score vector is the sum, over the window offsets, of the contribution of the word
    at that offset; multi-word name matches add their own features' weights on top.
    """

    __slots__ = (
        "_first",
        "_hash",
        "_index",
        "_lower",
        "_match_index",
        "_match_rows",
        "_pairs",
        "_rows",
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
        self.generation = 0
        # Keys of the first two words of every multi-word name: a cheap, vectorised test
        # for where a name may begin (a key clash only costs a futile trie walk).
        pairs = [(w1, w2) for g in evidence.gazetteers for w1, node in g.roots.items()
                 for w2 in node[1]]
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
        self._pairs = np.unique(_pair_keys(np.array([hash(a) for a, _ in pairs], dtype=np.int64),
                                           np.array([hash(b) for _, b in pairs], dtype=np.int64)))
        self._reset()

    def _reset(self) -> None:
        self.generation += 1
        self._index: dict[str, int] = {}
        self._rows = np.zeros((1024, len(OFFSETS) * self.size))
        self._hash = np.zeros(1024, dtype=np.int64)
        self._first = np.zeros(1024, dtype=bool)
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
        if row == self._rows.shape[0]:
            self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
            self._hash = np.concatenate([self._hash, np.zeros_like(self._hash)])
            self._first = np.concatenate([self._first, np.zeros_like(self._first)])
        vec = self._rows[row]
        weights = self._weights
        for j, feats in enumerate(type_features(word, self.evidence.words)):
            part = vec[j * self.size:(j + 1) * self.size]
            for f in feats:
                w = weights.get(f)
                if w is not None:
                    part += w
        low = word.lower()
        self._hash[row] = hash(low)
        self._first[row] = any(low in g.roots for g in self.evidence.gazetteers)
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

    def scores(self, ids: Sequence[int]) -> np.ndarray:
        """The (tokens × labels) state scores of a sequence of rows (row 0 pads and separates)."""
        n = len(ids)
        size = self.size
        padded = np.zeros(n + 2 * _PAD, dtype=np.intp)
        padded[_PAD:n + _PAD] = ids
        rows = self._rows[padded]
        out = rows[0:n, 0:size].copy()
        for j in range(1, len(OFFSETS)):
            out += rows[j:j + n, j * size:(j + 1) * size]
        if len(self._pairs) and n > 1:
            inner = padded[_PAD:n + _PAD]
            maybe = np.flatnonzero(self._first[inner[:-1]])
            if len(maybe):
                keys = _pair_keys(self._hash[inner[maybe]], self._hash[inner[maybe + 1]])
                at = np.minimum(np.searchsorted(self._pairs, keys), len(self._pairs) - 1)
                starts = maybe[self._pairs[at] == keys]
                if len(starts):
                    self._add_matches(ids, starts.tolist(), out)
        return out

    def _add_matches(self, ids: Sequence[int], starts: list[int], out: np.ndarray) -> None:
        """Add the weights of the name-match features (as `Gazetteer.match_features` names them)."""
        lower = self._lower
        lowers = _Lowered(ids, lower)
        n = len(ids)
        index = self._match_index
        where: list[int] = []
        which: list[int] = []
        for g_no, gaz in enumerate(self.evidence.gazetteers):
            for first, end, kind in gaz.matches(lowers, starts):
                for pos, role in ((first, "B"), (first - 1, ">"), (end, "<")):
                    row = index.get((g_no, role, kind))
                    if row is not None and 0 <= pos < n:
                        where.append(pos)
                        which.append(row)
                row = index.get((g_no, "I", kind))
                if row is not None:
                    where.extend(range(first + 1, end))
                    which.extend([row] * (end - first - 1))
        if where:
            np.add.at(out, np.array(where), self._match_rows[which])


class _Lowered:
    """Lower-cased words of a row sequence, looked up only where read."""

    __slots__ = ("_ids", "_lower")

    def __init__(self, ids: Sequence[int], lower: list[str]) -> None:
        self._ids = ids
        self._lower = lower

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i: int) -> str:
        return self._lower[self._ids[i]]


def _pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One int64 key per word pair (wrapping arithmetic, the same for every caller)."""
    with np.errstate(over="ignore"):
        return first * np.int64(1_000_003) + second
