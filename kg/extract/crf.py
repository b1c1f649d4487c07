"""Linear-chain CRF decoding: exact Viterbi, run only where an entity label can possibly win.

Labels are "O" and "P-K" with P one of B, I, E, S (BIO or BIOES) and K an entity kind; label
transitions that break the scheme are forbidden.  Most tokens of running text are so clearly
outside any entity that no best path can label them otherwise.  `candidates` proves that for
all tokens at once with a bound on what any entity through a token can gain over "O", the
proven tokens cut the sequences into short runs, and Viterbi runs on all the runs together.
Several sequences can be decoded in one call: they are laid end to end with one blocked row
between neighbours, so the numpy work is shared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

FORBIDDEN = -1e9
_BLOCK = -1e6     # state score lift of a blocked row: far below anything a token can gain


def _role(label: str) -> tuple[str, str]:
    return ("O", "") if label == "O" else (label[0], label[2:])


class LinearChain:
    """Transition weights and scheme of a trained CRF, and its decoder."""

    __slots__ = (
        "_first",
        "_in_first",
        "_in_single",
        "_last",
        "_middle",
        "_out_last",
        "_out_single",
        "_single",
        "_step_last",
        "_step_mid",
        "labels",
        "outside",
        "start",
        "stop",
        "trans",
    )

    def __init__(self, labels: Sequence[str], transitions: Mapping[tuple[str, str], float]) -> None:
        self.labels = tuple(labels)
        if "O" not in self.labels:
            raise ValueError("the label set needs an 'O' label")
        o = self.outside = self.labels.index("O")
        roles = [_role(x) for x in self.labels]
        bioes = any(p in ("E", "S") for p, _ in roles)
        begins = [i for i, (p, _) in enumerate(roles) if p in ("B", "S")]
        ends = [i for i, (p, _) in enumerate(roles) if p in (("E", "S") if bioes else ("B", "I"))]
        size = len(self.labels)
        trans = np.full((size, size), FORBIDDEN)
        for a, (pa, ka) in enumerate(roles):
            for b, (pb, kb) in enumerate(roles):
                inner = (ka == kb and pa in ("B", "I")
                         and pb in (("I", "E") if bioes else ("I",)))
                outer = (a == o or a in ends) and (b == o or b in begins)
                if inner or outer:
                    trans[a, b] = transitions.get((self.labels[a], self.labels[b]), 0.0)
        self.trans = trans
        self.start = np.array([0.0 if (i == o or i in begins) else FORBIDDEN for i in range(size)])
        self.stop = np.array([0.0 if (i == o or i in ends) else FORBIDDEN for i in range(size)])
        # For the bound of `candidates`, per entity kind: the labels of a one-token entity and
        # of the first, inner and last token of a longer one, and the most each can gain from
        # its transitions over "O" standing in the same place.
        gain_in = {y: max(trans[p, y] - trans[p, o]
                          for p in [o, *ends] if trans[p, y] > FORBIDDEN) for y in begins}
        gain_out = {y: max(trans[y, q] - trans[o, q]
                           for q in [o, *begins] if trans[y, q] > FORBIDDEN) for y in ends}
        rows: list[tuple[float, ...]] = []
        for kind in sorted({k for _, k in roles if k}):
            at = {p: i for i, (p, k) in enumerate(roles) if k == kind}
            if "B" not in at or "I" not in at or (bioes and ("E" not in at or "S" not in at)):
                raise ValueError(f"labels of kind {kind!r} do not make a full BIO/BIOES set")
            single = at["S"] if bioes else at["B"]
            first, middle = at["B"], at["I"]
            last = at["E"] if bioes else at["I"]
            rows.append((single, first, middle, last, gain_in[single], gain_out[single],
                         gain_in[first],
                         max(trans[first, middle], trans[middle, middle]) - trans[o, o],
                         max(trans[first, last], trans[middle, last]) - trans[o, o],
                         gain_out[last]))
        cols = list(zip(*rows))
        self._single, self._first, self._middle, self._last = (np.array(c, dtype=np.intp)
                                                               for c in cols[:4])
        (self._in_single, self._out_single, self._in_first, self._step_mid, self._step_last,
         self._out_last) = (np.array(c, dtype=np.float64) for c in cols[4:])

    def candidates(self, emissions: np.ndarray, firsts: np.ndarray, lasts: np.ndarray,
                   blocked: np.ndarray | None = None) -> np.ndarray:
        """Mask of the tokens that the best path might label other than "O".

        `firsts`/`lasts` mark the first and last token of each sequence; `blocked` rows belong
        to no sequence.  Turning one entity of a path into "O" labels keeps the path valid, so
        in the best path no entity gains less than nothing over "O" in its place.  A token is a
        candidate only if some entity through it can gain something by an upper bound: each
        token's state score over "O", plus the most its label's transitions can gain over
        those of "O" (nothing is gained or lost at the edges of a sequence).
        """
        n = emissions.shape[0]
        lift = emissions - emissions[:, self.outside][:, None]
        if blocked is not None:
            lift[blocked] = _BLOCK
        start_here = firsts[:, None]
        stop_here = lasts[:, None]
        enter_single = np.where(start_here, 0.0, self._in_single)
        leave_single = np.where(stop_here, 0.0, self._out_single)
        mask = (lift[:, self._single] + enter_single + leave_single >= -1e-6).any(axis=1)
        if n < 2:
            return mask
        head_score = lift[:, self._first] + np.where(start_here, 0.0, self._in_first)
        tail_score = (lift[:, self._last] + self._step_last
                      + np.where(stop_here, 0.0, self._out_last))
        middle = lift[:, self._middle] + self._step_mid
        # Best entity [a, b], a < b, through token i: head[a] + middle(a+1 .. b-1) + tail[b].
        prefix = np.concatenate((np.zeros((1, middle.shape[1])), np.cumsum(middle, axis=0)))
        head = head_score - prefix[1:]                 # head[a] - middle(.. a)
        tail = prefix[:-1] + tail_score                # middle(.. b-1) + tail[b]
        best_head = np.maximum.accumulate(head, axis=0)                  # best a <= i
        best_tail = np.maximum.accumulate(tail[::-1], axis=0)[::-1]      # best b >= i
        wall = np.full((1, middle.shape[1]), FORBIDDEN)
        after = np.concatenate((best_tail[1:], wall))                    # best b > i
        before = np.concatenate((wall, best_head[:-1]))                  # best a < i
        best = np.maximum(best_head + after, before + best_tail)
        return mask | (best >= -1e-6).any(axis=1)

    def decode(self, emissions: np.ndarray) -> np.ndarray:
        """The best label index for every token of one sequence (rows of `emissions`)."""
        n = emissions.shape[0]
        edge = np.zeros(n, dtype=bool)
        if n:
            edge_first = edge.copy()
            edge_first[0] = True
            edge[-1] = True
            return self.decode_many(emissions, edge_first, edge)
        return np.full(0, self.outside, dtype=np.intp)

    def decode_many(self, emissions: np.ndarray, firsts: np.ndarray, lasts: np.ndarray,
                    blocked: np.ndarray | None = None) -> np.ndarray:
        """Best labels of several sequences laid end to end (see `candidates`); blocked rows
        and every token proven outside get "O"."""
        n = emissions.shape[0]
        out = np.full(n, self.outside, dtype=np.intp)
        if n == 0:
            return out
        mask = self.candidates(emissions, firsts, lasts, blocked)
        if not mask.any():
            return out
        edges = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
        run_first = np.flatnonzero(edges == 1)
        run_stop = np.flatnonzero(edges == -1)
        self._decode_runs(emissions, run_first, run_stop, firsts, lasts, out)
        return out

    def _decode_runs(self, emissions: np.ndarray, run_first: np.ndarray, run_stop: np.ndarray,
                     firsts: np.ndarray, lasts: np.ndarray, out: np.ndarray) -> None:
        """Viterbi on every run [first, stop) at once, longest first; writes into `out`.

        A run's neighbours are proven "O", or it begins or ends its sequence.
        """
        size = emissions.shape[1]
        lengths = run_stop - run_first
        order = np.argsort(-lengths, kind="stable")
        run_first, run_stop, lengths = run_first[order], run_stop[order], lengths[order]
        count = len(run_first)
        longest = int(lengths[0])
        o = self.outside
        enter = np.where(firsts[run_first][:, None], self.start, self.trans[o])
        leave = np.where(lasts[run_stop - 1][:, None], self.stop, self.trans[:, o])
        # Steps past a run's end read a clipped row; those runs are out of the active prefix.
        rows = np.minimum(run_first[:, None] + np.arange(longest), len(emissions) - 1)
        local = emissions[rows]                                # runs × steps × labels
        score = local[:, 0, :] + enter
        back = np.empty((longest, count, size), dtype=np.intp)
        active = np.searchsorted(-lengths, -np.arange(longest), side="left")
        trans = self.trans
        for t in range(1, longest):
            k = int(active[t])          # runs longer than t
            cand = score[:k, :, None] + trans
            back[t, :k] = cand.argmax(axis=1)
            score[:k] = cand.max(axis=1) + local[:k, t]
        ends = (score + leave).argmax(axis=1)
        if int(lengths.sum()) <= 8 * longest:
            # Few tokens: following the pointers one by one beats a numpy call per step.
            pointers = back.tolist()
            for r, label in enumerate(ends.tolist()):
                first = int(run_first[r])
                for t in range(int(lengths[r]) - 1, 0, -1):
                    out[first + t] = label
                    label = pointers[t][r][label]
                out[first] = label
            return
        # Walk the back pointers of all runs at once, from the longest run's end.
        labels = np.empty((count, longest), dtype=np.intp)
        labels[np.arange(count), lengths - 1] = ends
        for t in range(longest - 2, -1, -1):
            k = int(active[t + 1])      # runs that go on past t
            labels[:k, t] = back[t + 1, np.arange(k), labels[:k, t + 1]]
        inside = np.arange(longest) < lengths[:, None]
        out[rows[inside]] = labels[inside]

    def decode_full(self, emissions: np.ndarray) -> np.ndarray:
        """Plain Viterbi over one whole sequence, without pruning (the reference for tests)."""
        n, size = emissions.shape
        out = np.full(n, self.outside, dtype=np.intp)
        if n == 0:
            return out
        score = emissions[0] + self.start
        back = np.zeros((n, size), dtype=np.intp)
        for t in range(1, n):
            cand = score[:, None] + self.trans
            back[t] = cand.argmax(axis=0)
            score = cand.max(axis=0) + emissions[t]
        label = int((score + self.stop).argmax())
        for t in range(n - 1, -1, -1):
            out[t] = label
            label = int(back[t, label])
        return out
