"""Texts to token type rows, cached per whitespace-free chunk; token offsets worked out in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
import re

import numpy as np

from kg.extraction.emissions import EmissionTable
from kg.extraction.tokens import split_chunk

_CHUNK = re.compile(r"\S+")      # the chunks of `kg.extraction.tokens.tokenize`
MAX_CHUNKS = 200_000
MAX_SHORT = 64                   # longer chunks are not cached: encoded anew where they occur
MAX_SPARE = 200_000              # token slots of such chunks held before the cache starts again
_SEPARATOR = 0                   # chunk 0: the two padding rows laid between neighbouring texts


class _Tables:
    """Numpy copies of the chunk and token tables of a `ChunkEncoder`, for gathering."""

    __slots__ = ("count", "end", "first", "length", "rows", "size", "start")

    def __init__(self) -> None:
        self.size = (0, 0)       # (chunks, token slots) copied so far
        self.first = self.count = self.length = np.zeros(0, dtype=np.intp)
        self.rows = self.start = self.end = np.zeros(0, dtype=np.intp)


class EncodedBatch:
    """Texts laid end to end as type rows (`ids`), two padding rows (row 0) before each text
    that follows some token.

    Text k has the tokens `first[k]` up to (not including) `stop[k]` of `ids`; `blocked`
    marks the padding rows.
    """

    __slots__ = ("_chunk_ends", "_chunk_firsts", "_chunk_slots", "_chunk_starts", "_text_base",
                 "_token_ends", "_token_starts", "blocked", "first", "ids", "stop")

    def __init__(self, tables: _Tables, chunk_ids: list[int], begins: list[int], stops: list[int],
                 spaced: list[tuple[int, list[int]]]) -> None:
        chunks = np.fromiter(chunk_ids, dtype=np.intp, count=len(chunk_ids))
        counts = tables.count[chunks]
        ends = np.cumsum(counts)
        firsts = ends - counts                        # each chunk's first token in `ids`
        slots = tables.first[chunks]
        # The table slot of every token: its chunk's first slot plus its place in the chunk.
        token_slots = np.arange(int(ends[-1]) if len(ends) else 0)
        token_slots += np.repeat(slots - firsts, counts)
        self.ids: np.ndarray = tables.rows[token_slots]
        self.blocked: np.ndarray = np.repeat(chunks == _SEPARATOR, counts)
        token_at = np.append(firsts, len(token_slots))
        self.first: np.ndarray = token_at[begins]
        self.stop: np.ndarray = token_at[stops]
        # Chunk starts as if all texts were joined by single spaces (true of most texts);
        # the chunks of texts spaced otherwise have their own starts.
        starts = np.zeros(len(chunks) + 1, dtype=np.intp)
        np.cumsum(tables.length[chunks] + 1, out=starts[1:])
        self._text_base = starts[begins]
        for k, offsets in spaced:
            at = begins[k]
            starts[at:at + len(offsets)] = np.array(offsets, dtype=np.intp) + self._text_base[k]
        self._chunk_starts = starts
        self._chunk_ends = ends
        self._chunk_firsts = firsts
        self._chunk_slots = slots
        self._token_starts = tables.start     # later chunks only ever go after these slots
        self._token_ends = tables.end

    def spans(self, first: np.ndarray, last: np.ndarray,
              text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Offsets in text `text[i]` of the start of token `first[i]` and the end of `last[i]`."""
        base = self._text_base[text]
        out = []
        for token, within in ((first, self._token_starts), (last, self._token_ends)):
            chunk = np.searchsorted(self._chunk_ends, token, side="right")
            slot = self._chunk_slots[chunk] + (token - self._chunk_firsts[chunk])
            out.append(self._chunk_starts[chunk] - base + within[slot])
        return out[0], out[1]


