"""Scoring extract_findings on the hand-annotated oncology development set, category by category.

The gold (``tests/data/devset/oncology.json``) names each abstract by corpus file and record id
and holds only the annotated values with code-point offsets; the abstracts are read in place
through kg's readers.  Every category is scored as precision, recall and F1 over one-to-one
matches (a maximum bipartite matching, so no item is counted twice).  The matching rules:

drugs
    Gold: each agent the study gave (supportive agents and named regimens such as "CHOP"
    included; prior therapies, background mentions and placebo excluded), once per abstract.
    Predicted: the abstract's mentions of type "drug", one item per concept.  They match when
    the concepts are equal, or a mention's normalised words equal the gold name, evidence or an
    alias (normalised: casefolded, letters and digits only, so "cis-platin" = "cisplatin"), or
    a mention overlaps the gold evidence span.
drugs_in_arms
    The same gold, against the agents the extractor puts in its arms and administrations
    (its claim that the study gave the drug).
doses
    (drug, value, UCUM unit) from the arms' administrations: same drug (by the drug rule),
    equal Decimal value and equal unit after light normalisation ("/day" = "/d",
    "/week" = "/wk", "µg" = "mcg" = "ug", "[iU]" = "[IU]").  A gold dose written "200 mg
    daily" lists "mg/d" under ``also_accepted_units``; either unit matches.
routes
    (drug, route) from the administrations: same drug and same route (NCIT/KG route concept
    mapped to "intravenous", "oral", "subcutaneous", ...).
schedules
    Atoms: (drug, day set) and (drug, cycle length in days), from the administrations' ``days``
    and ``cycle_days``; same drug and an equal value.  Gold ``frequency`` ("daily", "twice
    daily") is recorded but not scored: Administration has no field for it.
arm_sizes
    Predicted arms with a size.  A predicted arm matches a gold arm when the size equals the
    gold size (or one of its ``also_accepted`` sizes) and either an agent matches one of the
    gold arm's agents, or the labels share a content word, or the abstract has one gold arm.
responses_with_counts
    Gold responses and efficacy outcomes with a stated patient count.  Predicted: outcomes
    not negated with a count, their response or observation concept mapped to a category
    (``CATEGORY_OF``), plus each ``accompanied_by`` observation with the outcome's count;
    one item per category, count and clause (so "complete response (CR)" is one claim).
    Same category and same count; the arm is not required.
negations
    Gold findings stated not to have occurred.  Predicted: negated outcomes, one per category
    and clause.  Same category, or the predicted response/observation mention overlaps the
    gold evidence span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
import re

from kg.findings import Administration, Arm, Findings, Mention
from kg.training.evaluate import Score

CATEGORIES = ("drugs", "drugs_in_arms", "doses", "routes", "schedules", "arm_sizes",
              "responses_with_counts", "negations")
GOLD_LISTS = ("drugs", "doses", "routes", "schedules", "arm_sizes", "responses", "negations")
TAGGER_TRAINING_FILE = "bc5cdr/CDR_TrainingSet.PubTator.txt"  # the NER model was trained on it

CATEGORY_OF = {
    "NCIT:C4870": "complete_response", "NCIT:C18058": "partial_response",
    "NCIT:C18213": "stable_disease", "KG:no-change": "stable_disease",
    "NCIT:C35571": "progressive_disease", "NCIT:C17747": "progressive_disease",
    "KG:objective-response": "objective_response", "NCIT:C123598": "minor_response",
    "NCIT:C123600": "no_response", "NCIT:C123618": "very_good_partial_response",
    "KG:symptom-relief": "symptom_relief", "KG:tumor-marker-reduction": "tumour_marker_reduction",
    "KG:subjective-improvement": "subjective_improvement",
}
ROUTE_OF = {"NCIT:C38276": "intravenous"}
_UNIT_SPELLINGS = (("/day", "/d"), ("/week", "/wk"), ("µg", "ug"), ("mcg", "ug"), ("μg", "ug"),
                   ("[iU]", "[IU]"))
_GENERIC = frozenset({"with", "plus", "alone", "group", "arm", "therapy", "treatment", "patients",
                      "given", "receiving", "regimen", "dose", "cycles", "cycle", "combination"})
_WORD = re.compile(r"[a-z0-9]{3,}")


def norm(text: str) -> str:
    """Words for comparison: casefolded, letters and digits only."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def unit_key(unit: str | None) -> str | None:
    """A UCUM code compared loosely: no spaces, "/day" = "/d", "/week" = "/wk", "mcg" = "ug",
    "[iU]" = "[IU]" (UCUM defines both)."""
    if unit is None:
        return None
    out = unit.replace(" ", "")
    for old, new in _UNIT_SPELLINGS:
        out = out.replace(old, new)
    return out


