"""Normalisers of the databases' own record and author ids (Scopus EID, Web of Science UT, ResearcherID, OpenAlex, Pure UUID); imports: kg.model."""

from __future__ import annotations

from collections.abc import Iterable
import re

from kg.model import Identifier

_EID = re.compile(r"(?:2-s2\.0-|scopus(?:_id)?:\s*)(\d{6,15})", re.IGNORECASE)
# A Web of Science accession number: 15 letters and digits after the WOS: (formerly ISI:) prefix.
_WOS_UT = re.compile(r"(?:(?:WOS|ISI):\s*)?([A-Z0-9]{15})", re.IGNORECASE)
_RESEARCHER_ID = re.compile(r"[A-Z]{1,3}-\d{4}-(?:19|20)\d\d")
_OPENALEX = re.compile(r"(?:https?://(?:api\.)?openalex\.org/(?:[a-z]+/)?)?([WAISCPFT])(\d{1,12})",
                       re.IGNORECASE)
_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)


def normalize_eid(text: str | None) -> str | None:
    """A Scopus record id: "2-s2.0-85164438987" (also from "SCOPUS_ID:85164438987"); None otherwise."""
    match = _EID.fullmatch((text or "").strip())
    return f"2-s2.0-{match.group(1)}" if match else None


def normalize_wos_ut(text: str | None) -> str | None:
    """A Web of Science UT as "WOS:" and its 15 characters ("ISI:000238592600006" →
    "WOS:000238592600006"); None for other databases' accession numbers ("MEDLINE:…")."""
    match = _WOS_UT.fullmatch((text or "").strip())
    if not match or not any(ch.isdigit() for ch in match.group(1)):
        return None
    return f"WOS:{match.group(1).upper()}"


def normalize_researcherid(text: str | None) -> str | None:
    """A Web of Science ResearcherID, "A-1234-2008" or "AAL-4598-2020"; None otherwise."""
    value = (text or "").strip().rstrip("/").rpartition("/")[2].upper()
    return value if _RESEARCHER_ID.fullmatch(value) else None


def normalize_openalex_id(text: str | None, kind: str) -> str | None:
    """An OpenAlex id of one kind ("W" works, "A" authors), bare: "https://openalex.org/W27" → "W27"."""
    match = _OPENALEX.fullmatch((text or "").strip())
    if not match or match.group(1).upper() != kind:
        return None
    return f"{kind}{int(match.group(2))}"


def normalize_uuid(text: str | None) -> str | None:
    """A UUID in lower case with its hyphens ("D00873802E0F…" → "d0087380-2e0f-…"); None otherwise."""
    match = _UUID.fullmatch((text or "").strip())
    if not match:
        return None
    hex_digits = match.group(0).replace("-", "").lower()
    return "-".join((hex_digits[:8], hex_digits[8:12], hex_digits[12:16], hex_digits[16:20],
                     hex_digits[20:]))


def identifiers(pairs: Iterable[tuple[str, str | None]]) -> tuple[Identifier, ...]:
    """Identifiers from (scheme, normalised value) pairs: empty values and repeats dropped, order kept."""
    out: dict[tuple[str, str], Identifier] = {}
    for scheme, value in pairs:
        if value:
            out.setdefault((scheme, value), Identifier(scheme=scheme, value=value))
    return tuple(out.values())
