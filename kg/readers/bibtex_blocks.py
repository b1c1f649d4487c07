"""A .bib file cut into @-blocks as it streams, each parsed by bibtexparser with the macros seen so far."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
import logging
import re

import bibtexparser
from bibtexparser.middlewares.names import (NameParts, parse_single_name_into_parts,
                                            split_multiple_persons_names)
from bibtexparser.model import Entry, ParsingFailedBlock, String

# bibtexparser reports through logging; without a handler of the application's own,
# Python would print its warnings on stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_BLOCK_START = re.compile(r"@\s*([A-Za-z][\w:.+-]*)\s*([{(])")
_LINE_STARTS_BLOCK = re.compile(r"\s*@\s*[A-Za-z][\w:.+-]*\s*[{(]")
_BLOCK_KEY = re.compile(r"@\s*[A-Za-z][\w:.+-]*\s*[{(]\s*([^,\s{}()=\"#]+)")
MAX_BLOCK_CHARS = 4_000_000  # a single entry larger than this is an unclosed brace

# the month macros every BibTeX style defines
STANDARD_MACROS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}


@dataclass(slots=True)
class RawBlock:
    """One @-block as written: its lower-cased kind, text, first line, and a split error if any."""

    kind: str
    text: str
    line: int
    error: str | None = None

    @property
    def key(self) -> str | None:
        match = _BLOCK_KEY.match(self.text)
        return match.group(1) if match else None


@dataclass(slots=True)
class ParsedEntry:
    """An entry with its fields resolved to LaTeX strings (macros and # concatenation done)."""

    kind: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)


def split_blocks(lines: Iterable[tuple[int, str]]) -> Iterator[RawBlock]:
    """The @-blocks of a .bib stream, found by brace counting at depth 0.

    A block still open when a line starts a new @entry, or at the end of the input,
    comes back with an error instead of swallowing the entries after it.
    """
    parts: list[str] = []
    kind, opener, start, depth, size, in_quotes = "", "{", 0, 0, 0, False
    in_block = skipping = False
    for number, line in lines:
        if (in_block or skipping) and _LINE_STARTS_BLOCK.match(line):
            if in_block:
                yield RawBlock(kind, "".join(parts), start,
                               f"the entry is not closed (unbalanced braces) before line {number}")
            in_block = skipping = False
        if skipping:
            continue
        if not in_block and line.lstrip().startswith("%"):
            continue
        pos, segment = 0, 0
        while True:
            if not in_block:
                match = _BLOCK_START.search(line, pos)
                if not match:
                    break
                kind, opener = match.group(1).lower(), match.group(2)
                in_block, start, depth, size, in_quotes, parts = True, number, 0, 0, False, []
                segment, pos = match.start(), match.end()
                if opener == "{":
                    depth = 1
            end, depth, in_quotes = _scan(line, pos, depth, opener, in_quotes)
            if end is None:
                parts.append(line[segment:] + "\n")
                size += len(line) - segment + 1
                if size > MAX_BLOCK_CHARS:
                    yield RawBlock(kind, "".join(parts[:1]), start,
                                   "the entry is too long to be real (an unclosed brace?)")
                    parts, in_block, skipping = [], False, True
                break
            parts.append(line[segment:end + 1])
            yield RawBlock(kind, "".join(parts), start)
            parts, in_block, pos = [], False, end + 1
    if in_block:
        yield RawBlock(kind, "".join(parts), start,
                       "the file ends inside this entry (unbalanced braces)")


def _scan(line: str, pos: int, depth: int, opener: str, in_quotes: bool):
    """Where the block closes in ``line`` (or None), with the brace depth and quote state after."""
    if opener == "{":
        if line.count("}", pos) < depth:  # cannot close on this line
            return None, depth + line.count("{", pos) - line.count("}", pos), False
        for index in range(pos, len(line)):
            char = line[index]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return index, 0, False
        return None, depth, False
    for index in range(pos, len(line)):  # "(" blocks close at ")" outside braces and quotes
        char = line[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            in_quotes = not in_quotes
        elif char == ")" and depth == 0 and not in_quotes:
            return index, 0, False
    return None, depth, in_quotes


def parse_string_block(block: RawBlock, macros: dict[str, str]) -> tuple[str, str]:
    """The (name, resolved value) an @string block defines; ValueError when malformed."""
    library = bibtexparser.parse_string(block.text, parse_stack=[])
    strings = [b for b in library.blocks if isinstance(b, String)]
    if not strings:
        raise ValueError(_failure(library) or "not a valid @string definition")
    string = strings[0]
    return string.key.strip().lower(), resolve_value(str(string.value), macros)


def parse_entry_block(block: RawBlock, macros: dict[str, str]) -> ParsedEntry:
    """The entry in ``block`` with macro-resolved fields; ValueError when bibtexparser refuses it."""
    library = bibtexparser.parse_string(block.text, parse_stack=[])
    entry = next((b for b in library.blocks if isinstance(b, Entry)), None)
    if entry is None:
        for failed in library.failed_blocks:  # duplicate fields: keep the entry, first value wins
            if isinstance(failed.ignore_error_block, Entry):
                entry = failed.ignore_error_block
                break
    if entry is None:
        raise ValueError(_failure(library) or "not a valid BibTeX entry")
    fields: dict[str, str] = {}
    for item in entry.fields:
        name = item.key.strip().lower()
        if name and name not in fields:
            fields[name] = resolve_value(str(item.value), macros)
    return ParsedEntry(kind=block.kind, key=entry.key.strip(), line=block.line, fields=fields)


def _failure(library) -> str | None:
    for failed in library.failed_blocks:
        if isinstance(failed, ParsingFailedBlock):
            error = failed.error
            reason = getattr(error, "abort_reason", None) or str(error)
            return reason.strip().rstrip(".") or None
    return None


def resolve_value(raw: str, macros: dict[str, str]) -> str:
    """A field value with its delimiters removed, macros expanded and # parts joined."""
    out = []
    for part in _concatenated_parts(raw):
        part = part.strip()
        if len(part) >= 2 and part[0] == "{" and part[-1] == "}":
            out.append(part[1:-1])
        elif len(part) >= 2 and part[0] == '"' and part[-1] == '"':
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        else:
            name = part.lower()
            out.append(macros.get(name, STANDARD_MACROS.get(name, part)))
    return "".join(out)


def _concatenated_parts(raw: str) -> list[str]:
    """``raw`` split at the # signs that sit outside braces and quotes."""
    parts, depth, in_quotes, begin = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            in_quotes = not in_quotes
        elif char == "#" and depth == 0 and not in_quotes:
            parts.append(raw[begin:index])
            begin = index + 1
    parts.append(raw[begin:])
    return parts


def split_names(raw: str) -> list[str]:
    """The names of an author list, split on " and " outside braces (bibtexparser's rule)."""
    return split_multiple_persons_names(raw)


def name_parts(raw: str) -> NameParts | None:
    """First / von / Last / Jr parts of one BibTeX name, None when it cannot be parsed."""
    try:
        return parse_single_name_into_parts(raw, strict=False)
    except Exception:  # bibtexparser's InvalidNameError and friends: keep the name unstructured
        return None


def is_braced_whole(raw: str) -> bool:
    """True for "{World Health Organization}": one brace group holding the whole name."""
    raw = raw.strip()
    if len(raw) < 2 or raw[0] != "{" or raw[-1] != "}":
        return False
    depth = 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(raw) - 1:
                return False
    return depth == 0
