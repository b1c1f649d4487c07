"""What the reader tests share: reading text through a reader, splitting records from errors,
the corpus files of a folder, the "only records or InputErrors" property check, sniffing, and
the fields a spot check of a work reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
import os
from pathlib import Path
import tempfile

import pytest

from kg.errors import InputError
from kg.model import Work
from kg.readers import READERS, Source, available_readers, sniff

Reader = Callable[[Source], Iterable]

# What a spot check compares, by the name its expected values use: field name → how to read it.
WORK_FIELDS: dict[str, Callable[[Work], object]] = {
    "title": lambda work: work.title,
    "type": lambda work: work.type,
    "year": lambda work: work.issued.year,
    "month": lambda work: work.issued.month,
    "day": lambda work: work.issued.day,
    "doi": lambda work: work.doi,
    "pmcid": lambda work: work.pmcid,
    "journal": lambda work: work.venue.title,
    "issn": lambda work: work.venue.issn,
    "eissn": lambda work: work.venue.eissn,
    "volume": lambda work: work.volume,
    "issue": lambda work: work.issue,
    "pages": lambda work: (work.page_start, work.page_end),
    "abstract": lambda work: work.abstract,
    "status": lambda work: work.status,
    "keywords": lambda work: [s.label for s in work.subjects if s.scheme == "keyword"],
}


def corpus_file(folder: Path, name: str) -> Path:
    """A file of a corpus folder, or skip the test saying the shared corpus is absent."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return folder / name


def assert_folder_lists(folder: Path, expected: Iterable[str], suffixes: tuple[str, ...]) -> None:
    """Every corpus file of the folder (by suffix) is listed in the test's table, and no other."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    assert {p.name for p in folder.iterdir() if p.suffix in suffixes} == set(expected)


def split_reader(reader: Reader) -> Callable[[Path | str], tuple[list, list[InputError]]]:
    """A function reading a file with ``reader`` into (records, error records)."""
    return lambda path: split_items(reader(Source(str(path))))


_WRITTEN: list[Path] = []


def write_temp(data: bytes, suffix: str) -> Path:
    """A temporary file holding ``data``, removed at the end of the test session."""
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    with handle:
        handle.write(data)
    _WRITTEN.append(Path(handle.name))
    return Path(handle.name)


def remove_written() -> None:
    while _WRITTEN:
        _WRITTEN.pop().unlink(missing_ok=True)


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


def assert_sniffs_only_as(path: Path, reader: str) -> None:
    """The file sniffs as ``reader``, and every other reader's sniffer scores it lower."""
    assert sniff(Source(str(path))) == reader
    source = Source(str(path))
    head = source.head().decode(source.text_encoding(), errors="replace").lstrip("\ufeff")
    scores = {name: import_module(READERS[name].partition(":")[0]).sniff(head)
              for name in available_readers()}
    assert all(score < scores[reader] for name, score in scores.items() if name != reader)
