"""Chemical and disease mention tagger (linear-chain CRF) with MeSH ids, trained on BC5CDR."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from kg.extraction.abbreviations import find_abbreviations
from kg.extraction.consistency import Span, harmonise
from kg.extraction.crf import LinearChain
from kg.extraction.emissions import EmissionTable
from kg.extraction.encoding import ChunkEncoder, EncodedBatch
from kg.extraction.meshnames import MeshNormaliser
from kg.extraction.ner_model import NerModel, load_model, model_evidence

MODEL_FILE = "ner-bc5cdr.json.gz"
KIND_NAMES = {"C": "Chemical", "D": "Disease"}
# Longer "mentions" only come from degenerate text (BC5CDR's longest is 105 characters).
MAX_MENTION_CHARS = 256
# tag_many decodes this many batches together: the decoder's numpy steps are then fuller.
DECODE_BATCHES = 8


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
    def spans_many(self, texts: Sequence[str], *, block: int | None = None) -> list[list[Span]]:
        """Per text, (start, end, type) of the mentions the CRF finds, before consistency.

        The texts are laid out and scored `block` at a time (all at once by default); the
        decoder then works on the candidate runs of all blocks together.
        """
        self.encoder.refresh()
        size = max(1, block or len(texts))
        blocks = [texts[i:i + size] for i in range(0, len(texts), size)]
        batches = [self.encoder.encode_many(b) for b in blocks]
        parts = []
        for batch in batches:
            # Texts lie end to end, two padding rows between neighbours (the window's reach).
            total = len(batch.ids)
            firsts = np.zeros(total, dtype=bool)
            lasts = np.zeros(total, dtype=bool)
            tagged = batch.stop > batch.first
            firsts[batch.first[tagged]] = True
            lasts[batch.stop[tagged] - 1] = True
            parts.append((self.table.scores(batch.ids), firsts, lasts, batch.blocked))
        out: list[list[Span]] = []
        for b, batch, labels in zip(blocks, batches, self.chain.decode_parts(parts)):
            out.extend(self._spans(len(b), batch, labels))
        return out

    def _spans(self, count: int, batch: EncodedBatch, labels: np.ndarray) -> list[list[Span]]:
        """Per text of a batch, the mentions its labels make."""
        out: list[list[Span]] = [[] for _ in range(count)]
        following = np.append(labels[1:], self.chain.outside)
        # The decoder keeps to the label scheme, so entity firsts and lasts pair up in order.
        firsts_at = np.flatnonzero(self._opens[labels])
        if not len(firsts_at):
            return out
        lasts_at = np.flatnonzero(self._closes[labels, following])
        docs = np.searchsorted(batch.first, firsts_at, side="right") - 1
        starts, ends = batch.spans(firsts_at, lasts_at, docs)
        keep = ends - starts <= MAX_MENTION_CHARS
        if not keep.all():
            firsts_at, starts, ends, docs = firsts_at[keep], starts[keep], ends[keep], docs[keep]
        kinds = map(self._kind_of.__getitem__, labels[firsts_at].tolist())
        spans = list(zip(starts.tolist(), ends.tolist(), kinds))
        # Mentions come in text order: each text's are one slice.
        cuts = np.searchsorted(docs, np.arange(count + 1)).tolist()
        for k in np.unique(docs).tolist():
            out[k] = spans[cuts[k]:cuts[k + 1]]
        return out

    def tag_many(self, texts: Iterable[str], *, batch: int = 64) -> list[tuple[Entity, ...]]:
        """`tag` for many texts, laid out `batch` at a time (faster than one by one)."""
        out: list[tuple[Entity, ...]] = []
        pending: list[str] = []
        group = batch * DECODE_BATCHES
        for text in texts:
            pending.append(text)
            if len(pending) >= group:
                out.extend(map(self._finish, pending, self.spans_many(pending, block=batch)))
                pending = []
        if pending:
            out.extend(map(self._finish, pending, self.spans_many(pending, block=batch)))
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
        starts, ends, kinds = zip(*spans)
        surfaces = list(map(text.__getitem__, map(slice, starts, ends)))
        meshes = self.normaliser.lookup_many(surfaces, kinds)
        if abbreviations and None in meshes:
            # An abbreviation without an id of its own takes its long form's, if that was
            # tagged as the same kind.
            long_forms = {a.short: (a.long_start, a.long_end) for a in abbreviations}
            kinds_at = dict(zip(ends, kinds))
            for i, (surface, kind, mesh) in enumerate(zip(surfaces, kinds, meshes)):
                if mesh is None and surface in long_forms:
                    lo, hi = long_forms[surface]
                    if kinds_at.get(hi) == kind:
                        meshes[i] = self.normaliser.lookup(text[lo:hi], kind)
        return tuple(map(_entity, starts, ends, surfaces, kinds, meshes))


# Making entities is a good part of `Tagger._finish`: `_entity` fills the slots of a new Entity
# directly, which is what the frozen dataclass's __init__ does through object.__setattr__.
_FIELDS = ("start", "end", "text", "type", "mesh")
assert tuple(f.name for f in fields(Entity)) == _FIELDS, "update _entity for the new fields"
_SET_START, _SET_END, _SET_TEXT, _SET_TYPE, _SET_MESH = (
    Entity.__dict__[name].__set__ for name in _FIELDS)


def _entity(start: int, end: int, text: str, kind: str, mesh: str | None) -> Entity:
    """`Entity(start=start, end=end, text=text, type=kind, mesh=mesh)`, made faster."""
    entity = object.__new__(Entity)
    _SET_START(entity, start)
    _SET_END(entity, end)
    _SET_TEXT(entity, text)
    _SET_TYPE(entity, kind)
    _SET_MESH(entity, mesh)
    return entity


def default_model_path() -> Path:
    """Where the shipped model file lives."""
    return Path(str(files("kg.extraction").joinpath("data", MODEL_FILE)))


@lru_cache(maxsize=4)
def load_tagger(path: str | None = None) -> Tagger:
    """The tagger of the shipped model (or of the model file at `path`), built once per process.

    (A built Tagger is not cached on disk: its tables are keyed by Python's per-process string
    hashes, so an unpickled one in another process would silently tag differently.)"""
    return Tagger(load_model(path or default_model_path()))
