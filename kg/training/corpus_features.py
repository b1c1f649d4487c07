"""Turning annotated documents into CRF training sequences (features and BIO labels)."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extraction.features import BOUNDARY, OFFSETS, MentionStats, type_features
from kg.extraction.meshnames import MeshName
from kg.extraction.ner_model import Evidence, build_evidence
from kg.extraction.tokens import Token, tokenize
from kg.training.pubtator import Document


def bio_labels(doc: Document, tokens: Sequence[Token], scheme: str = "BIO") -> list[str]:
    """Token labels from the gold mentions; a mention overlapping an earlier one is dropped."""
    labels = ["O"] * len(tokens)
    first = {t.start: i for i, t in enumerate(tokens)}
    last = {t.end: i for i, t in enumerate(tokens)}
    for m in doc.mentions:
        i, j = first.get(m.start), last.get(m.end)
        if i is None or j is None or any(x != "O" for x in labels[i:j + 1]):
            continue
        kind = m.type[0]
        if scheme == "BIOES" and i == j:
            labels[i] = "S-" + kind
            continue
        labels[i] = "B-" + kind
        for k in range(i + 1, j + 1):
            labels[k] = "I-" + kind
        if scheme == "BIOES":
            labels[j] = "E-" + kind
    return labels


def annotated_names(docs: Sequence[Document]) -> list[MeshName]:
    """The gold mentions of `docs` as names (source "t"); "-1" ids become empty."""
    return [MeshName(source="t", kind=m.type, mesh="|".join(m.mesh), name=m.text)
            for d in docs for m in d.mentions]


def mention_stats(docs: Sequence[Document]) -> MentionStats:
    """Word statistics over the gold labels of `docs`."""
    seqs = []
    for d in docs:
        toks = tokenize(d.text)
        seqs.append(([t.text for t in toks], bio_labels(d, toks)))
    return MentionStats.build("r", seqs)


def training_evidence(gilda: Sequence[MeshName], docs: Sequence[Document]) -> Evidence:
    """Evidence from the gilda names plus the mentions (and their word statistics) of `docs`."""
    return build_evidence(tuple(gilda) + tuple(annotated_names(docs)), mention_stats(docs))


def sequence_features(words: Sequence[str], evidence: Evidence,
                      cache: dict[str, tuple[tuple[str, ...], ...]]) -> list[list[str]]:
    """The feature strings of every token; `cache` holds per-type features between calls."""
    padded = [BOUNDARY] * 2 + list(words) + [BOUNDARY] * 2
    per_type = []
    for w in padded:
        f = cache.get(w)
        if f is None:
            f = cache[w] = type_features(w, evidence.words)
        per_type.append(f)
    out: list[list[str]] = []
    for i in range(len(words)):
        feats: list[str] = []
        for j, off in enumerate(OFFSETS):
            feats.extend(per_type[i + 2 + off][j])
        out.append(feats)
    lowers = [w.lower() for w in words]
    for gaz in evidence.gazetteers:
        for pos, extra in gaz.match_features(lowers).items():
            out[pos].extend(extra)
    return out
