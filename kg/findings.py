"""Typed clinical findings of one abstract: mentions, study, cohort, arms, outcomes, conclusions; imports nothing from kg."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

_frozen = dict(frozen=True, slots=True, kw_only=True)


class Span(NamedTuple):
    """Code-point offsets into one text field of the work ("title" or "abstract").

    Spans and mentions are the most numerous findings objects (tens per abstract), so they
    are named tuples: as immutable as the frozen dataclasses, and several times cheaper to make."""

    field: str
    start: int
    end: int
    text: str


class Mention(NamedTuple):
    """A lexicon concept named in the text: a drug, disease, response, route, unit, line …"""

    span: Span
    type: str  # "drug" | "disease" | "response" | "observation" | "route" | "unit" | "treatment_line"
    concept: str  # CURIE, e.g. "MESH:D013311", "NCIT:C18213", "KG:tumour-marker-reduction"
    label: str  # the concept's preferred label


@dataclass(**_frozen)
class Administration:
    """One agent of a regimen with what the text states of dose, unit, route and days."""

    agent: Mention
    dose: Decimal | None = None
    unit: str | None = None  # UCUM code, "mg/m2"
    route: Mention | None = None
    days: tuple[int, ...] = ()
    cycle_days: int | None = None
    span: Span


@dataclass(**_frozen)
class CohortComponent:
    """Part of the enrolled patients: a condition and how many had it."""

    condition: Mention
    count: int
    span: Span


@dataclass(**_frozen)
class Arm:
    """A treatment group: its size, selection, agents and administrations, as stated."""

    number: int  # 1-based, in order of mention
    label: str  # the words that introduce it ("radiometabolic therapy with metaiodobenzylguanidine")
    size: int | None
    selection: str | None
    agents: tuple[Mention, ...]
    administrations: tuple[Administration, ...]
    span: Span


@dataclass(**_frozen)
class Outcome:
    """A measured result for an arm (or the study): a response category or an observation."""

    arm: int | None  # Arm.number, None when the text does not tie it to an arm
    response: Mention | None
    observation: Mention | None
    count: int | None
    negated: bool
    hedged: bool
    accompanied_by: tuple[Mention, ...]
    span: Span


@dataclass(**_frozen)
class Conclusion:
    """A judgement of the authors, apart from measured results."""

    about_arm: int | None  # None: about the study's treatment as a whole
    judgement: str
    hedged: bool
    span: Span


@dataclass(**_frozen)
class Study:
    """What the abstract states about the study population and design."""

    enrolled: int | None
    enrolled_span: Span | None
    treatment_lines: tuple[Mention, ...]
    prior_therapy: Mention | None
    population: Mention | None
    cohort: tuple[CohortComponent, ...]
    arms: tuple[Arm, ...]


@dataclass(**_frozen)
class Findings:
    """Everything extracted from one title and abstract."""

    mentions: tuple[Mention, ...]
    study: Study | None
    outcomes: tuple[Outcome, ...]
    conclusions: tuple[Conclusion, ...]
    background: tuple[Span, ...]

    @property
    def empty(self) -> bool:
        return not (self.mentions or self.study or self.outcomes or self.conclusions)


def _span(span: Span | None) -> dict | None:
    return None if span is None else {"field": span.field, "start": span.start, "end": span.end,
                                      "text": span.text}


def _mention(mention: Mention | None) -> dict | None:
    if mention is None:
        return None
    return {"concept": mention.concept, "label": mention.label, "type": mention.type,
            "span": _span(mention.span)}


def findings_as_dict(findings: Findings) -> dict:
    """A JSON-ready dict of the findings (doses as strings, so no precision is lost)."""
    study = findings.study
    return {
        "study": None if study is None else {
            "enrolled": study.enrolled, "enrolled_span": _span(study.enrolled_span),
            "treatment_lines": [_mention(m) for m in study.treatment_lines],
            "prior_therapy": _mention(study.prior_therapy),
            "population": _mention(study.population),
            "cohort": [{"condition": _mention(c.condition), "count": c.count, "span": _span(c.span)}
                       for c in study.cohort],
            "arms": [{
                "number": arm.number, "label": arm.label, "size": arm.size,
                "selection": arm.selection, "agents": [_mention(m) for m in arm.agents],
                "administrations": [{
                    "agent": _mention(a.agent), "dose": None if a.dose is None else str(a.dose),
                    "unit": a.unit, "route": _mention(a.route), "days": list(a.days),
                    "cycle_days": a.cycle_days, "span": _span(a.span)} for a in arm.administrations],
                "span": _span(arm.span)} for arm in study.arms],
        },
        "outcomes": [{"arm": o.arm, "response": _mention(o.response),
                      "observation": _mention(o.observation), "count": o.count,
                      "negated": o.negated, "hedged": o.hedged,
                      "accompanied_by": [_mention(m) for m in o.accompanied_by],
                      "span": _span(o.span)} for o in findings.outcomes],
        "conclusions": [{"about_arm": c.about_arm, "judgement": c.judgement, "hedged": c.hedged,
                         "span": _span(c.span)} for c in findings.conclusions],
        "background": [_span(s) for s in findings.background],
        "mentions": [_mention(m) for m in findings.mentions],
    }
