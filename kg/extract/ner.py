"""Chemical and disease mention tagger (linear-chain CRF) with MeSH ids, trained on BC5CDR."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from kg.extract.abbreviations import find_abbreviations
from kg.extract.consistency import Span, harmonise
from kg.extract.crf import LinearChain
from kg.extract.emissions import EmissionTable
from kg.extract.encoding import ChunkEncoder
from kg.extract.meshnames import MeshNormaliser
from kg.extract.ner_model import NerModel, load_model, model_evidence

MODEL_FILE = "ner-bc5cdr.json.gz"
KIND_NAMES = {"C": "Chemical", "D": "Disease"}
# Longer "mentions" only come from degenerate text (BC5CDR's longest is 105 characters).
MAX_MENTION_CHARS = 256
_SEPARATOR = (0, 0)   # row 0 is the padding pseudo-word


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A tagged mention: `text == source[start:end]` (code points); `mesh` may join ids with "|"."""

    start: int
    end: int
    text: str
    type: str
    mesh: str | None


class Tagger:
    """Tags chemical and disease mentions; one instance caches per-word-type work across calls.

    Not thread-safe: give each thread its own (`Tagger(load_model(...))`).
    """

    def __init__(self, model: NerModel) -> None:
        self.model = model
        self.chain = LinearChain(model.labels, model.transitions)
        self.table = EmissionTable(model.weights, len(model.labels), model_evidence(model))
        self.normaliser = MeshNormaliser(model.names)
        roles = [("O", "") if x == "O" else (x[0], KIND_NAMES.get(x[2:], x[2:]))
                 for x in model.labels]
        self._kind_of = [kind for _, kind in roles]
        self._opens = np.array([part in ("B", "S") for part, _ in roles])
        # _closes[a, b]: an entity label a followed by b ends its entity there.
        self._closes = np.array([[pa != "O" and not (pb in ("I", "E") and kb == ka)
                                  for pb, kb in roles] for pa, ka in roles])
        self.encoder = ChunkEncoder(self.table)

    # -- tagging --------------------------------------------------------------------------
    def spans_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Per text, (start, end, type) of the mentions the CRF finds, before consistency."""
        self.encoder.refresh()
        encoded = [self.encoder.encode(text) for text in texts]
        # Lay the texts end to end, two padding rows between neighbours (the window's reach).
        ids: list[int] = []
        offsets = []
        for enc in encoded:
            if ids:
                ids.extend(_SEPARATOR)
            offsets.append(len(ids))
            ids.extend(enc.ids)
        out: list[list[Span]] = [[] for _ in texts]
        if not ids:
            return out
        total = len(ids)
        firsts = np.zeros(total, dtype=bool)
        lasts = np.zeros(total, dtype=bool)
        blocked = np.ones(total, dtype=bool)
        for off, enc in zip(offsets, encoded):
            if enc.ids:
                stop = off + len(enc.ids)
                firsts[off] = lasts[stop - 1] = True
                blocked[off:stop] = False
        labels = self.chain.decode_many(self.table.scores(ids), firsts, lasts, blocked)
        following = np.append(labels[1:], self.chain.outside)
        # The decoder keeps to the label scheme, so entity firsts and lasts pair up in order.
        firsts_at = np.flatnonzero(self._opens[labels]).tolist()
        if not firsts_at:
            return out
        lasts_at = np.flatnonzero(self._closes[labels, following]).tolist()
        docs = (np.searchsorted(np.array(offsets), firsts_at, side="right") - 1).tolist()
        kinds = self._kind_of
        for first, last, k in zip(firsts_at, lasts_at, docs):
            off = offsets[k]
            start, end = encoded[k].span(first - off, last - off)
            if end - start <= MAX_MENTION_CHARS:
                out[k].append((start, end, kinds[labels[first]]))
        return out

    def tag_many(self, texts: Iterable[str], *, batch: int = 64) -> list[tuple[Entity, ...]]:
        """`tag` for many texts, decoded `batch` at a time (faster than one by one)."""
        out: list[tuple[Entity, ...]] = []
        pending: list[str] = []
        for text in texts:
            pending.append(text)
            if len(pending) >= batch:
                out.extend(self._finish(t, s) for t, s in zip(pending, self.spans_many(pending)))
                pending = []
        if pending:
            out.extend(self._finish(t, s) for t, s in zip(pending, self.spans_many(pending)))
        return out

    def tag(self, text: str) -> tuple[Entity, ...]:
        """The chemical and disease mentions of `text`, in order, with MeSH ids where known."""
        return self._finish(text, self.spans_many([text])[0])

    def _finish(self, text: str, spans: list[Span]) -> tuple[Entity, ...]:
        """Document consistency, then MeSH ids."""
        abbreviations = find_abbreviations(text) if "(" in text else ()
        if abbreviations or spans:
            spans = harmonise(text, spans, abbreviations)
        if not spans:
            return ()
        long_forms = {a.short: (a.long_start, a.long_end) for a in abbreviations}
        kinds_at = {e: t for _, e, t in spans}
        lookup = self.normaliser.lookup
        out = []
        for start, end, kind in spans:
            surface = text[start:end]
            mesh = lookup(surface, kind)
            if mesh is None and surface in long_forms:
                lo, hi = long_forms[surface]
                if kinds_at.get(hi) == kind:
                    mesh = lookup(text[lo:hi], kind)
            out.append(Entity(start=start, end=end, text=surface, type=kind, mesh=mesh))
        return tuple(out)


def default_model_path() -> Path:
    """Where the shipped model file lives."""
    return Path(str(files("kg.extract").joinpath("data", MODEL_FILE)))


@lru_cache(maxsize=4)
def load_tagger(path: str | None = None) -> Tagger:
    """The tagger of the shipped model (or of the model file at `path`), built once per process.

    (A built Tagger is not cached on disk: its tables are keyed by Python's per-process string
    hashes, so an unpickled one in another process would silently tag differently.)"""
    return Tagger(load_model(path or default_model_path()))
