"""Clinical mapping: a record's extracted findings → quads of its work's findings graph (DESIGN §7)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pyoxigraph as ox

from kg._version import __version__
from kg.concepts import curie_iri
from kg.findings import Findings, Mention, Span
from kg.mapping.bib import MappedWork, integer, string
from kg.mapping.provenance import generation
from kg.rdf.namespaces import DCTERMS, OA, OX, SOFTWARE, node

_FIELDS = {"title": DCTERMS.title, "abstract": DCTERMS.abstract}
_TRUE = ox.Literal("true", datatype=OX.XSD.boolean)
_FALSE = ox.Literal("false", datatype=OX.XSD.boolean)


def concept_node(curie: str, base: str) -> ox.NamedNode:
    """The IRI of a lexicon concept: NCIt, MeSH, … by their schemes, local ids under the base."""
    iri = curie_iri(curie)
    if iri is None:
        prefix, _, local = curie.partition(":")
        iri = f"{base}concept/{quote(prefix.lower(), safe='')}/{quote(local, safe='-._~')}"
    return ox.NamedNode(iri)


def lexicon_scheme(kind: str, base: str) -> ox.NamedNode:
    """The SKOS scheme of one lexicon table: ``{base}scheme/{type}`` (drug, disease, response …)."""
    return ox.NamedNode(f"{base}scheme/{kind}")


def boolean(value: bool) -> ox.Literal:
    return _TRUE if value else _FALSE


class ClinicalMapper:
    """Writes the triples of one work's findings."""

    def __init__(self, work: ox.NamedNode, base: str) -> None:
        self.work = work
        self.base = base
        self.concepts: dict[str, tuple[str, str]] = {}

    def concept(self, mention: Mention) -> ox.NamedNode:
        self.concepts.setdefault(mention.concept, (mention.label, mention.type))
        return concept_node(mention.concept, self.base)

    def annotation(self, body: ox.NamedNode, span: Span, motivation) -> Iterator[tuple]:
        """One oa:Annotation with its target and selector, all with IRIs: ``{body}/evidence``
        for a study node, ``{work}/mention/{field}-{start}-{end}`` for a concept mention."""
        if motivation == OA.identifying:
            ann = ox.NamedNode(f"{self.work.value}/mention/{span.field}-{span.start}-{span.end}")
        else:
            ann = ox.NamedNode(f"{body.value}/evidence")
        target = ox.NamedNode(f"{ann.value}/target")
        selector = ox.NamedNode(f"{ann.value}/selector")
        yield ann, OX.RDF.type, OX.OA.Annotation
        yield ann, OX.OA.motivatedBy, node(motivation)
        yield ann, OX.OA.hasBody, body
        yield ann, OX.OA.hasTarget, target
        yield target, OX.RDF.type, OX.OA.SpecificResource
        yield target, OX.OA.hasSource, self.work
        yield target, OX.KGO.textField, node(_FIELDS[span.field])
        yield target, OX.OA.hasSelector, selector
        yield selector, OX.RDF.type, OX.OA.TextPositionSelector
        yield selector, OX.RDF.type, OX.OA.TextQuoteSelector
        yield selector, OX.OA.start, ox.Literal(str(span.start), datatype=OX.XSD.nonNegativeInteger)
        yield selector, OX.OA.end, ox.Literal(str(span.end), datatype=OX.XSD.nonNegativeInteger)
        yield selector, OX.OA.exact, string(span.text)

    def triples(self, findings: Findings) -> Iterator[tuple]:
        for mention in findings.mentions:
            yield from self.annotation(self.concept(mention), mention.span, OA.identifying)
        study = ox.NamedNode(f"{self.work.value}/study")
        arms: dict[int, ox.NamedNode] = {}
        if findings.study is not None:
            yield from self._study(study, findings.study, arms)
        yield from self._outcomes(findings.outcomes, arms)
        yield from self._conclusions(findings, study, arms)
        yield from self._background(findings.background)
        for curie, (label, kind) in self.concepts.items():
            c = concept_node(curie, self.base)
            yield c, OX.RDF.type, OX.SKOS.Concept
            yield c, OX.SKOS.prefLabel, ox.Literal(label, language="en")
            yield c, OX.SKOS.inScheme, lexicon_scheme(kind, self.base)

    def _study(self, study: ox.NamedNode, s, arms: dict[int, ox.NamedNode]) -> Iterator[tuple]:
        """The study node, its cohort and its arms (filling ``arms`` by arm number)."""
        yield study, OX.RDF.type, OX.KGO.ClinicalStudy
        yield study, OX.KGO.reportedIn, self.work
        if s.enrolled is not None:
            yield study, OX.KGO.enrolledCount, integer(s.enrolled)
            yield from self.annotation(study, s.enrolled_span, OA.describing)
        for line in s.treatment_lines:
            yield study, OX.KGO.treatmentLine, self.concept(line)
        if s.prior_therapy is not None:
            yield study, OX.KGO.priorTherapy, self.concept(s.prior_therapy)
        if s.population is not None:
            yield study, OX.KGO.population, self.concept(s.population)
        for index, part in enumerate(s.cohort, start=1):
            c = ox.NamedNode(f"{study.value}/cohort/{index}")
            yield study, OX.KGO.hasCohortComponent, c
            yield c, OX.RDF.type, OX.KGO.CohortComponent
            yield c, OX.KGO.condition, self.concept(part.condition)
            yield c, OX.KGO.count, integer(part.count)
            yield from self.annotation(c, part.span, OA.describing)
        for arm in s.arms:
            a = ox.NamedNode(f"{study.value}/arm/{arm.number}")
            arms[arm.number] = a
            yield from self._arm(study, a, arm)

    def _outcomes(self, outcomes, arms: dict[int, ox.NamedNode]) -> Iterator[tuple]:
        for index, outcome in enumerate(outcomes, start=1):
            f, typing = self._claim("finding", index, OX.KGO.Finding)
            yield from typing
            if outcome.arm in arms:
                yield f, OX.KGO.arm, arms[outcome.arm]
            if outcome.response is not None:
                yield f, OX.KGO.response, self.concept(outcome.response)
            if outcome.observation is not None:
                yield f, OX.KGO.observation, self.concept(outcome.observation)
            for other in outcome.accompanied_by:
                yield f, OX.KGO.accompaniedBy, self.concept(other)
            if outcome.count is not None:
                yield f, OX.KGO.count, integer(outcome.count)
            yield f, OX.KGO.negated, boolean(outcome.negated)
            yield f, OX.KGO.hedged, boolean(outcome.hedged)
            yield from self.annotation(f, outcome.span, OA.describing)

    def _conclusions(self, findings: Findings, study: ox.NamedNode,
                     arms: dict[int, ox.NamedNode]) -> Iterator[tuple]:
        for index, conclusion in enumerate(findings.conclusions, start=1):
            c, typing = self._claim("conclusion", index, OX.KGO.AuthorConclusion)
            yield from typing
            about = arms.get(conclusion.about_arm) if conclusion.about_arm else None
            if about is None and findings.study is not None:
                about = study
            if about is not None:
                yield c, OX.KGO.about, about
            yield c, OX.KGO.judgement, string(conclusion.judgement)
            yield c, OX.KGO.hedged, boolean(conclusion.hedged)
            yield from self.annotation(c, conclusion.span, OA.describing)

    def _background(self, spans) -> Iterator[tuple]:
        for index, span in enumerate(spans, start=1):
            b, typing = self._claim("background", index, OX.KGO.BackgroundClaim)
            yield from typing
            yield b, OX.KGO.extractedFrom, string(span.text)
            yield from self.annotation(b, span, OA.describing)

    def _claim(self, kind: str, index: int, cls) -> tuple[ox.NamedNode, tuple[tuple, ...]]:
        """``{work}/{kind}/{index}`` and its two typing triples (its class, the work it is in)."""
        node_ = ox.NamedNode(f"{self.work.value}/{kind}/{index}")
        return node_, ((node_, OX.RDF.type, cls), (node_, OX.KGO.reportedIn, self.work))

    def _arm(self, study: ox.NamedNode, a: ox.NamedNode, arm) -> Iterator[tuple]:
        yield study, OX.KGO.hasArm, a
        yield a, OX.RDF.type, OX.KGO.StudyArm
        yield a, OX.RDFS.label, string(arm.label)
        if arm.size is not None:
            yield a, OX.KGO.armSize, integer(arm.size)
        if arm.selection:
            yield a, OX.KGO.selectionCriterion, string(arm.selection)
        for k, given in enumerate(arm.administrations, start=1):
            d = ox.NamedNode(f"{a.value}/administration/{k}")
            yield a, OX.KGO.hasAdministration, d
            yield d, OX.RDF.type, OX.KGO.DrugAdministration
            yield d, OX.KGO.agent, self.concept(given.agent)
            if given.dose is not None:
                yield d, OX.KGO.doseValue, ox.Literal(str(given.dose), datatype=OX.XSD.decimal)
            if given.unit:
                yield d, OX.KGO.doseUnit, string(given.unit)
            if given.route is not None:
                yield d, OX.KGO.route, self.concept(given.route)
            for day in given.days:
                yield d, OX.KGO.onDay, integer(day)
            if given.cycle_days is not None:
                yield d, OX.KGO.cycleLengthDays, integer(given.cycle_days)
            yield from self.annotation(d, given.span, OA.describing)
        yield from self.annotation(a, arm.span, OA.describing)


def findings_graph(findings: Findings, mapped: MappedWork, *, base: str,
                   generated_at: str) -> tuple[ox.NamedNode, list[ox.Quad]] | None:
    """The findings graph of a mapped work, or None when its text states nothing."""
    if findings.empty:
        return None
    graph = ox.NamedNode(f"{base}graph/findings/{mapped.identity.hash}")
    mapper = ClinicalMapper(ox.NamedNode(mapped.identity.iri), base)
    triples = dict.fromkeys(mapper.triples(findings))
    extraction = ox.NamedNode(str(SOFTWARE[f"kg-extract/{__version__}"]))
    triples.update(dict.fromkeys(generation(graph, generated_at) + [
        (graph, OX.PROV.wasGeneratedBy, extraction),
        (extraction, OX.RDF.type, OX.PROV.Activity),
        (extraction, OX.RDFS.label, ox.Literal(f"kg clinical extraction {__version__}")),
    ]))
    ordered = sorted(triples, key=lambda t: t[0].value)  # grouped by subject for readable Turtle
    return graph, [ox.Quad(s, p, o, graph) for s, p, o in ordered]
