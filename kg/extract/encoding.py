"""Text to token type rows, cached per whitespace-free chunk, with offsets worked out on demand."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, chain
from operator import itemgetter

from kg.extract.emissions import EmissionTable
from kg.extract.tokens import split_chunk, tokenize

# A chunk: its tokens' type rows, and each token's start and end within the chunk.
_Chunk = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
_IDS = itemgetter(0)
MAX_CHUNKS = 200_000
_EMPTY: _Chunk = ((), (), ())


class EncodedText:
    """The type rows of one text's tokens; `span` gives character offsets of token ranges."""

    __slots__ = ("_chunk_ends", "_chunks", "_ends", "_entries", "_starts", "_token_ends", "ids")

    def __init__(self, ids: list[int], *, chunks: list[str] | None = None,
                 entries: list[_Chunk] | None = None, starts: list[int] | None = None,
                 ends: list[int] | None = None) -> None:
        self.ids = ids
        self._chunks = chunks
        self._entries = entries
        self._starts = starts
        self._ends = ends
        self._token_ends: list[int] | None = None
        self._chunk_ends: list[int] | None = None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Start offset of token `first` and end offset of token `last`."""
        if self._starts is not None and self._ends is not None:
            return self._starts[first], self._ends[last]
        return self._offset(first, 1), self._offset(last, 2)

    def _offset(self, token: int, which: int) -> int:
        assert self._entries is not None and self._chunks is not None
        if self._token_ends is None:
            self._token_ends = list(accumulate(map(len, map(_IDS, self._entries))))
            self._chunk_ends = list(accumulate(map(len, self._chunks)))
        assert self._chunk_ends is not None
        c = bisect_right(self._token_ends, token)
        before = self._token_ends[c - 1] if c else 0
        # Chunk c starts after the chunks before it and the single spaces between them.
        chunk_start = self._chunk_ends[c] - len(self._chunks[c]) + c
        return chunk_start + self._entries[c][which][token - before]


class ChunkEncoder:
    """Splits texts into tokens and maps them to rows of an `EmissionTable`."""

    __slots__ = ("_cache", "_generation", "table")

    def __init__(self, table: EmissionTable) -> None:
        self.table = table
        self._cache: dict[str, _Chunk] = {}
        self._generation = table.generation

    def refresh(self) -> None:
        """Forget cached chunks when the table has started again (call between batches)."""
        if self.table.trim() or self._generation != self.table.generation:
            self._cache.clear()
            self._generation = self.table.generation

    def encode(self, text: str) -> EncodedText:
        """The tokens of `text` (as `kg.extract.tokens.tokenize` cuts them) as type rows."""
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            # Chunks are separated by exactly one plain space, so offsets follow from lengths.
            chunks = text.split(" ")
            entries = list(map(self._cache.get, chunks))
            if None in entries:
                entries = [e if e is not None else self._chunk(c) for e, c in zip(entries, chunks)]
            ids = list(chain.from_iterable(map(_IDS, entries)))
            return EncodedText(ids, chunks=chunks, entries=entries)  # type: ignore[arg-type]
        toks = tokenize(text)
        return EncodedText(self.table.ids([t.text for t in toks]),
                           starts=[t.start for t in toks], ends=[t.end for t in toks])

    def _chunk(self, chunk: str) -> _Chunk:
        pieces = split_chunk(chunk)
        if not pieces:
            return _EMPTY
        ends = tuple(accumulate(map(len, pieces)))
        starts = (0, *ends[:-1])
        entry = (tuple(self.table.ids(pieces)), starts, ends)
        if len(chunk) <= 64:
            if len(self._cache) >= MAX_CHUNKS:
                self._cache.clear()
            self._cache[chunk] = entry
        return entry
