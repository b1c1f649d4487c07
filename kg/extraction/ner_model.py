"""The tagger's model file: CRF weights, word statistics and MeSH-named name lists, as gzip JSON."""

from __future__ import annotations

from dataclasses import dataclass
import gzip
import json
from pathlib import Path

from kg.errors import InputError
from kg.extraction.features import MentionStats, NameIndex, WordEvidence
from kg.extraction.gazetteer import Gazetteer
from kg.extraction.meshnames import MeshName

FORMAT = "kg-ner-crf/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class NerModel:
    """Everything a trained tagger needs; `weights` maps a feature to one weight per label."""

    labels: tuple[str, ...]
    transitions: dict[tuple[str, str], float]
    weights: dict[str, tuple[float, ...]]
    stats: dict[str, tuple[str, ...]]
    names: tuple[MeshName, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Everything besides the word itself that the features look at."""

    words: tuple[WordEvidence, ...]
    gazetteers: tuple[Gazetteer, ...]


def build_evidence(names: tuple[MeshName, ...], stats: MentionStats) -> Evidence:
    """Name indexes and gazetteers over gilda ("g") and annotated ("t") names, plus word stats."""
    gilda = [(row.name, row.kind) for row in names if row.source == "g" and row.kind]
    gold = [(row.name, row.kind) for row in names if row.source == "t" and row.kind]
    return Evidence(
        words=(NameIndex.build("g", gilda), NameIndex.build("t", gold), stats),
        gazetteers=(Gazetteer.build("G", gilda), Gazetteer.build("T", gold)),
    )


def model_evidence(model: NerModel) -> Evidence:
    """The evidence a saved model was trained with."""
    return build_evidence(model.names, MentionStats(tag="r", bins=model.stats))


def save_model(model: NerModel, path: str | Path) -> None:
    """Write the model as compact, byte-stable gzip JSON (same model, same bytes)."""
    doc = {
        "format": FORMAT,
        "labels": list(model.labels),
        "transitions": sorted([a, b, round(w, 5)] for (a, b), w in model.transitions.items()),
        "weights": {attr: [round(w, 5) for w in ws] for attr, ws in sorted(model.weights.items())},
        "stats": {w: list(b) for w, b in sorted(model.stats.items())},
        "names": sorted([r.source, r.kind or "", r.mesh, r.name] for r in model.names),
    }
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # No file name and no time stamp in the gzip header: the bytes depend on the model only.
    with open(path, "wb") as handle, gzip.GzipFile(filename="", fileobj=handle, mode="wb",
                                                   mtime=0, compresslevel=9) as gz:
        gz.write(raw)


def load_model(path: str | Path) -> NerModel:
    """Read a model written by `save_model`."""
    try:
        with gzip.open(path, "rb") as handle:
            doc = json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"not a tagger model: {exc}", path=str(path)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f"not a {FORMAT} model file", path=str(path))
    return NerModel(
        labels=tuple(doc["labels"]),
        transitions={(a, b): float(w) for a, b, w in doc["transitions"]},
        weights={attr: tuple(float(w) for w in ws) for attr, ws in doc["weights"].items()},
        stats={w: tuple(b) for w, b in doc["stats"].items()},
        names=tuple(MeshName(source=s, kind=k or None, mesh=m, name=n)
                    for s, k, m, n in doc["names"]),
    )
