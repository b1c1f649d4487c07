"""A pickle cache under ~/.cache/kg for objects that are slow to build from shipped files, and collector switches; imports nothing from kg."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
import gc
import hashlib
import os
from pathlib import Path
import pickle
import tempfile
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/kg`` (``~/.cache/kg``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


def cached(name: str, inputs: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or its pickle from a previous run with the same input files and code.

    The key hashes the bytes of the input files and of this object's module sources given in
    ``inputs``; a cache that cannot be read or written is ignored (the object is built)."""
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(Path(path).read_bytes())
    target = cache_dir() / f"{name}-{digest.hexdigest()[:24]}.pickle"
    try:
        with target.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        pass
    return value


def keep_for_life() -> None:
    """Take the objects alive now out of the cyclic collector's future scans (``gc.freeze``).

    Called once a process has built its lexicon or tagger: their half a million dicts, lists
    and tuples live as long as the process, and full collections that walk them again and
    again cost the extractor about a fifth of its time. Whatever else is alive at that moment
    is still freed by reference counting; only reference cycles among those objects would wait
    for ``gc.unfreeze()``."""
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block (as it was before, after it).

    Extraction makes no reference cycles (a test holds it to that), so pausing the collector
    frees nothing later than reference counting would; it only saves the young-generation
    passes that walk every finding made so far again and again, about a twentieth of a batch's
    time. Process-wide while it lasts, like every `gc` switch."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
