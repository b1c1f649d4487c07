"""BibTeX author lists as contributors, Scopus's comma-separated lists and affiliation letters included.

Scopus BibTeX exports mark each author's affiliations with letters after the initials, and
older ones separate the authors with commas instead of "and" (bibliometrix's scopus.bib, 2017):
``author={D'Ambrosio, A.a , Aria, M.a , Iorio, C.b , Siciliano, R.b }``,
``author={Iorio, C.a  and Frasso, G.b }``, ``author={Langfield, S.a  b  and Pagano, M.a  b }``.
A list is read as comma-separated only when every second part is initials, so a BibTeX
"von Last, Jr, First" name is never taken for one; the letters are dropped only after initials.
"""

from __future__ import annotations

import re

from kg.identity.normalize import clean_text, initials_of
from kg.model import Contributor
from kg.readers.bibtex_blocks import is_braced_whole, name_parts, split_names
from kg.readers.latex import decode_latex

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Initials as Scopus prints them ("A.", "M.D.", "J.-P.", "Yu."), then the affiliation letters.
_INITIALS = r"(?:[A-Z][a-z]?\.\s?-?\s?)*[A-Z][a-z]?\."
_LETTERED = re.compile(rf"({_INITIALS})\s*[a-z](?:\s+[a-z])*")
_INITIALS_ONLY = re.compile(rf"{_INITIALS}(?:\s*[a-z](?:\s+[a-z])*)?")


def contributors(raw: str | None) -> tuple[Contributor, ...]:
    """The contributors of a BibTeX name list, in order ("others" dropped)."""
    if not raw:
        return ()
    names = _comma_separated(raw)
    if names is None:
        names = [name for name in split_names(raw) if name.strip().casefold() != "others"]
    return tuple(c for c in (_contributor(name) for name in names) if c is not None)


def _comma_separated(raw: str) -> list[str] | None:
    """"Family, Initials" names of a list written without "and" (Scopus), else None."""
    if re.search(r"\sand\s", raw) or raw.count(",") < 3 or "{" in raw:
        return None
    parts = [part.strip() for part in raw.split(",")]
    if parts and not parts[-1]:
        parts.pop()  # a trailing comma
    if len(parts) % 2 or not all(parts[::2]):
        return None
    if not all(_INITIALS_ONLY.fullmatch(given) for given in parts[1::2]):
        return None
    return [f"{family}, {given}" for family, given in zip(parts[::2], parts[1::2])]


def _contributor(raw: str) -> Contributor | None:
    if is_braced_whole(raw):
        name = _text(raw)
        return Contributor(name=name, collective=True) if name else None
    parts = name_parts(raw)
    if parts is None:
        name = _text(raw)
        return Contributor(name=name) if name else None
    given = _without_letters(_text(" ".join(parts.first)))
    family = _text(" ".join(parts.von + parts.last))
    suffix = _text(" ".join(parts.jr))
    if given and suffix and given.casefold() in _SUFFIXES and suffix.casefold() not in _SUFFIXES:
        given, suffix = suffix, given  # "Sherry, John F., Jr." written the other way round
    name = " ".join(p for p in (given, family, suffix) if p)
    if not name:
        return None
    if not family:  # a single word BibTeX read as a first name
        family, given = given, None
    return Contributor(name=name, given=given, family=family, initials=initials_of(given))


def _without_letters(given: str | None) -> str | None:
    """"C.a" → "C.", "S.a b" → "S.": initials with Scopus's affiliation letters removed."""
    match = _LETTERED.fullmatch(given) if given else None
    return clean_text(match.group(1)) if match else given


def _text(value: str) -> str | None:
    return clean_text(decode_latex(value))
