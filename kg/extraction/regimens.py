"""Drug administrations: dose, unit, route, days and cycle length bound to the drug they follow."""

from __future__ import annotations

import re

from kg.extraction.numbers import count_value, decimal_value
from kg.extraction.text import Field, word_search
from kg.findings import Administration, Mention

_DAYS = re.compile(r"\b(?:on\s+)?days?\s+(\d{1,3}(?:\s*(?:,\s*and|,|and|to|through|-|–)\s*\d{1,3}){0,30})",
                   re.I)
_DAY_RANGE = re.compile(r"(\d{1,3})\s*(?:-|–|to|through)\s*(\d{1,3})")
_CYCLE = re.compile(r"\bevery\s+(\w{1,9})\s+(days?|weeks?)\b|\bq(\d{1,2})(d|w)\b"
                    r"|\b(\d{1,2})-(day|week)\s+cycles?\b", re.I)
_NUMBER = re.compile(r"\d{1,9}(?:[.,]\d{1,6})?")


def parse_days(text: str) -> tuple[int, ...]:
    """"1, 2, 3" → (1, 2, 3); "1-5" → (1, …, 5); "1 and 8" → (1, 8)."""
    days: list[int] = []
    rest = text
    for match in _DAY_RANGE.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        if 0 < first <= last <= first + 60:
            days.extend(range(first, last + 1))
    rest = _DAY_RANGE.sub(" ", text)
    days.extend(int(n) for n in re.findall(r"\d{1,3}", rest))
    return tuple(sorted({d for d in days if 0 < d <= 366}))


def _cycle_days(text: str) -> int | None:
    match = _CYCLE.search(text)
    if not match:
        return None
    if match.group(1):
        value, unit = count_value(match.group(1)), match.group(2)
    elif match.group(3):
        value, unit = int(match.group(3)), match.group(4)
    else:
        value, unit = int(match.group(5)), match.group(6)
    if value is None:
        return None
    return value * 7 if unit.casefold().startswith("w") else value


def administrations(field: Field, start: int, end: int, agents: list[Mention]) -> tuple[Administration, ...]:
    """One administration per agent in [start, end); what follows an agent up to the next
    agent is read for its dose, unit, route, days and cycle length."""
    out: list[Administration] = []
    seen: set[str] = set()
    ordered = sorted(agents, key=lambda m: m.span.start)
    for index, agent in enumerate(ordered):
        if agent.concept in seen:
            continue
        seen.add(agent.concept)
        window_end = end
        for later in ordered[index + 1:]:
            if later.concept != agent.concept:
                window_end = later.span.start
                break
        window = field.text[agent.span.end:window_end]
        offset = agent.span.end
        dose, unit, last = None, None, agent.span.end
        units = field.mentions_in(offset, window_end, "unit")
        if units:
            first_unit = units[0]
            before = field.text[offset:first_unit.span.start].rstrip()
            number = _NUMBER.search(before[-14:]) if before else None
            if number and before.endswith(number.group()) and len(before) <= 40:
                dose = decimal_value(number.group())
                unit = first_unit.concept.partition(":")[2] or None
                last = first_unit.span.end
        first_at = agent.span.start
        if dose is None:  # "60 mg/m2 of doxorubicin"
            leading = _dose_before(field, max(start, agent.span.start - 40), agent.span.start)
            if leading is not None:
                dose, unit, first_at = leading
        routes = field.mentions_in(offset, window_end, "route")
        route = routes[0] if routes else None
        if route is not None:
            last = max(last, route.span.end)
        days: tuple[int, ...] = ()
        lowered = field.lowered[offset:window_end]  # cheap tests before the patterns
        day_match = _DAYS.search(window) if "day" in lowered else None
        if day_match:
            days = parse_days(day_match.group(1))
            last = max(last, offset + day_match.end())
        cycle = _cycle_days(window) if ("every" in lowered or "q" in lowered
                                        or "cycle" in lowered) else None
        out.append(Administration(agent=agent, dose=dose, unit=unit if dose is not None else None,
                                  route=route, days=days, cycle_days=cycle,
                                  span=field.span(first_at, last)))
    return tuple(out)


_SCHEDULE_WORD = re.compile(r"days?|every|weekly|cycles?|q\d")  # for word_search on lowered text
_OF = re.compile(r"\s*(?:of|per\s+day\s+of|daily\s+of)\s+$", re.I)


def _dose_before(field: Field, start: int, position: int) -> tuple | None:
    """(dose, unit, start) of "<number> <unit> of" right before a drug."""
    units = field.mentions_in(start, position, "unit")
    if not units:
        return None
    unit = units[-1]
    if not _OF.fullmatch(field.text[unit.span.end:position]):
        return None
    before = field.text[start:unit.span.start].rstrip()
    number = _NUMBER.search(before[-14:]) if before else None
    if not number or not before.endswith(number.group()):
        return None
    value = decimal_value(number.group())
    if value is None:
        return None
    return value, unit.concept.partition(":")[2] or None, start + len(before) - len(number.group())


def regimens(field: Field, sentences: range) -> list[tuple[int, tuple[Administration, ...]]]:
    """Sentences (by index) that give drugs with a dose, route or schedule, and those
    administrations: the regimen of a study that names no arms."""
    found = []
    for index in sentences:
        start, end = field.sentences[index]
        kinds = field.types_in_sentence(index)
        if "drug" not in kinds or ("unit" not in kinds and "route" not in kinds
                                   and not word_search(_SCHEDULE_WORD, field.lowered, start, end)):
            continue  # no drug, or no dose, route or schedule in the sentence: nothing to bind
        drugs = field.mentions_in(start, end, "drug")
        given = tuple(a for a in administrations(field, start, end, drugs)
                      if a.dose is not None or a.route is not None or a.days or a.cycle_days)
        if given:
            found.append((index, given))
    return found
