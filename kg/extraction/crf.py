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
_MODERATE = 1e6   # emissions and transitions below this never make a forbidden step win
_MANY_RUNS = 32   # from this many runs in a step on, the step over allowed predecessors pays


def _role(label: str) -> tuple[str, str]:
    return ("O", "") if label == "O" else (label[0], label[2:])


class LinearChain:
    """Transition weights and scheme of a trained CRF, and its decoder."""

    __slots__ = (
        "_allowed",
        "_first",
        "_in_first",
        "_in_single",
        "_last",
        "_middle",
        "_out_last",
        "_out_single",
        "_pointer",
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
        self._pointer = np.int8 if size <= 127 else np.intp    # dtype of back pointers
        # Per label, its allowed predecessors in label order, padded by repeating the last
        # (a repeat never beats its first occurrence), and the weights of those transitions.
        preds = [np.flatnonzero(trans[:, b] > FORBIDDEN) for b in range(size)]
        width = max(len(p) for p in preds)
        self._allowed: tuple[np.ndarray, np.ndarray] | None = None
        if (min(len(p) for p in preds) and width < size
                and np.abs(trans[trans > FORBIDDEN]).max() < _MODERATE):
            table = np.array([[*p, *[p[-1]] * (width - len(p))] for p in preds],
                             dtype=self._pointer)
            self._allowed = (table, trans[table, np.arange(size)[:, None]])
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
        # Kinds × tokens layout: sums, running sums and running maxima then run along
        # contiguous rows, and "any kind" is a cheap reduction over the first axis.
        n = emissions.shape[0]
        by_label = emissions.T
        outside = by_label[self.outside]

        def lift(labels: np.ndarray) -> np.ndarray:
            out = by_label[labels] - outside
            if blocked is not None:
                out[:, blocked] = _BLOCK
            return out

        start_here = firsts[None, :]
        stop_here = lasts[None, :]
        enter_single = np.where(start_here, 0.0, self._in_single[:, None])
        leave_single = np.where(stop_here, 0.0, self._out_single[:, None])
        mask = (lift(self._single) + enter_single + leave_single >= -1e-6).any(axis=0)
        if n < 2:
            return mask
        head_score = lift(self._first) + np.where(start_here, 0.0, self._in_first[:, None])
        tail_score = (lift(self._last) + self._step_last[:, None]
                      + np.where(stop_here, 0.0, self._out_last[:, None]))
        middle = lift(self._middle) + self._step_mid[:, None]
        # Best entity [a, b], a < b, through token i: head[a] + middle(a+1 .. b-1) + tail[b].
        kinds = middle.shape[0]
        prefix = np.zeros((kinds, n + 1))
        np.cumsum(middle, axis=1, out=prefix[:, 1:])
        head = head_score - prefix[:, 1:]              # head[a] - middle(.. a)
        tail = prefix[:, :-1] + tail_score             # middle(.. b-1) + tail[b]
        best_head = np.maximum.accumulate(head, axis=1)                        # best a <= i
        best_tail = np.maximum.accumulate(tail[:, ::-1], axis=1)[:, ::-1]      # best b >= i
        after = np.full((kinds, n), FORBIDDEN)                                 # best b > i
        after[:, :-1] = best_tail[:, 1:]
        before = np.full((kinds, n), FORBIDDEN)                                # best a < i
        before[:, 1:] = best_head[:, :-1]
        best = np.maximum(best_head + after, before + best_tail)
        return mask | (best >= -1e-6).any(axis=0)

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
        return self.decode_parts([(emissions, firsts, lasts, blocked)])[0]

    def decode_parts(self, parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray,
                                                 np.ndarray | None]]) -> list[np.ndarray]:
        """`decode_many` of each part, (emissions, firsts, lasts, blocked).

        Candidates are found part by part; the runs of all parts are then decoded together,
        which takes fewer and fuller numpy steps than decoding each part's runs alone.
        """
        outs = []
        pieces = []     # per part with candidates: its labels, candidates and their rows
        for emissions, firsts, lasts, blocked in parts:
            out = np.full(emissions.shape[0], self.outside, dtype=np.intp)
            outs.append(out)
            if emissions.shape[0]:
                mask = self.candidates(emissions, firsts, lasts, blocked)
                if mask.any():
                    pieces.append((out, mask, emissions[mask], firsts[mask], lasts[mask]))
        if not pieces:
            return outs
        # The candidate rows of all parts, end to end; a run ends where the rows of its part
        # stop being consecutive (or at the end of its part).
        emissions = np.concatenate([p[2] for p in pieces])
        firsts = np.concatenate([p[3] for p in pieces])
        lasts = np.concatenate([p[4] for p in pieces])
        breaks = [np.flatnonzero(np.diff(np.flatnonzero(mask)) != 1) + 1
                  for _, mask, *_ in pieces]
        sizes = [len(p[2]) for p in pieces]
        offsets = np.cumsum([0, *sizes])
        run_first = np.concatenate([np.concatenate(([0], b)) + off
                                    for b, off in zip(breaks, offsets.tolist())])
        run_stop = np.concatenate([np.concatenate((b, [size])) + off
                                   for b, size, off in zip(breaks, sizes, offsets.tolist())])
        found = np.empty(len(emissions), dtype=np.intp)
        self._decode_runs(emissions, run_first, run_stop, firsts, lasts, found)
        for (out, mask, *_), lo, hi in zip(pieces, offsets[:-1].tolist(), offsets[1:].tolist()):
            out[mask] = found[lo:hi]
        return outs

    def _decode_runs(self, emissions: np.ndarray, run_first: np.ndarray, run_stop: np.ndarray,
                     firsts: np.ndarray, lasts: np.ndarray, out: np.ndarray) -> None:
        """Viterbi on every run [first, stop) at once, longest first; writes into `out`.

        A run's neighbours are proven "O", or it begins or ends its sequence.  Step t works on
        the runs longer than t, a prefix of them; their rows of step t lie together in flat
        arrays (`base[t]` onwards), so memory stays proportional to the tokens of the runs.
        """
        lengths = run_stop - run_first
        order = np.argsort(-lengths, kind="stable")
        run_first, run_stop, lengths = run_first[order], run_stop[order], lengths[order]
        longest = int(lengths[0])
        o = self.outside
        enter = np.where(firsts[run_first][:, None], self.start, self.trans[o])
        leave = np.where(lasts[run_stop - 1][:, None], self.stop, self.trans[:, o])
        active = np.searchsorted(-lengths, -np.arange(longest), side="left")  # runs longer than t
        base = np.zeros(longest + 1, dtype=np.intp)
        np.cumsum(active, out=base[1:])
        total = int(base[-1])
        # Row of step t of run r, at base[t] + r.
        step = np.repeat(np.arange(longest), active)
        rows = run_first[np.arange(total) - base[step]] + step
        back, ends = self._forward(emissions[rows], enter, leave, active, base)
        if total <= 8 * longest:
            # Few runs: following the pointers one by one beats numpy calls per step.
            out[rows] = _follow_each(back, ends, lengths, base)
        else:
            out[rows] = self._follow_all(back, ends, active, base)

    def _forward(self, local: np.ndarray, enter: np.ndarray, leave: np.ndarray,
                 active: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The forward pass over the runs' rows: back pointers, and each run's best last label."""
        count = len(enter)
        # Back pointers are label numbers: one byte each holds them (less memory to move).
        back = np.empty((len(local), local.shape[1]), dtype=self._pointer)
        score = local[:count] + enter
        # Few active runs: one (runs × labels × labels) step costs least; many: the step over
        # allowed predecessors only does less work per run (exact while scores are moderate).
        reduced = (self._allowed is not None
                   and -_MODERATE < local.min() and local.max() < _MODERATE)
        trans = self.trans
        for t in range(1, len(active)):
            k = int(active[t])
            at = int(base[t])
            if reduced and k >= _MANY_RUNS:
                self._step_allowed(score[:k], local[at:at + k], back[at:at + k])
            else:
                cand = score[:k, :, None] + trans
                back[at:at + k] = cand.argmax(axis=1)
                score[:k] = cand.max(axis=1) + local[at:at + k]
        return back, (score + leave).argmax(axis=1).astype(self._pointer)

    def _follow_all(self, back: np.ndarray, ends: np.ndarray, active: np.ndarray,
                    base: np.ndarray) -> np.ndarray:
        """Labels of every row, walking the back pointers of all runs at once from the longest
        run's end."""
        total = len(back)
        labels = np.empty(total, dtype=self._pointer)
        k = int(active[-1])
        at = int(base[-2])
        labels[at:at + k] = ends[:k]
        flat_back = back.reshape(-1)
        row_starts = np.arange(0, total * back.shape[1], back.shape[1])
        for t in range(len(active) - 2, -1, -1):
            k_next, k = k, int(active[t])
            at_next, at = at, int(base[t])
            # Runs that go on past step t follow their pointers; the others end at t.
            following = labels[at_next:at_next + k_next]
            np.take(flat_back, row_starts[at_next:at_next + k_next] + following,
                    out=labels[at:at + k_next])
            labels[at + k_next:at + k] = ends[k_next:k]
        return labels

    def _step_allowed(self, score: np.ndarray, local: np.ndarray, back: np.ndarray) -> None:
        """One Viterbi step of several runs, in place, taking only allowed predecessors.

        The same as the full step: a forbidden transition costs 1e9, and while emissions and
        transitions stay under `_MODERATE` the scores of the labels that can be reached differ
        by far less, so a forbidden predecessor never wins nor ties.  Predecessors are tried
        in label order and replace the best so far only when strictly better: the first
        maximum wins, as with `argmax`.
        """
        assert self._allowed is not None
        preds, pred_trans = self._allowed
        width = preds.shape[1]
        cand = score.take(preds.reshape(-1), axis=1)
        cand += pred_trans.reshape(-1)
        cand = cand.reshape(len(score), -1, width)       # runs × labels × predecessor slots
        best = cand[:, :, 0]                             # the best so far, kept in slot 0
        back[:] = preds[:, 0]
        for j in range(1, width):
            slot = cand[:, :, j]
            np.copyto(back, preds[:, j], where=slot > best)
            np.maximum(best, slot, out=best)
        np.add(best, local, out=score)

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


def _follow_each(back: np.ndarray, ends: np.ndarray, lengths: np.ndarray,
                 base: np.ndarray) -> list[int]:
    """Labels of every row, following each run's back pointers one by one."""
    pointers = back.tolist()
    at = base.tolist()
    found = [0] * len(back)
    for r, label in enumerate(ends.tolist()):
        for t in range(int(lengths[r]) - 1, 0, -1):
            found[at[t] + r] = label
            label = pointers[at[t] + r][label]
        found[r] = label
    return found
