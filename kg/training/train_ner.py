"""Train the chemical/disease tagger on a PubTator corpus and write the shipped model file.

    kg train ner --train ../shared/corpus/bc5cdr/CDR_TrainingSet.PubTator.txt \\
        --out kg/extraction/data/ner-bc5cdr.json.gz        (or: make model)

Needs python-crfsuite (training only; tagging uses the exported weights).  Deterministic: the
same corpus and name table give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
import tempfile
import time

from kg.errors import KgError
from kg.extraction.meshnames import MeshName
from kg.training.name_lists import read_gilda, read_obo_diseases
from kg.extraction.ner_model import NerModel, save_model
from kg.extraction.tokens import tokenize
from kg.training.corpus_features import (annotated_names, bio_labels, mention_stats, sequence_features,
                                         training_evidence)
from kg.training.pubtator import Document, read_pubtator

DEFAULT_GILDA = Path("../shared/vocab-sources/gilda_mesh_mappings.tsv")
DEFAULT_DISEASES = Path("../shared/vocab-sources/DO_NCIthesaurus_subset.obo")


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainSettings:
    """Knobs of training; the defaults are the ones chosen by cross-validation on training data."""

    scheme: str = "BIOES"
    c1: float = 0.3
    c2: float = 0.03
    max_iterations: int = 200
    folds: int = 5


DEFAULTS = TrainSettings()


def crf_items(docs: Sequence[Document], names: Sequence[MeshName], folds: int,
              scheme: str) -> list[tuple[list[list[str]], list[str]]]:
    """Feature and label sequences; name and word-statistics evidence for a document comes from
    the other folds only, so the CRF learns how far to trust evidence about unseen text."""
    fold_of = [i % folds for i in range(len(docs))]
    out = []
    for k in range(folds):
        evidence = training_evidence(names, [d for d, f in zip(docs, fold_of) if f != k])
        cache: dict[str, tuple[tuple[str, ...], ...]] = {}
        for d, f in zip(docs, fold_of):
            if f != k:
                continue
            toks = tokenize(d.text)
            out.append((sequence_features([t.text for t in toks], evidence, cache),
                        bio_labels(d, toks, scheme)))
    return out


def require_trainer() -> None:
    """A KgError naming the extra to install when python-crfsuite is missing."""
    try:
        import pycrfsuite  # noqa: F401 -- training-only dependency
    except ImportError:
        raise KgError("training needs python-crfsuite: pip install 'kg[train]'") from None


def train_model(docs: Sequence[Document], names: Sequence[MeshName],
                settings: TrainSettings = DEFAULTS) -> NerModel:
    """Fit the CRF on `docs` and bundle it with the evidence built from all of them.

    `names` are the public name lists (gilda's MeSH names, Disease Ontology names)."""
    import pycrfsuite  # training-only dependency

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in crf_items(docs, names, settings.folds, settings.scheme):
        trainer.append(feats, labels)
    trainer.set_params({"c1": settings.c1, "c2": settings.c2,
                        "max_iterations": settings.max_iterations,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        labels = tuple(sorted(tagger.labels(), key=lambda x: (x != "O", x)))
        tagger.close()
    index = {label: i for i, label in enumerate(labels)}
    weights: dict[str, list[float]] = {}
    for (attr, label), w in info.state_features.items():
        if abs(w) < 1e-6:   # L1 leaves most features at zero
            continue
        weights.setdefault(attr, [0.0] * len(labels))[index[label]] = w
    return NerModel(
        labels=labels,
        transitions={(a, b): w for (a, b), w in info.transitions.items() if abs(w) >= 1e-6},
        weights={attr: tuple(ws) for attr, ws in weights.items()},
        stats=mention_stats(docs).bins,
        names=tuple(names) + tuple(n for n in annotated_names(docs) if n.kind),
    )


def train_from_files(train: Path, out: Path, *, gilda: Path = DEFAULT_GILDA,
                     diseases: Path | None = DEFAULT_DISEASES,
                     settings: TrainSettings = DEFAULTS) -> tuple[NerModel, int, float]:
    """Train on a PubTator file and write the model to ``out``; (model, documents, seconds)."""
    require_trainer()
    began = time.perf_counter()
    docs = read_pubtator(train)
    names = read_gilda(gilda)
    if diseases is not None:
        names += read_obo_diseases(diseases)
    model = train_model(docs, names, settings)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, out)
    return model, len(docs), time.perf_counter() - began