def route_key(concept: str) -> str:
    """"NCIT:C38276" → "intravenous"; "KG:route-oral" → "oral"."""
    return ROUTE_OF.get(concept) or concept.partition(":")[2].removeprefix("route-")


def category_key(mention: Mention) -> str:
    """The response category of a response or observation mention."""
    return CATEGORY_OF.get(mention.concept) or re.sub(r"\W+", "_", mention.label.casefold()).strip("_")


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldDrug:
    """One gold agent: its name, concept, evidence span and the other words naming it."""

    name: str
    concept: str | None
    start: int
    end: int
    names: frozenset[str]

    def matches(self, mention: Mention) -> bool:
        if self.concept and mention.concept == self.concept:
            return True
        if norm(mention.span.text) in self.names:
            return True
        return (mention.span.field == "abstract" and mention.span.start < self.end
                and self.start < mention.span.end)


def _gold_drugs(item: dict) -> dict[str, GoldDrug]:
    return {d["name"]: GoldDrug(name=d["name"], concept=d.get("concept"), start=d["start"],
                                end=d["end"],
                                names=frozenset(norm(n) for n in (d["name"], d["text"],
                                                                  *d.get("aliases", ())) if n))
            for d in item["drugs"]}


def max_matching(gold: Sequence, pred: Sequence, ok: Callable[[object, object], bool]) -> int:
    """The size of a maximum one-to-one matching between gold and predicted items."""
    edges = [[j for j, p in enumerate(pred) if ok(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(gold)) if augment(i, set()))


@dataclass(frozen=True, slots=True, kw_only=True)
class AbstractScore:
    """One abstract's counts per category, with what was missed and what was spurious."""

    id: str
    held_out: bool  # False for abstracts the shipped NER model was trained on
    scores: dict[str, Score]
    missed: dict[str, tuple[str, ...]]
    spurious: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Scores of the development set: totals per category, also over held-out abstracts only."""

    path: str
    abstracts: tuple[AbstractScore, ...]

    def totals(self, *, held_out_only: bool = False) -> dict[str, Score]:
        chosen = [a for a in self.abstracts if a.held_out or not held_out_only]
        return {c: Score(tp=sum(a.scores[c].tp for a in chosen), fp=sum(a.scores[c].fp for a in chosen),
                         fn=sum(a.scores[c].fn for a in chosen)) for c in CATEGORIES}

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "abstracts": len(self.abstracts),
                "held_out_abstracts": sum(a.held_out for a in self.abstracts),
                "totals": {k: v.as_dict() for k, v in self.totals().items()},
                "held_out_totals": {k: v.as_dict() for k, v in self.totals(held_out_only=True).items()},
                "per_abstract": [{"id": a.id, "held_out": a.held_out,
                                  "scores": {k: v.as_dict() for k, v in a.scores.items()},
                                  "missed": {k: list(v) for k, v in a.missed.items() if v},
                                  "spurious": {k: list(v) for k, v in a.spurious.items() if v}}
                                 for a in self.abstracts]}

    def format_table(self) -> str:
        """A plain-text table: one row per category, all abstracts and held-out ones."""
        held = sum(a.held_out for a in self.abstracts)
        head = f"{'category':<24}{'gold':>6}{'pred':>6}{'TP':>6}{'P':>8}{'R':>8}{'F1':>8}   {'F1 held-out':>11}"
        title = (f"{self.path}: {len(self.abstracts)} abstracts "
                 f"({held} not in the NER model's training file)")
        lines = [title, head, "-" * len(head)]
        held_totals = self.totals(held_out_only=True)
        for name, s in self.totals().items():
            lines.append(f"{name:<24}{s.tp + s.fn:>6}{s.tp + s.fp:>6}{s.tp:>6}{s.precision:>8.3f}"
                         f"{s.recall:>8.3f}{s.f1:>8.3f}   {held_totals[name].f1:>11.3f}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """One category of one abstract: gold and predicted items, when a pair matches, and how
    each side is named in the error lists."""

    gold: list
    pred: list
    ok: Callable[[object, object], bool]
    show_gold: Callable[[object], str]
    show_pred: Callable[[object], str]

    def score(self) -> tuple[Score, tuple[str, ...], tuple[str, ...]]:
        matched = max_matching(self.gold, self.pred, self.ok)
        missed = tuple(self.show_gold(g) for g in self.gold if not any(self.ok(g, p) for p in self.pred))
        spurious = tuple(self.show_pred(p) for p in self.pred if not any(self.ok(g, p) for g in self.gold))
        return Score(tp=matched, fp=len(self.pred) - matched, fn=len(self.gold) - matched), missed, spurious


def _unique(items: Iterable, key) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    """The gold abstract and the extractor's findings, as the category rules read them."""

    item: dict
    drugs: dict[str, GoldDrug]
    findings: Findings
    arms: tuple[Arm, ...]
    admins: tuple[Administration, ...]

    def same_drug(self, name: str, mention: Mention) -> bool:
        return name in self.drugs and self.drugs[name].matches(mention)


def _group_by_concept(mentions: Iterable[Mention]) -> list[list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.concept, []).append(mention)
    return list(groups.values())


def _drug_comparison(c: _Context, groups: list[list[Mention]]) -> Comparison:
    return Comparison(gold=list(c.drugs.values()), pred=groups,
                      ok=lambda g, ms: any(g.matches(m) for m in ms),
                      show_gold=lambda g: g.name, show_pred=lambda ms: f"{ms[0].span.text} [{ms[0].concept}]")


def _drugs(c: _Context) -> Comparison:
    return _drug_comparison(c, _group_by_concept(
        m for m in c.findings.mentions if m.type == "drug" and m.span.field == "abstract"))


def _drugs_in_arms(c: _Context) -> Comparison:
    return _drug_comparison(c, _group_by_concept(
        [a for arm in c.arms for a in arm.agents] + [a.agent for a in c.admins]))


def _doses(c: _Context) -> Comparison:
    def units(g):
        return {unit_key(u) for u in (g["unit"], *g.get("also_accepted_units", ()))}
    return Comparison(
        gold=_unique(c.item["doses"], lambda d: (d["drug"], Decimal(d["value"]), unit_key(d["unit"]))),
        pred=_unique([a for a in c.admins if a.dose is not None],
                     lambda a: (a.agent.concept, a.dose, unit_key(a.unit))),
        ok=lambda g, a: (Decimal(g["value"]) == a.dose and unit_key(a.unit) in units(g)
                         and c.same_drug(g["drug"], a.agent)),
        show_gold=lambda g: f"{g['drug']} {g['value']} {g['unit']}",
        show_pred=lambda a: f"{a.agent.span.text} {a.dose} {a.unit}")


def _routes(c: _Context) -> Comparison:
    return Comparison(
        gold=_unique(c.item["routes"], lambda r: (r["drug"], r["route"])),
        pred=_unique([a for a in c.admins if a.route is not None],
                     lambda a: (a.agent.concept, route_key(a.route.concept))),
        ok=lambda g, a: g["route"] == route_key(a.route.concept) and c.same_drug(g["drug"], a.agent),
        show_gold=lambda g: f"{g['drug']} {g['route']}",
        show_pred=lambda a: f"{a.agent.span.text} {route_key(a.route.concept)}")


def _show_atom(atom) -> str:
    who = atom[0] if isinstance(atom[0], str) else atom[0].span.text
    return f"{who} {atom[1]} {sorted(atom[2]) if atom[1] == 'days' else atom[2]}"


def _schedules(c: _Context) -> Comparison:
    schedules = c.item["schedules"]
    gold = ([(s["drug"], "days", frozenset(s["days"])) for s in schedules if s.get("days")]
            + [(s["drug"], "cycle", s["cycle_days"]) for s in schedules if s.get("cycle_days")])
    pred = ([(a.agent, "days", frozenset(a.days)) for a in c.admins if a.days]
            + [(a.agent, "cycle", a.cycle_days) for a in c.admins if a.cycle_days])
    return Comparison(gold=_unique(gold, lambda x: x),
                      pred=_unique(pred, lambda x: (x[0].concept, x[1], x[2])),
                      ok=lambda g, p: g[1:] == p[1:] and c.same_drug(g[0], p[0]),
                      show_gold=_show_atom, show_pred=_show_atom)


def _label_words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold())) - _GENERIC


