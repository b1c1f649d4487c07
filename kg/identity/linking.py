"""Conservative author linking across name forms: which person nodes are one person, and why.

A name-keyed person ("M. C. Garassino") is linked to another person node ("Marina Chiara
Garassino", or one keyed by ORCID) only when

* the family names are equal once normalised (case, accents, hyphens and spaces folded), and the
  given names are compatible: token by token, two full names are equal and an initial matches
  a name's first letter ("M C" ~ "Marina Chiara"; "Mario" never ~ "Marina"; "Wei" never ~
  "Wei-Na", though "Rachel" ~ "Rachel A");
* they share evidence: a journal or an affiliation, or at least two co-authors (by family name
  and first initial: one shared "Li J" says little among common names);
* they never wrote one work together (two authors of one paper are two people), and no
  identifier scheme would end up with two values in one person (never across two ORCIDs,
  however the links chain).

Everything here is a pure function of the facts given, sorted, so the same store gives the
same links whatever order it was loaded in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
import re

from kg.identity.normalize import norm_key

_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,3}$")
_SPLIT = re.compile(r"[\s.\-‐]+")
EVIDENCE_LIMIT = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonFacts:
    """What the store says of one person node."""

    iri: str
    name: str
    given: str | None = None
    family: str | None = None
    ids: frozenset[tuple[str, str]] = frozenset()  # (scheme, value): orcid, scopus, openalex …
    works: frozenset[str] = frozenset()
    coauthors: frozenset[str] = frozenset()  # co-authors' block keys ("family|initial")
    venues: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonLink:
    """Two person nodes taken for one person, the rule that linked them and the shared evidence."""

    first: str
    second: str
    rule: str
    evidence: tuple[str, ...]


def name_parts(name: str, given: str | None = None, family: str | None = None) -> tuple[str, tuple[str, ...]]:
    """(family key, given-name tokens, lower-cased; an initial is one letter) of a name."""
    if family:
        if not given:  # "MC Garassino" with only the family structured: the rest is the given part
            given = re.sub(re.escape(family), " ", name, count=1, flags=re.IGNORECASE)
        return norm_key(family), _given_tokens(given)
    if "," in name:
        family_part, _, given_part = name.partition(",")
        return norm_key(family_part), _given_tokens(given_part)
    words = name.split()
    if len(words) > 1 and all(_INITIALS.match(w) for w in words[1:]):  # "Garassino MC"
        return norm_key(words[0]), _given_tokens(" ".join(words[1:]))
    return norm_key(words[-1]) if words else "", _given_tokens(" ".join(words[:-1]))


def _given_tokens(text: str) -> tuple[str, ...]:
    tokens: list[str] = []
    for word in text.split():
        if _INITIALS.match(word) and not word.endswith(".") and len(word.rstrip(".")) > 1:
            tokens.extend(ch.lower() for ch in word if ch.isalpha())  # "MC" is two initials
            continue
        tokens.extend(norm_key(part) for part in _SPLIT.split(word) if norm_key(part))
    return tuple(tokens)


def block_key(name: str, given: str | None = None, family: str | None = None) -> str | None:
    """``family|first initial``: only names sharing it are compared; None when either is missing."""
    family_key, tokens = name_parts(name, given, family)
    return f"{family_key}|{tokens[0][0]}" if family_key and tokens else None


def given_compatible(one: tuple[str, ...], two: tuple[str, ...]) -> bool:
    """Token by token: full names equal, an initial matching a name's first letter."""
    if not one or not two:
        return False
    for a, b in zip(one, two):
        if len(a) > 1 and len(b) > 1 and a != b:
            return False
        if a[0] != b[0]:
            return False
    shorter, longer = sorted((one, two), key=len)
    extra = longer[len(shorter):]
    # A missing middle initial is a shorter form ("Rachel" ~ "Rachel A"); a missing full name is
    # another name ("Wei" is not "Wei-Na"), unless the shorter form is initials only.
    return not (any(len(token) > 1 for token in extra) and any(len(token) > 1 for token in shorter))


def link_persons(people: Iterable[PersonFacts]) -> list[PersonLink]:
    """The links between compatible person nodes with shared evidence, identifiers guarded."""
    blocks: dict[str, list[PersonFacts]] = defaultdict(list)
    for person in sorted(people, key=lambda p: p.iri):
        key = block_key(person.name, person.given, person.family)
        if key is not None:
            blocks[key].append(person)
    clusters = _Clusters()
    links: list[PersonLink] = []
    for key in sorted(blocks):
        members = blocks[key]
        for i, one in enumerate(members):
            for two in members[i + 1:]:
                link = _link(one, two)
                if link is not None and clusters.join(one, two):
                    links.append(link)
    return links


def _link(one: PersonFacts, two: PersonFacts) -> PersonLink | None:
    if one.works & two.works:
        return None  # two authors of one work are two people
    if not given_compatible(name_parts(one.name, one.given, one.family)[1],
                            name_parts(two.name, two.given, two.family)[1]):
        return None
    own = {block_key(one.name, one.given, one.family)}
    evidence = sorted((one.coauthors & two.coauthors) - own) + sorted(one.venues & two.venues) + sorted(
        one.organizations & two.organizations)
    if len(evidence) < 2 and not any(item.startswith(("http://", "https://")) for item in evidence):
        return None
    rule = "same-name" if one.name == two.name else "compatible-name"
    return PersonLink(first=one.iri, second=two.iri, rule=rule, evidence=tuple(evidence[:EVIDENCE_LIMIT]))


class _Clusters:
    """Union-find over person nodes that refuses a union holding two values of one scheme."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.ids: dict[str, dict[str, str]] = {}

    def find(self, person: PersonFacts) -> str:
        iri = person.iri
        if iri not in self.parent:
            self.parent[iri] = iri
            self.ids[iri] = dict(sorted(person.ids))
        while self.parent[iri] != iri:
            self.parent[iri] = self.parent[self.parent[iri]]
            iri = self.parent[iri]
        return iri

    def join(self, one: PersonFacts, two: PersonFacts) -> bool:
        a, b = self.find(one), self.find(two)
        if a == b:
            return False
        ids_a, ids_b = self.ids[a], self.ids[b]
        if any(scheme in ids_b and ids_b[scheme] != value for scheme, value in ids_a.items()):
            return False  # never across two ORCIDs (or two ids of any one scheme)
        root, other = sorted((a, b))
        self.parent[other] = root
        self.ids[root] = {**ids_b, **ids_a}
        return True
