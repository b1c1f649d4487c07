"""Citeproc name and date objects, shared by the Crossref and CSL-JSON readers.

Crossref's JSON descends from citeproc JSON, so both use ``{"given", "family"}`` names and
``{"date-parts": [[year, month, day]]}`` dates.
"""

from __future__ import annotations

from collections.abc import Callable
import html
import re
from typing import Any

from kg.identity.normalize import (clean_text, display_name, initials_of, language_code, normalize_orcid,
                                   normalize_ror, parse_date)
from kg.model import Contributor, Organization, PartialDate, Venue
from kg.readers.jats import markup_to_text
from kg.readers.jsonio import array, mapping, text

# Words that mark an unparsed ("literal") name as a group rather than a person. CSL says
# literal names are for institutions, but exporters also use them for people whose name
# they could not split (manubot writes every arXiv author as a literal).
_GROUP_WORDS = frozenset({
    "academy", "agency", "alliance", "association", "board", "bureau", "centre", "center",
    "collaboration", "collaborative", "college", "commission", "committee", "consortium",
    "corporation", "council", "department", "division", "federation", "foundation", "group",
    "inc", "initiative", "institute", "institution", "investigators", "laboratory", "ltd",
    "ministry", "network", "office", "organisation", "organization", "panel", "partnership",
    "program", "programme", "project", "service", "society", "team", "trialists", "union",
    "university", "working",
})
_WORD = re.compile(r"[^\W\d_]+")


def plain(value: Any) -> str | None:
    """A short text field (name, affiliation, venue) with HTML entities decoded."""
    found = text(value)
    return clean_text(html.unescape(found)) if found and "&" in found else found


def looks_like_group(name: str) -> bool:
    """True when an unsplit name contains a word that names an organisation or group."""
    return any(word.casefold() in _GROUP_WORDS for word in _WORD.findall(name))


def contributor(value: Any) -> Contributor | None:
    """A Contributor from a citeproc/Crossref name object; None when it names nobody.

    ``given``/``family`` (with CSL particles and suffix) make a person; Crossref's ``name``
    is an organisation author; CSL's ``literal`` is a group when it reads like one (see
    ``looks_like_group``), otherwise a person whose name the source did not split.
    """
    obj = mapping(value)
    given = plain(obj.get("given"))
    family = plain(obj.get("family"))
    particle = plain(obj.get("non-dropping-particle"))
    if family and particle:
        family = f"{particle} {family}"
    orcid = normalize_orcid(text(obj.get("ORCID")) or text(obj.get("orcid")))
    affiliations = tuple(_organizations(obj.get("affiliation")))
    if family or given:
        dropping = plain(obj.get("dropping-particle"))
        name = display_name(" ".join(p for p in (given, dropping) if p) or None, family)
        suffix = plain(obj.get("suffix"))
        if suffix and name:
            name = f"{name} {suffix}"
        return Contributor(name=name or "", given=given, family=family,
                           initials=initials_of(given), orcid=orcid,
                           affiliations=affiliations)
    organisation = plain(obj.get("name"))
    if organisation:
        return Contributor(name=organisation, orcid=orcid, affiliations=affiliations,
                           collective=True)
    literal = plain(obj.get("literal"))
    if literal:
        return Contributor(name=literal, orcid=orcid, affiliations=affiliations,
                           collective=looks_like_group(literal))
    return None


def contributors(value: Any) -> tuple[Contributor, ...]:
    """The contributors of a name list, in order, skipping entries that name nobody."""
    return tuple(c for c in (contributor(v) for v in array(value)) if c is not None)


def _organizations(value: Any):
    seen: set[tuple[str, str | None]] = set()
    for entry in array(value):
        entry = mapping(entry)
        name = plain(entry.get("name"))
        if not name:
            continue
        ror = None
        for identifier in array(entry.get("id")):
            identifier = mapping(identifier)
            if (text(identifier.get("id-type")) or "").upper() == "ROR":
                ror = normalize_ror(text(identifier.get("id")))
                if ror:
                    break
        key = (name, ror)
        if key not in seen:
            seen.add(key)
            yield Organization(name=name, ror=ror)


# -- dates ---------------------------------------------------------------------------------

def _part(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        return int(value.strip())
    return None


def date_from_parts(parts: Any) -> PartialDate | None:
    """A PartialDate from ``[year, month, day]`` (ints or digit strings, any precision).

    Extra parts beyond the day are ignored; an invalid month drops month and day, an invalid
    day drops the day; a missing or invalid year gives None.
    """
    parts = array(parts)
    if not parts:
        return None
    year = _part(parts[0])
    if year is None or not 1 <= year <= 9999:
        return None
    month = _part(parts[1]) if len(parts) > 1 else None
    day = _part(parts[2]) if len(parts) > 2 else None
    if month is None or not 1 <= month <= 12:
        return PartialDate(year=year)
    if day is None or not 1 <= day <= _days_in(year, month):
        return PartialDate(year=year, month=month)
    return PartialDate(year=year, month=month, day=day)


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_of(value: Any) -> PartialDate | None:
    """A citeproc date object: ``date-parts`` (first range end), else ``raw``/``literal`` text.

    ``{"date-parts": [[null]]}`` and ``{"date-parts": [[]]}`` give None, as does a missing date.
    A bare string is read as ``raw``.
    """
    if isinstance(value, str):
        return parse_date(value)
    obj = mapping(value)
    ranges = array(obj.get("date-parts"))
    if ranges:
        found = date_from_parts(ranges[0])
        if found is not None:
            return found
    for key in ("raw", "literal"):
        found_text = text(obj.get(key))
        if found_text:
            found = parse_date(found_text)
            if found is not None:
                return found
    return None


def container_fields(item: dict, *, hosted: bool,
                     venue: Callable[[dict, str | None], Venue | None]) -> dict[str, Any]:
    """The Work fields Crossref and CSL-JSON spell alike: abstract, language, authors, and the
    container, as the venue (journals, series) or as the host title (books, proceedings)."""
    container = plain(item.get("container-title"))
    return {
        "abstract": markup_to_text(text(item.get("abstract"))),
        "language": language_code(text(item.get("language"))),
        "contributors": contributors(item.get("author")),
        "venue": venue(item, None if hosted else container),
        "host_title": container if hosted else None,
        "volume": text(item.get("volume")),
        "issue": text(item.get("issue")),
    }