def _arm_sizes(c: _Context) -> Comparison:
    gold = c.item["arm_sizes"]
    single = len(gold) == 1

    def ok(g, arm) -> bool:
        if arm.size not in {g["size"], *g.get("also_accepted", ())}:
            return False
        return (single or any(c.same_drug(name, m) for name in g["agents"] for m in arm.agents)
                or bool(_label_words(g["label"]) & _label_words(arm.label)))

    return Comparison(gold=gold, pred=[a for a in c.arms if a.size is not None], ok=ok,
                      show_gold=lambda g: f"{g['label']} = {g['size']}",
                      show_pred=lambda a: f"{a.label} = {a.size}")


def _responses(c: _Context) -> Comparison:
    pred = [(category_key(mention), outcome.count, mention, outcome.span.start)
            for outcome in c.findings.outcomes if not outcome.negated and outcome.count is not None
            for mention in (outcome.response or outcome.observation, *outcome.accompanied_by)]
    return Comparison(gold=[r for r in c.item["responses"] if r.get("count") is not None],
                      pred=_unique(pred, lambda p: (p[0], p[1], p[3])),
                      ok=lambda g, p: g["category"] == p[0] and g["count"] == p[1],
                      show_gold=lambda g: f"{g['category']} = {g['count']} ({g['text']!r})",
                      show_pred=lambda p: f"{p[0]} = {p[1]} ({p[2].span.text!r})")