class ChunkEncoder:
    """Splits texts into tokens and maps them to rows of an `EmissionTable`.

    Each distinct chunk (whitespace-free run of text) gets a number; its tokens' rows and
    offsets within the chunk sit in flat tables, so whole batches are laid out by numpy.
    """

    __slots__ = ("_cache", "_count", "_end", "_first", "_generation", "_length", "_rows",
                 "_spare", "_start", "_tables", "table")

    def __init__(self, table: EmissionTable) -> None:
        self.table = table
        self._generation = table.generation
        self._clear()

    def _clear(self) -> None:
        self._cache = _Chunks(self)
        # Per chunk: first token slot, token count, length in characters.
        self._first: list[int] = [0]
        self._count: list[int] = [2]
        self._length: list[int] = [0]
        # Per token slot: type row, start and end within its chunk.
        self._rows: list[int] = [0, 0]
        self._start: list[int] = [0, 0]
        self._end: list[int] = [0, 0]
        self._spare = 0
        self._tables = _Tables()

    def refresh(self) -> None:
        """Forget cached chunks when the table has started again (call between batches)."""
        if self.table.trim() or self._generation != self.table.generation:
            self._clear()
            self._generation = self.table.generation
        elif len(self._first) > MAX_CHUNKS or self._spare > MAX_SPARE:
            self._clear()

    def encode(self, text: str) -> EncodedBatch:
        """The tokens of `text` (as `kg.extraction.tokens.tokenize` cuts them) as type rows."""
        return self.encode_many([text])

    def encode_many(self, texts: Sequence[str]) -> EncodedBatch:
        """The tokens of several texts as type rows, laid end to end."""
        chunk_ids: list[int] = []
        begins: list[int] = []      # per text, where its chunks begin and end in `chunk_ids`
        stops: list[int] = []
        spaced: list[tuple[int, list[int]]] = []
        find = self._cache.__getitem__
        for text in texts:
            # Padding before every text once some text had tokens (texts without tokens have
            # no chunks).
            if chunk_ids:
                chunk_ids.append(_SEPARATOR)
            begins.append(len(chunk_ids))
            if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
                # Chunks are separated by exactly one plain space: offsets follow from lengths.
                if text:
                    chunk_ids.extend(map(find, text.split(" ")))
            else:
                found = list(_CHUNK.finditer(text))
                spaced.append((len(begins) - 1, [m.start() for m in found]))
                chunk_ids.extend(map(find, [m.group() for m in found]))
            stops.append(len(chunk_ids))
        return EncodedBatch(self._synced(), chunk_ids, begins, stops, spaced)

    def _add(self, chunk: str) -> int:
        """Number a chunk not seen before (remembered only if short)."""
        pieces = split_chunk(chunk)
        number = len(self._first)
        self._first.append(len(self._rows))
        self._count.append(len(pieces))
        self._length.append(len(chunk))
        self._rows.extend(self.table.ids(pieces))
        ends = list(accumulate(map(len, pieces)))
        self._end.extend(ends)
        self._start.extend([0, *ends[:-1]] if ends else ())
        if len(chunk) <= MAX_SHORT:
            self._cache[chunk] = number
        else:
            self._spare += len(pieces)
        return number

    def _synced(self) -> _Tables:
        """The numpy tables, brought up to date with chunks added since the last call."""
        tables = self._tables
        chunks, slots = tables.size
        if chunks < len(self._first):
            tables.first = _extend(tables.first, self._first, chunks)
            tables.count = _extend(tables.count, self._count, chunks)
            tables.length = _extend(tables.length, self._length, chunks)
        if slots < len(self._rows):
            tables.rows = _extend(tables.rows, self._rows, slots)
            tables.start = _extend(tables.start, self._start, slots)
            tables.end = _extend(tables.end, self._end, slots)
        tables.size = (len(self._first), len(self._rows))
        return tables


class _Chunks(dict[str, int]):
    """Chunk → number; looking up a new chunk numbers it (`dict.__missing__`)."""

    __slots__ = ("_encoder",)

    def __init__(self, encoder: ChunkEncoder) -> None:
        super().__init__()
        self._encoder = encoder

    def __missing__(self, chunk: str) -> int:
        return self._encoder._add(chunk)


def _extend(array: np.ndarray, values: list[int], done: int) -> np.ndarray:
    """`array`, which starts with `values[:done]`, made to start with all of `values` (grown
    by doubling when full, so that adding chunks costs amortised constant time)."""
    if len(values) > len(array):
        bigger = np.zeros(max(len(values), 2 * len(array)), dtype=np.intp)
        bigger[:done] = array[:done]
        array = bigger
    array[done:len(values)] = values[done:]
    return array
