"""What the reader tests share: reading text through a reader, splitting records from errors,
the corpus files of a folder, and the "only records or InputErrors" property check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
import os
from pathlib import Path
import tempfile

import pytest

from kg.errors import InputError
from kg.readers import Source

Reader = Callable[[Source], Iterable]


def corpus_file(folder: Path, name: str) -> Path:
    """A file of a corpus folder, or skip the test saying the shared corpus is absent."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return folder / name


def split_items(items: Iterable) -> tuple[list, list[InputError]]:
    """(records, error records) of what a reader yielded."""
    records, errors = [], []
    for item in items:
        (errors if isinstance(item, InputError) else records).append(item)
    return records, errors


def read_text(reader: Reader, text: str, suffix: str, *, refused_as_empty: bool = False) -> list:
    """What ``reader`` yields for ``text`` saved in a temporary file; a whole-file InputError
    propagates, or gives [] with ``refused_as_empty``."""
    handle, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as stream:
            stream.write(text)
        try:
            return list(reader(Source(name)))
        except InputError:
            if refused_as_empty:
                return []
            raise
    finally:
        os.unlink(name)


def only_records_or_input_errors(reader: Reader, text: str, suffix: str = ".json") -> None:
    """Every item is a titled record or an InputError — and not one caught by the JSON readers'
    last-resort safety net ("cannot read this record"): fields are read type-safely."""
    try:
        items = read_text(reader, text, suffix)
    except InputError:
        return
    for item in items:
        assert isinstance(item, InputError) or item.work.title
        assert "cannot read this record" not in str(item)