def _negations(c: _Context) -> Comparison:
    pred = [(category_key(o.response or o.observation), o.response or o.observation, o.span.start)
            for o in c.findings.outcomes if o.negated]

    def ok(g, p) -> bool:
        span = p[1].span
        return g["finding"] == p[0] or (span.field == "abstract" and span.start < g["end"]
                                        and g["start"] < span.end)

    return Comparison(gold=c.item["negations"], pred=_unique(pred, lambda p: (p[0], p[2])), ok=ok,
                      show_gold=lambda g: f"{g['finding']} ({g['text']!r})",
                      show_pred=lambda p: f"{p[0]} ({p[1].span.text!r})")


RULES: dict[str, Callable[[_Context], Comparison]] = {
    "drugs": _drugs, "drugs_in_arms": _drugs_in_arms, "doses": _doses, "routes": _routes,
    "schedules": _schedules, "arm_sizes": _arm_sizes, "responses_with_counts": _responses,
    "negations": _negations,
}


def score_abstract(item: dict, findings: Findings) -> AbstractScore:
    """Compare one abstract's gold with the extractor's findings, category by category."""
    arms = findings.study.arms if findings.study else ()
    context = _Context(item=item, drugs=_gold_drugs(item), findings=findings, arms=arms,
                       admins=tuple(a for arm in arms for a in arm.administrations))
    scores, missed, spurious = {}, {}, {}
    for category in CATEGORIES:
        scores[category], missed[category], spurious[category] = RULES[category](context).score()
    return AbstractScore(id=item["id"], held_out=item["file"] != TAGGER_TRAINING_FILE,
                         scores=scores, missed=missed, spurious=spurious)
