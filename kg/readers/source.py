"""Input sources: files, gzip files and stdin, opened as bytes or as decoded text."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
import gzip
import io
import os
import sys
from typing import BinaryIO, TextIO
import zlib

from kg.errors import InputError

HEAD_SIZE = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_FALLBACK = "cp1252"


def _decode_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: decode the offending bytes as Windows-1252 (Latin-1 where undefined)."""
    bad = error.object[error.start:error.end]
    text = "".join(
        bytes([b]).decode(_FALLBACK, errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else bytes([b]).decode("latin-1")
        for b in bad
    )
    return text, error.end


codecs.register_error("kg-fallback", _decode_fallback)


class _HeadThenRest(io.RawIOBase):
    """A read-once binary stream that replays an already-read head before the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Gunzip(io.RawIOBase):
    """A gzip stream whose decompression errors become InputErrors naming the source."""

    def __init__(self, stream: gzip.GzipFile, source: "Source") -> None:
        self._stream = stream
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        try:
            data = self._stream.read(len(buffer))
        except (OSError, EOFError, zlib.error) as exc:
            raise self._source.error(f"not valid gzip: {exc}") from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


@dataclass(slots=True)
class Source:
    """One input: a path, or "-" for stdin. ``encoding`` is "auto" or a codec name."""

    path: str
    encoding: str = "auto"
    _head: bytes | None = field(default=None, repr=False)
    _stdin_used: bool = field(default=False, repr=False)
    _stdin_rest: BinaryIO | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """How messages name this input."""
        return "<stdin>" if self.path == "-" else self.path

    def error(self, message: str, *, line: int | None = None,
              record: str | int | None = None) -> InputError:
        """An InputError located in this source."""
        return InputError(message, path=self.name, line=line, record=record)

    def unreadable(self, problem: Exception, *, line: int | None = None,
                   record: str | int | None = None) -> InputError:
        """The error of a record whose conversion failed with ``problem``, in the reader's terms."""
        if isinstance(problem, RecursionError):
            reason = "it is nested too deeply to read"
        else:
            reason = f"a field holds a value kg does not expect ({problem})"
        return self.error(f"cannot read this record: {reason}", line=line, record=record)

    def _raw(self) -> BinaryIO:
        if self.path == "-":
            if self._stdin_used:
                raise self.error("standard input can only be read once")
            self._stdin_used = True
            return sys.stdin.buffer
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise self.error("no such file") from None
        except IsADirectoryError:
            raise self.error("is a directory, not a file") from None
        except PermissionError:
            raise self.error("permission denied") from None
        except OSError as exc:
            raise self.error(f"cannot open: {exc.strerror or exc}") from None

    def _is_gzip(self) -> bool:
        return self.head_bytes_raw().startswith(_GZIP_MAGIC)

    def head_bytes_raw(self) -> bytes:
        """The first bytes of the file as stored (maybe compressed)."""
        if self._head is None:
            stream = self._raw()
            head = stream.read(HEAD_SIZE)
            if self.path == "-":
                self._head = head
                self._stdin_rest = stream
                self._stdin_used = False
            else:
                stream.close()
                self._head = head
        return self._head

    def open_binary(self) -> BinaryIO:
        """The content as bytes, decompressed when the input is gzip."""
        raw_head = self.head_bytes_raw()
        if self.path == "-":
            if self._stdin_used:
                raise self.error("standard input can only be read once")
            self._stdin_used = True
            stream: BinaryIO = io.BufferedReader(_HeadThenRest(raw_head, self._stdin_rest))  # type: ignore[arg-type]
        else:
            stream = self._raw()
        if raw_head.startswith(_GZIP_MAGIC):
            return io.BufferedReader(_Gunzip(gzip.GzipFile(fileobj=stream, mode="rb"), self))  # type: ignore[return-value]
        return stream

    def head(self) -> bytes:
        """The first decompressed bytes, for sniffing (the stream is not consumed for files)."""
        raw = self.head_bytes_raw()
        if not raw.startswith(_GZIP_MAGIC):
            return raw
        try:
            return gzip.GzipFile(fileobj=io.BytesIO(raw)).read(HEAD_SIZE)
        except (OSError, EOFError, zlib.error):
            # a head cut inside the compressed stream: decompress what is there
            try:
                return zlib.decompressobj(31).decompress(raw)[:HEAD_SIZE]
            except zlib.error:
                raise self.error("starts like a gzip file but is not valid gzip") from None

    def check_text(self) -> None:
        """Refuse empty and binary input with a clear message."""
        head = self.head()
        if not head.strip():
            raise self.error("the file is empty")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return
        if b"\x00" in head[:8192]:
            raise self.error("this looks like a binary file, not text records")
        controls = sum(1 for b in head[:8192] if b < 9 or 13 < b < 32)
        if controls > 8:
            raise self.error("this looks like a binary file, not text records")

    def text_encoding(self) -> str:
        """The codec to read the content with: the given one, or sniffed from BOM and content."""
        if self.encoding != "auto":
            return self.encoding
        head = self.head()
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        return "utf-8"

    def open_text(self) -> TextIO:
        """The content as text with universal newlines.

        In "auto" mode, bytes that are not valid UTF-8 are read as Windows-1252 (a common
        Latin-1 export encoding); with an explicit encoding, a bad byte is an error naming the line.
        """
        self.check_text()
        encoding = self.text_encoding()
        errors = "kg-fallback" if self.encoding == "auto" else "strict"
        return _LineCountingText(self.open_binary(), encoding, errors, self)

    def read_text(self) -> str:
        """The whole content as text (for formats that must be parsed whole, such as JSON)."""
        with self.open_text() as stream:
            return stream.read()


class _LineCountingText(io.TextIOWrapper):
    """A text stream whose decode errors become InputErrors naming the line."""

    def __init__(self, binary: BinaryIO, encoding: str, errors: str, source: Source) -> None:
        super().__init__(binary, encoding=encoding, errors=errors, newline=None)
        self._source = source
        self._lines_seen = 0

    def __next__(self) -> str:
        try:
            line = super().__next__()
        except UnicodeDecodeError as exc:
            raise self._source.error(
                f"not valid {exc.encoding} text near line {self._lines_seen + 1}; "
                "pass --encoding latin-1 (or the file's encoding)",
                line=self._lines_seen + 1,
            ) from None
        except (OSError, EOFError) as exc:
            raise self._source.error(f"cannot read: {exc}", line=self._lines_seen + 1) from None
        self._lines_seen += 1
        return line

    def read(self, size: int | None = -1) -> str:
        try:
            return super().read(size)
        except UnicodeDecodeError as exc:
            raise self._source.error(
                f"not valid {exc.encoding} text (byte {exc.start} of a block); "
                "pass --encoding latin-1 (or the file's encoding)"
            ) from None
        except (OSError, EOFError) as exc:
            raise self._source.error(f"cannot read: {exc}") from None


# Files a folder of records may hold beside them that are not records.
_NOT_RECORDS = (".md", ".rq", ".sparql", ".py", ".sh")


def expand_paths(paths: tuple[str, ...] | list[str]) -> list[str]:
    """Files named directly, plus the files inside named folders (sorted, hidden ones skipped)."""
    out: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(os.path.join(root, f) for f in sorted(files)
                           if not f.startswith(".") and not f.endswith(_NOT_RECORDS))
        else:
            out.append(path)
    return out
