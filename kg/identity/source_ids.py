"""Normalisers of the databases' own record and author ids (Scopus EID, Web of Science UT, ResearcherID, OpenAlex, Pure UUID, arXiv); imports: kg.model."""

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
# arXiv ids, with what may stand before them (a resolver or arXiv URL, the arXiv DOI, "arXiv:").
_ARXIV_PREFIX = re.compile(
    r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.|^(?:https?://)?(?:www\.|export\.)?"
    r"arxiv\.org/(?:abs|pdf)/|^arxiv:\s*", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"(\d\d)(\d\d)\.(\d{4,5})(?:v\d+)?")
# before April 2007: archive[.subject class]/YYMMNNN, e.g. "hep-th/9603067", "math.GT/0309136"
_ARXIV_OLD = re.compile(r"([a-z]+(?:-[a-z]+)?)(?:\.[a-z]{2})?/(\d\d)(\d\d)(\d{3})(?:v\d+)?", re.IGNORECASE)
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


def normalize_arxiv(text: str | None) -> str | None:
    """An arXiv id without its version: "arXiv:2003.11901v2", "https://arxiv.org/abs/2003.11901",
    "10.48550/arXiv.2003.11901" → "2003.11901"; "math.GT/0309136v1" → "math/0309136" (arXiv reads
    an old id with or without its subject class as one paper). None when it is not an arXiv id
    (the month, and the number's length for that month, are checked)."""
    value = (text or "").strip()
    value = _ARXIV_PREFIX.sub("", value, count=1).strip().removesuffix(".pdf")
    new = _ARXIV_NEW.fullmatch(value)
    if new:
        year, month, number = int(new.group(1)), int(new.group(2)), new.group(3)
        digits = 4 if (year, month) < (15, 1) else 5
        if (year, month) >= (7, 4) and 1 <= month <= 12 and len(number) == digits:
            return f"{new.group(1)}{new.group(2)}.{number}"
        return None
    old = _ARXIV_OLD.fullmatch(value)
    if old and 1 <= int(old.group(3)) <= 12:
        year, month = int(old.group(2)), int(old.group(3))
        if not ((year, month) >= (91, 8) or (year, month) <= (7, 3)):  # August 1991 to March 2007
            return None
        return f"{old.group(1).lower()}/{old.group(2)}{old.group(3)}{old.group(4)}"
    return None


def identifiers(pairs: Iterable[tuple[str, str | None]]) -> tuple[Identifier, ...]:
    """Identifiers from (scheme, normalised value) pairs: empty values and repeats dropped, order kept."""
    out: dict[tuple[str, str], Identifier] = {}
    for scheme, value in pairs:
        if value:
            out.setdefault((scheme, value), Identifier(scheme=scheme, value=value))
    return tuple(out.values())
