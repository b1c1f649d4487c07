"""Stable IRIs from keys (DESIGN §5), and the identity registry that reuses them across sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import hashlib

from kg.identity.normalize import name_key, norm_key
from kg.model import Contributor, Organization, Venue, Work, WorkType

DEFAULT_BASE = "https://w3id.org/litkg/id/"
# Work identifier schemes in key priority: the first a record has names its IRI. Each is also a
# guard: two records with different values of one scheme are never one work.
IDENTIFIER_SCHEMES = ("doi", "pmid", "pmcid", "eid", "wos", "openalex", "arxiv", "pure", "isbn")
_FIELD_SCHEMES = ("doi", "pmid", "pmcid")
# Person identifier schemes in key priority, after the ORCID.
PERSON_SCHEMES = ("scopus", "researcherid", "openalex")


def digest(key: str) -> str:
    """``sha256(key)[:16]`` in hex: the IRI-safe, deterministic hash of a minting key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """A node's IRI, the key hashed into it (None when this record reuses an IRI minted
    from a key it does not have), the basis of this record's identification of it (its
    strongest key's scheme), and every key this record knows it by."""

    iri: str
    key: str | None
    basis: str
    keys: tuple[str, ...]

    @property
    def hash(self) -> str:
        """The hash part of the IRI (used to name the record's graphs)."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


def check_base(base: str) -> str:
    """The base IRI, which must be absolute http(s) and end in "/" or "#"."""
    if not base.startswith(("http://", "https://")) or not base.endswith(("/", "#")):
        raise ValueError(f"the base IRI must be an http(s) IRI ending in '/' or '#': {base!r}")
    if any(ch in base for ch in ' <>"{}|\\^`'):
        raise ValueError(f"the base IRI contains a character IRIs do not allow: {base!r}")
    return base


# -- keys ----------------------------------------------------------------------------------

def first_author_key(work: Work) -> str:
    """norm of the last word of the first author's family name (the same across name styles)."""
    if not work.contributors:
        return ""
    first = work.contributors[0]
    family = first.family or (first.name if first.collective else first.name.split(" ")[-1])
    words = family.split()
    return norm_key(words[-1] if words and not first.collective else family)


def work_identifiers(work: Work) -> dict[str, tuple[str, ...]]:
    """The work's identifiers by scheme, in key priority, each scheme's values in the source's
    order (a book's print and electronic ISBNs); an ISBN names only a whole book."""
    found = {scheme: [getattr(work, scheme)] for scheme in _FIELD_SCHEMES if getattr(work, scheme)}
    for identifier in work.identifiers:
        if identifier.scheme == "isbn" and work.type is not WorkType.BOOK:
            continue
        values = found.setdefault(identifier.scheme, [])
        if identifier.value not in values:
            values.append(identifier.value)
    return {scheme: tuple(found[scheme]) for scheme in IDENTIFIER_SCHEMES if scheme in found}


def work_keys(work: Work) -> list[tuple[str, str]]:
    """(basis, key) pairs in priority order: each identifier, then title/year/first author."""
    keys = [(scheme, f"work|{scheme}={value}")
            for scheme, values in work_identifiers(work).items() for value in values]
    year = work.issued.year if work.issued else ""
    keys.append(("title", f"work|t={norm_key(work.title or '')}|y={year}|fa={first_author_key(work)}"))
    return keys


def person_key(contributor: Contributor) -> tuple[str, str]:
    """(basis, key) of a contributor: ORCID, else a source's author id, else the normalised name."""
    if contributor.orcid:
        return "orcid", f"person|orcid={contributor.orcid}"
    ids = {i.scheme: i.value for i in reversed(contributor.identifiers)}
    if contributor.scopus_id:
        ids["scopus"] = contributor.scopus_id
    for scheme in PERSON_SCHEMES:
        if scheme in ids and not contributor.collective:
            return scheme, f"person|{scheme}={ids[scheme]}"
    if contributor.collective:
        return "name", f"group|name={name_key(contributor.name)}"
    return "name", f"person|name={name_key(contributor.name)}"


def journal_keys(venue: Venue) -> list[tuple[str, str]]:
    """(basis, key) pairs of a journal or series: ISSN, eISSN (one serial whichever kind a source
    calls it), then the normalised title (a series title never names a journal)."""
    keys = [("issn", f"journal|issn={issn}") for issn in (venue.issn, venue.eissn) if issn]
    if venue.title:
        kind = "series" if venue.series else "journal"
        keys.append(("title", f"{kind}|t={norm_key(venue.title)}"))
    return keys


