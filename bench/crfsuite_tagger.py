"""pycrfsuite's tagger fed kg's trainer features, and its labels compared with kg's own runtime's.

For bench/crf_runtime.py: `CrfsuiteTagger` has `kg.extraction.ner.Tagger`'s interface (`tag`,
`spans`) over `pycrfsuite.Tagger`; `compare` sets the two taggers' labels side by side, token by
token, and scores pycrfsuite's label path under the hand-written runtime's chain where they
differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kg.extraction.crf import FORBIDDEN
from kg.extraction.meshnames import MeshNormaliser
from kg.extraction.ner import KIND_NAMES, MAX_MENTION_CHARS, Tagger
from kg.extraction.ner_model import NerModel, model_evidence
from kg.extraction.tokens import Token, tokenize
from kg.training.corpus_features import sequence_features

__all__ = ["CrfsuiteTagger", "compare", "label_spans"]


# -- the pycrfsuite tagger -------------------------------------------------------------------
def label_spans(toks: Sequence[Token], labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the entities of a BIOES label sequence, read as conlleval does: an
    entity ends at E/S or where the next label does not continue it (I/E of the same kind);
    an I or E that continues nothing opens one."""
    out = []
    first = -1
    kind = ""
    for i, label in enumerate(labels):
        part, k = ("O", "") if label == "O" else (label[0], label[2:])
        if first >= 0 and not (part in ("I", "E") and k == kind):
            out.append((first, i - 1, kind))
            first = -1
        if first < 0 and part != "O":
            first, kind = i, k
        if first >= 0 and part in ("E", "S"):
            out.append((first, i, kind))
            first = -1
    if first >= 0:
        out.append((first, len(labels) - 1, kind))
    spans = []
    for i, j, k in out:
        start, end = toks[i].start, toks[j].end
        if end - start <= MAX_MENTION_CHARS:
            spans.append((start, end, KIND_NAMES.get(k, k)))
    return spans


class CrfsuiteTagger:
    """`Tagger`'s interface (`tag`, `spans`) over pycrfsuite.Tagger with the trainer's features."""

    def __init__(self, model: NerModel, crfsuite_path: Path) -> None:
        import pycrfsuite

        self.crf = pycrfsuite.Tagger()
        self.crf.open(str(crfsuite_path))
        self.evidence = model_evidence(model)
        self.cache: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.normaliser = MeshNormaliser(model.names)   # what Tagger._finish uses

    def features(self, text: str) -> tuple[tuple[Token, ...], list[list[str]]]:
        toks = tokenize(text)
        return toks, sequence_features([t.text for t in toks], self.evidence, self.cache)

    def labels(self, text: str) -> tuple[tuple[Token, ...], list[str]]:
        toks, xseq = self.features(text)
        return toks, (self.crf.tag(xseq) if toks else [])

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        return label_spans(*self.labels(text))

    def tag(self, text: str):  # type: ignore[no-untyped-def]
        return Tagger._finish(self, text, self.spans(text))  # type: ignore[arg-type]


# -- the hand-written runtime's labels ------------------------------------------------------
def hand_labels(tagger: Tagger, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(emissions, label indexes) of one text, as `Tagger.spans_many` computes them."""
    tagger.encoder.refresh()
    batch = tagger.encoder.encode(text)
    emissions = tagger.table.scores(batch.ids)
    return emissions, tagger.chain.decode(emissions)


def path_score(tagger: Tagger, emissions: np.ndarray, labels: Sequence[int]) -> float:
    """Score of a label path under the hand-written runtime's chain (forbidden steps: -1e9)."""
    chain = tagger.chain
    if not len(labels):
        return 0.0
    score = chain.start[labels[0]] + chain.stop[labels[-1]]
    score += float(emissions[np.arange(len(labels)), labels].sum())
    score += float(sum(chain.trans[a, b] for a, b in zip(labels, labels[1:])))
    return float(score)


def compare(model: NerModel, hand: Tagger, crfs: CrfsuiteTagger, texts: list[str]) -> dict:
    """Token-by-token comparison of the two taggers' labels over `texts`."""
    index = {label: i for i, label in enumerate(model.labels)}
    tokens = differing_tokens = differing_docs = broken = 0
    spans_agree = 0
    margins = []
    for text in texts:
        emissions, mine = hand_labels(hand, text)
        toks, theirs = crfs.labels(text)
        if len(toks) != len(mine):
            raise SystemExit(f"token counts differ ({len(toks)} vs {len(mine)}): {text[:60]!r}")
        theirs_i = [index[x] for x in theirs]
        tokens += len(toks)
        mine_l = [model.labels[i] for i in mine.tolist()]
        # the hand-written runtime's own spans are those of its labels read the same way
        spans_agree += hand.spans_many([text])[0] == label_spans(toks, mine_l)
        diff = sum(a != b for a, b in zip(mine_l, theirs))
        if diff:
            differing_tokens += diff
            differing_docs += 1
            theirs_score = path_score(hand, emissions, theirs_i)
            if theirs_score <= FORBIDDEN / 2:
                broken += 1
            crfs.crf.set(crfs.features(text)[1])
            margins.append((path_score(hand, emissions, mine.tolist()) - theirs_score,
                            crfs.crf.probability(theirs) / crfs.crf.probability(mine_l),
                            diff, theirs_score <= FORBIDDEN / 2))
    return {"tokens": tokens, "differing_tokens": differing_tokens, "abstracts": len(texts),
            "differing_abstracts": differing_docs, "pycrfsuite_path_breaks_scheme": broken,
            "hand_spans_consistent": spans_agree, "margins": margins}
