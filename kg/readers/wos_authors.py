"""Web of Science author fields: AU/AF names, C1 addresses per author, OI ORCIDs and RI ResearcherIDs; imports: kg.model, kg.identity, kg.readers.

Names: AF ("Family, Given") is preferred over AU, CA is a group author. Some records write AF
family-first without a comma ("Zhang Zhi-Wei" beside AU "Zhang, ZW"): the AU line of the same
author says which words are the family name. C1 "[Author A; Author B] Address" gives
affiliations per author (an address without names is attached only when the record has one
author). OI "Name/ORCID; …" and RI "Name/ResearcherID; …" give ids by name, matched to an
author by the AF or AU form or by family name and first initial.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import re

from kg.identity.normalize import clean_text, norm_key, normalize_orcid
from kg.identity.source_ids import identifiers, normalize_researcherid
from kg.model import Contributor
from kg.readers.citation_fields import (collective, looks_collective, organizations, person, person_from_inverted,
                                        split_values)

_AFFILIATED = re.compile(r"^\[([^\]]*)\]\s*(.*)$")
_ID_ENTRY = re.compile(r"^(.*)/(\S+)$")


def contributors(fields: dict[str, list[str]]) -> tuple[Contributor, ...]:
    """The authors of a record in order (AF, else AU), then its CA group authors."""
    full = _names(fields.get("AF", []))
    short = _names(fields.get("AU", []))
    names = full if full and (not short or len(full) == len(short)) else short or full
    orcids = _ids_by_name(_entries(fields, "OI"), normalize_orcid)
    researcher_ids = _ids_by_name(_entries(fields, "RI"), normalize_researcherid)
    addresses = _addresses(fields.get("C1", []))
    unassigned = [address for names_, address in addresses if not names_]
    out: list[Contributor] = []
    for position, name in enumerate(names):
        abbreviated = short[position] if len(short) == len(names) else None
        contributor = _person(name, abbreviated)
        keys = [norm_key(name)] + ([norm_key(abbreviated)] if abbreviated else [])
        affiliations = organizations(address for names_, address in addresses
                                     if any(key in names_ for key in keys))
        if not affiliations and len(names) == 1 and unassigned:
            affiliations = organizations(unassigned)
        initials = contributor.initials
        if abbreviated and "," in abbreviated:
            initials = re.sub(r"[^A-Z]", "", abbreviated.partition(",")[2]) or initials
        keys.append(_short_key(contributor))
        out.append(Contributor(
            name=contributor.name, given=contributor.given, family=contributor.family,
            initials=initials, orcid=_found(orcids, keys), affiliations=affiliations,
            identifiers=identifiers([("researcherid", _found(researcher_ids, keys))]),
            collective=contributor.collective))
    for group in _names(fields.get("CA", [])):
        member = collective(group)
        if member is not None:
            out.append(member)
    return tuple(out)


def _names(values: list[str]) -> list[str]:
    """Author names, one per line; some variants (WoS-hosted MEDLINE) put them on one line."""
    out = []
    for value in values:
        out.extend(split_values(value, ";") if ";" in value else [clean_text(value) or ""])
    return [n for n in out if n and n != "-"]


def _person(name: str, abbreviated: str | None) -> Contributor:
    """The author named ``name`` (AF or AU form); an AF name without a comma is split where the
    family name of the AU form ("Zhang, ZW") says, whichever end of the name it stands at."""
    if "," not in name and abbreviated and "," in abbreviated and not looks_collective(name):
        family_key = norm_key(abbreviated.partition(",")[0])
        words = name.split(" ")
        for cut in range(1, len(words)):
            if norm_key(" ".join(words[:cut])) == family_key:  # "Zhang Zhi-Wei"
                return person(" ".join(words[cut:]), " ".join(words[:cut]))
            if norm_key(" ".join(words[-cut:])) == family_key:  # "Zhi-Wei Zhang"
                return person(" ".join(words[:-cut]), " ".join(words[-cut:]))
    return person_from_inverted(name) or Contributor(name=name)


def _entries(fields: dict[str, list[str]], tag: str) -> list[str]:
    value = clean_text(" ".join(fields.get(tag, [])))
    return split_values(value) if value and value != "-" else []


def _ids_by_name(entries: Iterable[str], normalize: Callable[[str], str | None]) -> dict[str, str]:
    """An id by name key from "Family, Given/ID" entries, also by family + first initial (that
    short key is dropped when two people with different ids share it)."""
    out: dict[str, str] = {}
    short: dict[str, str | None] = {}
    for entry in entries:
        match = _ID_ENTRY.match(entry)
        value = normalize(match.group(2)) if match else None
        if not value:
            continue
        out.setdefault(norm_key(match.group(1)), value)
        named = person_from_inverted(match.group(1))
        key = _short_key(named) if named else None
        if key:
            short[key] = value if short.get(key, value) == value else None
    out.update({k: v for k, v in short.items() if v and k not in out})
    return out


def _found(ids: dict[str, str], keys: list[str | None]) -> str | None:
    return next((ids[key] for key in keys if key and key in ids), None)


def _short_key(contributor: Contributor) -> str | None:
    if not contributor.family or not contributor.given:
        return None
    return f"{norm_key(contributor.family)}|{norm_key(contributor.given)[:1]}"


def _addresses(lines: list[str]) -> list[tuple[set[str], str]]:
    """C1 lines as (name keys, address); names are empty for an address without "[…]"."""
    out = []
    for line in lines:
        line = clean_text(line)
        if not line:
            continue
        match = _AFFILIATED.match(line)
        if match:
            names = {norm_key(n) for n in match.group(1).split(";") if n.strip()}
            out.append((names, match.group(2)))
        else:
            out.append((set(), line))
    return out
