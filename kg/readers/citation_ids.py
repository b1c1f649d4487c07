"""Work identifiers that citation exports carry in fields and URLs: arXiv ids, own ISBNs, Scopus EIDs, Web of Science UTs."""

from __future__ import annotations

from collections.abc import Iterable
import re

from kg.identity.normalize import normalize_isbn
from kg.identity.source_ids import normalize_arxiv, normalize_eid, normalize_wos_ut
from kg.model import WorkType

# Types whose ISBN is their own; a chapter's or a paper's ISBN is its host book's or proceedings'.
WHOLE_PUBLICATIONS = frozenset({WorkType.BOOK, WorkType.REPORT, WorkType.PROCEEDINGS, WorkType.THESIS})
# A Scopus record page: https://www.scopus.com/inward/record.uri?eid=2-s2.0-84993929598&…
_SCOPUS_RECORD = re.compile(r"scopus\.com/\S*?[?&]eid=(2-s2\.0-\d+)", re.IGNORECASE)
_WOS_MARK = re.compile(r"\s*(?:WOS|ISI):", re.IGNORECASE)
_MARK = re.compile(r"\([^)]*\)")  # "(print)", "(ISBN)", "(electronic)"


def arxiv_in(text: str | None) -> str | None:
    """The arXiv id of a value that says it is one (an arxiv.org URL, an arXiv DOI, "arXiv:…"),
    without its version; None for anything else, a bare number included."""
    if not text or "arxiv" not in text.casefold():
        return None
    return normalize_arxiv(text)


def eid_in_url(text: str | None) -> str | None:
    """The Scopus EID in a Scopus record URL ("…record.uri?eid=2-s2.0-84993929598&…")."""
    match = _SCOPUS_RECORD.search(text or "")
    return normalize_eid(match.group(1)) if match else None


def marked_wos_ut(text: str | None) -> str | None:
    """A Web of Science UT written with its "WOS:" (or older "ISI:") prefix; bare numbers, which
    other databases' accession numbers also are, give None."""
    if not text or not _WOS_MARK.match(text):
        return None
    return normalize_wos_ut(text)


def isbns_in(values: Iterable[str | None]) -> list[str]:
    """The valid ISBNs (13 digits) in values that may hold several ("…; …", "… (print), …")."""
    found: list[str] = []
    for value in values:
        for part in re.split(r"[,;]|\s{2,}", _MARK.sub(" ", value or "")):
            isbn = normalize_isbn(part)
            candidates = [isbn] if isbn else [normalize_isbn(token) for token in part.split()]
            found += [c for c in candidates if c and c not in found]
    return found


def own_isbns(values: Iterable[str | None], work_type: WorkType) -> list[str]:
    """The ISBNs of ``values`` when the work is a whole book, report, thesis or proceedings."""
    return isbns_in(values) if work_type in WHOLE_PUBLICATIONS else []
