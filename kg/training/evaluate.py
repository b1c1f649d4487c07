"""Scoring the tagger on a BC5CDR PubTator file: strict mention spans and mention-level MeSH ids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.extraction.ner import Entity, Tagger, load_tagger
from kg.training.pubtator import Document, read_pubtator

TYPES = ("Chemical", "Disease")


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    """Counts of one comparison, with precision, recall and F1 derived from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Scores of one corpus file.

    `spans`: strict span-and-type match per type and over both ("all").
    `mesh`: over the mentions whose span and type match, the predicted id set against the gold
    id set ("D001|D002" is the set of both; "-1" is the empty set).  A predicted id counts as
    right when the sets are equal; precision is over matched mentions given an id, recall over
    matched mentions whose gold has one.
    `mesh_end_to_end`: the same judgement, but precision over every predicted mention given an
    id and recall over every gold mention that has one.
    """

    path: str
    documents: int
    spans: dict[str, Score]
    mesh: dict[str, Score]
    mesh_end_to_end: dict[str, Score]

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "documents": self.documents,
                "spans": {k: v.as_dict() for k, v in self.spans.items()},
                "mesh": {k: v.as_dict() for k, v in self.mesh.items()},
                "mesh_end_to_end": {k: v.as_dict() for k, v in self.mesh_end_to_end.items()}}

    def format_table(self) -> str:
        """A plain-text table: one row per measure and type."""
        head = f"{'measure':<18}{'type':<10}{'P':>8}{'R':>8}{'F1':>8}{'TP':>8}{'FP':>7}{'FN':>7}"
        lines = [f"{self.path} ({self.documents} documents)", head, "-" * len(head)]
        for title, table in (("span+type", self.spans), ("MeSH (matched)", self.mesh),
                             ("MeSH (end to end)", self.mesh_end_to_end)):
            for kind, s in table.items():
                lines.append(f"{title:<18}{kind:<10}{s.precision:>8.4f}{s.recall:>8.4f}"
                             f"{s.f1:>8.4f}{s.tp:>8d}{s.fp:>7d}{s.fn:>7d}")
        return "\n".join(lines)


def _ids(mesh: str | Iterable[str] | None) -> frozenset[str]:
    if mesh is None:
        return frozenset()
    parts = mesh.split("|") if isinstance(mesh, str) else mesh
    return frozenset(p for p in parts if p and p != "-1")


def _totals(counts: dict[str, list[int]]) -> dict[str, Score]:
    out = {k: Score(tp=v[0], fp=v[1], fn=v[2]) for k, v in counts.items()}
    out["all"] = Score(tp=sum(v[0] for v in counts.values()),
                       fp=sum(v[1] for v in counts.values()),
                       fn=sum(v[2] for v in counts.values()))
    return out


def score_documents(docs: Iterable[Document], tagger: Tagger, path: str = "") -> Report:
    """Compare the tagger's mentions with the gold mentions of `docs`."""
    spans = {t: [0, 0, 0] for t in TYPES}
    mesh = {t: [0, 0, 0] for t in TYPES}
    e2e = {t: [0, 0, 0] for t in TYPES}
    n = 0
    for doc in docs:
        n += 1
        gold = {(m.start, m.end, m.type): _ids(m.mesh) for m in doc.mentions}
        pred: dict[tuple[int, int, str], Entity] = {
            (e.start, e.end, e.type): e for e in tagger.tag(doc.text)}
        for key, entity in pred.items():
            kind = key[2]
            if kind not in spans:
                continue
            got = _ids(entity.mesh)
            if key in gold:
                spans[kind][0] += 1
                want = gold[key]
                if got and got == want:
                    mesh[kind][0] += 1
                    e2e[kind][0] += 1
                else:
                    if got:
                        mesh[kind][1] += 1
                        e2e[kind][1] += 1
                    if want:
                        mesh[kind][2] += 1
            else:
                spans[kind][1] += 1
                if got:
                    e2e[kind][1] += 1
        for key, want in gold.items():
            kind = key[2]
            if kind not in spans:
                continue
            if key not in pred:
                spans[kind][2] += 1
            if want and not (key in pred and _ids(pred[key].mesh) == want):
                e2e[kind][2] += 1
    return Report(path=path, documents=n, spans=_totals(spans), mesh=_totals(mesh),
                  mesh_end_to_end=_totals(e2e))


def score_bc5cdr(path: str | Path, tagger: Tagger | None = None) -> Report:
    """Score `tagger` (the shipped one by default) on a BC5CDR PubTator file."""
    return score_documents(read_pubtator(path), tagger or load_tagger(), str(path))
