"""Word tokenizer with code-point offsets: letter runs, digit runs and single other characters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import re

# Three alternatives that start on disjoint character classes, each a single greedy run or a
# single character: the engine never backtracks into an earlier alternative, so matching is
# linear in the length of the text.
_PIECE = re.compile(r"[^\W\d_]+|\d+|\S")
_CHUNK = re.compile(r"\S+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """One token: `text == source[start:end]` for the string it was cut from."""

    start: int
    end: int
    text: str


def _split(chunk: str) -> tuple[str, ...]:
    if chunk.isalpha():
        return (chunk,)
    return tuple(_PIECE.findall(chunk))


_split_short = lru_cache(maxsize=1 << 16)(_split)


def split_chunk(chunk: str) -> tuple[str, ...]:
    """The tokens of one whitespace-free chunk ("(5-FU)," gives "(", "5", "-", "FU", ")", ",")."""
    # Only short chunks are worth remembering; a megabyte-long one would pin its memory.
    return _split_short(chunk) if len(chunk) <= 64 else _split(chunk)


def tokenize(text: str) -> tuple[Token, ...]:
    """All tokens of `text` with their offsets; whitespace separates and is never part of one."""
    out: list[Token] = []
    for match in _CHUNK.finditer(text):
        pos = match.start()
        for piece in split_chunk(match.group()):
            out.append(Token(start=pos, end=pos + len(piece), text=piece))
            pos += len(piece)
    return tuple(out)


def token_texts(text: str) -> list[str]:
    """Just the token strings of `text`, in order (same tokens as `tokenize`)."""
    out: list[str] = []
    extend = out.extend
    for chunk in text.split():
        extend(split_chunk(chunk))
    return out


_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_CLASSES: dict[str, str] = {}


def char_class(ch: str) -> str:
    """How the tokenizer sees one character: " " space, "L" letter, "D" digit, "O" other."""
    found = _CLASSES.get(ch)
    if found is None:
        if ch.isspace():
            found = " "
        elif _LETTER.match(ch):
            found = "L"
        elif _DIGIT.match(ch):
            found = "D"
        else:
            found = "O"
        if len(_CLASSES) < 1 << 16:
            _CLASSES[ch] = found
    return found


def is_boundary(text: str, i: int) -> bool:
    """Whether a token boundary falls at offset `i` (between `text[i-1]` and `text[i]`)."""
    if i <= 0 or i >= len(text):
        return True
    before = _CLASSES.get(text[i - 1]) or char_class(text[i - 1])
    if before == " " or before == "O":
        return True
    return before != (_CLASSES.get(text[i]) or char_class(text[i]))


def find_aligned(text: str, needle: str) -> list[int]:
    """Start offsets of the occurrences of `needle` in `text` that begin and end on token
    boundaries."""
    out: list[int] = []
    if not needle:
        return out
    size = len(needle)
    stop = len(text) - size
    # `is_boundary` at both ends of an occurrence, with the classes of the characters
    # inside it (the needle's first and last) looked up once.
    first = _CLASSES.get(needle[0]) or char_class(needle[0])
    last = _CLASSES.get(needle[-1]) or char_class(needle[-1])
    open_end = last == " " or last == "O"
    pos = text.find(needle)
    while pos >= 0:
        if pos > 0:
            before = _CLASSES.get(text[pos - 1]) or char_class(text[pos - 1])
            aligned = before == " " or before == "O" or before != first
        else:
            aligned = True
        if aligned and pos < stop and not open_end:
            aligned = last != (_CLASSES.get(text[pos + size]) or char_class(text[pos + size]))
        if aligned:
            out.append(pos)
        pos = text.find(needle, pos + 1)
    return out