def organization_key(org: Organization) -> tuple[str, str]:
    """(basis, key) of an organisation: ROR where given, else the normalised name."""
    if org.ror:
        return "ror", f"org|ror={org.ror}"
    return "name", f"org|name={norm_key(org.name)}"


# -- the registry ----------------------------------------------------------------------------

Lookup = Callable[[str], "str | None"]
IdentifierLookup = Callable[[str], "dict[str, set[str]]"]


class IdentityRegistry:
    """Finds the IRI an incoming work or journal already has, or mints a new one.

    Every key of an incoming record is looked up — in memory for this run, then through
    ``lookup`` (the store) — in priority order; a hit reuses that IRI, unless the node's
    identifiers contradict the record's (two different DOIs are two works, whatever the
    titles say). A miss mints ``{base}{kind}/{H(first key)}``.
    """

    def __init__(self, base: str, *, lookup: Lookup | None = None,
                 identifiers: IdentifierLookup | None = None) -> None:
        self.base = check_base(base)
        self._lookup = lookup
        self._identifiers_of = identifiers
        self._memory: dict[str, str] = {}
        self._ids: dict[str, dict[str, set[str]]] = {}

    def _find(self, key: str) -> str | None:
        hit = self._memory.get(key)
        if hit is None and self._lookup is not None:
            hit = self._lookup(key)
        return hit

    def _known_ids(self, iri: str) -> dict[str, set[str]]:
        known = {scheme: set(values) for scheme, values in self._ids.get(iri, {}).items()}
        if self._identifiers_of is not None:
            for scheme, values in self._identifiers_of(iri).items():
                known.setdefault(scheme, set()).update(values)
        return known

    def _compatible(self, iri: str, ids: dict[str, tuple[str, ...]]) -> bool:
        """No scheme contradicts: where both know values of a scheme, they share one."""
        known = self._known_ids(iri)
        return all(not known.get(scheme) or not known[scheme].isdisjoint(values)
                   for scheme, values in ids.items())

    def _resolve(self, kind: str, keys: list[tuple[str, str]], ids: dict[str, tuple[str, ...]]) -> Identity:
        # The basis is the record's own strongest key, whichever key found the node: what a record
        # graph states must not depend on what earlier loads left in the store.
        iri, basis = None, keys[0][0]
        for _, each in keys:
            hit = self._find(each)
            if hit is not None and self._compatible(hit, ids):
                iri = hit
                break
        if iri is None:
            iri = f"{self.base}{kind}/{digest(keys[0][1])}"
        hashed = iri.rsplit("/", 1)[-1]
        key = next((each for _, each in keys if digest(each) == hashed), None)
        for _, each in keys:
            self._memory.setdefault(each, iri)
        record = self._ids.setdefault(iri, {})
        for scheme, values in ids.items():
            record.setdefault(scheme, set()).update(values)
        return Identity(iri=iri, key=key, basis=basis, keys=tuple(k for _, k in keys))

    def work(self, work: Work) -> Identity:
        """The identity of a work (its IRI reused when any identifier or the fallback key is known)."""
        return self._resolve("work", work_keys(work), work_identifiers(work))

    def journal(self, venue: Venue) -> Identity | None:
        """The identity of a journal (or series), or None when the venue has neither ISSN nor title."""
        keys = journal_keys(venue)
        if not keys:
            return None
        ids = {"issn": (venue.issn,)} if venue.issn else {}
        return self._resolve("series" if venue.series and not ids else "journal", keys, ids)

    def person(self, contributor: Contributor) -> Identity:
        """The identity of a person or group (deterministic: ORCID or name)."""
        basis, key = person_key(contributor)
        kind = "group" if contributor.collective and basis == "name" else "person"
        return Identity(iri=f"{self.base}{kind}/{digest(key)}", key=key, basis=basis, keys=(key,))

    def organization(self, org: Organization) -> Identity:
        """The identity of an organisation (deterministic: ROR or name)."""
        basis, key = organization_key(org)
        return Identity(iri=f"{self.base}org/{digest(key)}", key=key, basis=basis, keys=(key,))
