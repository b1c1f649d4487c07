"""The development set on disk: the gold file, the abstracts it names read in place through
kg's readers, and the scores of the extractor over all of them (rules in kg.training.devset)."""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import InputError
from kg.training.devset import GOLD_LISTS, Report, score_abstract


def read_abstract(corpus_root: Path, file: str, record: str) -> tuple[str, str]:
    """The title and abstract of one record, read through kg's readers; the record is its
    source id, or its 1-based position when the format has no ids."""
    from kg.readers import Source, get_reader, sniff

    path = (corpus_root / file).resolve()
    source = Source(str(path))
    for item in get_reader(sniff(source))(source):
        if isinstance(item, InputError):
            continue
        if item.source_id == record or (item.source_id is None and str(item.index) == record):
            return item.work.title or "", item.work.abstract or ""
    raise InputError("record not found in the corpus file", path=str(path), record=record)


def load_devset(path: str | Path) -> dict:
    """The gold file, checked for the lists every abstract must carry."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text: a gold file is UTF-8 JSON", path=str(path)) from None
    except ValueError as exc:
        raise InputError(f"not a JSON gold file ({exc})", path=str(path)) from None
    abstracts = doc.get("abstracts") if isinstance(doc, dict) else None
    if not isinstance(abstracts, list) or not all(isinstance(item, dict) for item in abstracts):
        raise InputError('not a gold file: expected a JSON object whose "abstracts" list holds '
                         "objects, as tests/data/devset/*.json do", path=str(path))
    for item in doc["abstracts"]:
        absent = [k for k in ("id", "file", "record", *GOLD_LISTS) if k not in item]
        if absent:
            raise InputError(f"gold abstract lacks {', '.join(absent)}", path=str(path),
                             record=item.get("id"))
    return doc


def score_devset(path: str | Path, corpus_root: str | Path) -> Report:
    """Run extract_findings on every abstract of the gold file (read in place under
    ``corpus_root``) and score it per category."""
    from kg.extraction.pipeline import extract_findings

    doc = load_devset(path)
    root = Path(corpus_root)
    scored = []
    for item in doc["abstracts"]:
        title, abstract = read_abstract(root, item["file"], item["record"])
        scored.append(score_abstract(item, extract_findings(title, abstract)))
    return Report(path=str(path), abstracts=tuple(scored))
