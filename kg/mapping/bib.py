"""Bibliographic mapping: a Record and its minted identities → quads of the record's graph (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.identity.mint import Identity, IdentityRegistry, digest
from kg.identity.normalize import norm_key
from kg.mapping.language import text_language
from kg.model import Contributor, Organization, Record, Status, Subject, Work, WorkType
from kg.rdf.namespaces import BIBO, BIBO_STATUS, FABIO, FOAF, KGO, OX, XSD, node
from kg.rdf.vocab import asjc_concept, language_iri, mesh_iri

# Work type → classes (FaBiO first, then BIBO).
TYPE_CLASSES: dict[WorkType, tuple] = {
    WorkType.JOURNAL_ARTICLE: (FABIO.JournalArticle, BIBO.AcademicArticle),
    WorkType.REVIEW: (FABIO.ReviewArticle, BIBO.AcademicArticle),
    WorkType.BOOK: (FABIO.Book, BIBO.Book),
    WorkType.CHAPTER: (FABIO.BookChapter, BIBO.Chapter),
    WorkType.CONFERENCE_PAPER: (FABIO.ProceedingsPaper, BIBO.AcademicArticle),
    WorkType.PROCEEDINGS: (FABIO.AcademicProceedings, BIBO.Proceedings),
    WorkType.THESIS: (FABIO.Thesis, BIBO.Thesis),
    WorkType.REPORT: (FABIO.ReportDocument, BIBO.Report),
    WorkType.PREPRINT: (FABIO.Preprint, BIBO.Manuscript),
    WorkType.EDITORIAL: (FABIO.Editorial, BIBO.Article),
    WorkType.LETTER: (FABIO.Letter, BIBO.Letter),
    WorkType.CASE_REPORT: (FABIO.CaseReport, BIBO.AcademicArticle),
    WorkType.CLINICAL_TRIAL: (FABIO.JournalArticle, BIBO.AcademicArticle),
    WorkType.DATASET: (FABIO.DataFile, BIBO.Document),
    WorkType.SOFTWARE: (FABIO.ComputerProgram, BIBO.Document),
    WorkType.WEB_PAGE: (FABIO.WebContent, BIBO.Webpage),
    WorkType.OTHER: (FABIO.Expression, BIBO.Document),
}

STATUS_IRIS = {
    Status.PUBLISHED: BIBO_STATUS.published,
    Status.PEER_REVIEWED: BIBO_STATUS.peerReviewed,
    Status.ACCEPTED: BIBO_STATUS.accepted,
    Status.FORTHCOMING: BIBO_STATUS.forthcoming,
    Status.DRAFT: BIBO_STATUS.draft,
    Status.UNPUBLISHED: BIBO_STATUS.unpublished,
}

# Plain-string fields of a work: attribute → predicate.
WORK_STRINGS = (
    ("volume", BIBO.volume),
    ("issue", BIBO.issue),
    ("page_start", BIBO.pageStart),
    ("page_end", BIBO.pageEnd),
    ("article_number", KGO.articleNumber),
    ("host_title", KGO.hostTitle),
    ("doi", BIBO.doi),
    ("pmid", BIBO.pmid),
    ("pmcid", FABIO.hasPubMedCentralId),
)

# Identifiers beyond DOI, PMID and PMCID: scheme → predicate, of works and of persons.
WORK_IDENTIFIERS = {"eid": KGO.scopusEid, "wos": KGO.wosAccession, "openalex": KGO.openalexId,
                    "arxiv": KGO.arxivId, "pure": KGO.pureId, "isbn": BIBO.isbn}
PERSON_IDENTIFIERS = {"researcherid": KGO.researcherId, "openalex": KGO.openalexId}

# Plain-string fields of a journal: attribute → predicate.
VENUE_STRINGS = (
    ("issn", BIBO.issn),
    ("eissn", BIBO.eissn),
    ("abbreviation", BIBO.shortTitle),
)

DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}

_STRING = OX.XSD.string
_INTEGER = OX.XSD.integer


def string(value: str) -> ox.Literal:
    """An xsd:string literal."""
    return ox.Literal(value)


def integer(value: int) -> ox.Literal:
    """An xsd:integer literal."""
    return ox.Literal(str(int(value)), datatype=_INTEGER)


def text(value: str, language: str | None) -> ox.Literal:
    """A language-tagged literal where the language is known, else a plain string."""
    return ox.Literal(value, language=language) if language else ox.Literal(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class MappedWork:
    """The work's identity and the graph its record maps into."""

    identity: Identity
    graph: ox.NamedNode


class BibMapper:
    """Maps records to quads, minting IRIs through one identity registry."""

    def __init__(self, registry: IdentityRegistry) -> None:
        self.registry = registry
        self.base = registry.base

    def graph_for(self, source: str, identity: Identity) -> ox.NamedNode:
        """``{base}graph/{source}/{workhash}``: the named graph of one source record."""
        return ox.NamedNode(f"{self.base}graph/{source}/{identity.hash}")

    def map(self, record: Record) -> tuple[MappedWork, list[ox.Quad]]:
        """The identity of the record's work and the quads of its graph."""
        identity = self.registry.work(record.work)
        graph = self.graph_for(record.source, identity)
        triples = dict.fromkeys(self._triples(record.work, identity))  # each once, in order
        quads = [ox.Quad(s, p, o, graph) for s, p, o in sorted(triples, key=_subject_order)]
        return MappedWork(identity=identity, graph=graph), quads

    # -- triples -------------------------------------------------------------------------

    def _triples(self, work: Work, identity: Identity) -> Iterator[tuple]:
        w = ox.NamedNode(identity.iri)
        for cls in TYPE_CLASSES[work.type]:
            yield w, OX.RDF.type, node(cls)
        yield from _identity_triples(w, identity)
        if work.title:
            yield w, OX.DCTERMS.title, text(work.title, text_language(work.title, work.language))
        if work.abstract:
            yield w, OX.DCTERMS.abstract, text(
                work.abstract, text_language(work.abstract, work.language))
        for attribute, predicate in WORK_STRINGS:
            value = getattr(work, attribute)
            if value:
                yield w, node(predicate), string(value)
        for identifier in dict.fromkeys(work.identifiers):
            if identifier.scheme in WORK_IDENTIFIERS:
                yield w, node(WORK_IDENTIFIERS[identifier.scheme]), string(identifier.value)
        if work.num_pages is not None:
            yield w, OX.BIBO.numPages, integer(work.num_pages)
        if work.issued is not None:
            yield w, OX.DCTERMS.issued, ox.Literal(
                work.issued.isoformat(), datatype=node(DATE_TYPES[work.issued.precision]))
        if work.language:
            yield w, OX.DCTERMS.language, language_iri(work.language)
        for status in dict.fromkeys(work.status):
            yield w, OX.BIBO.status, node(STATUS_IRIS[status])
        for name in dict.fromkeys(work.publication_types):
            yield w, OX.KGO.publicationType, string(name)
        if work.url:
            yield w, OX.FABIO.hasURL, ox.Literal(work.url, datatype=OX.XSD.anyURI)
        if work.venue is not None:
            yield from self._venue_triples(w, work)
        publisher = work.publisher or (work.venue.publisher if work.venue else None)
        if publisher:
            org = self.registry.organization(Organization(name=publisher))
            yield w, OX.DCTERMS.publisher, ox.NamedNode(org.iri)
            yield from _organization_triples(org, publisher, None)
        for rank, contributor in enumerate(work.contributors, start=1):
            yield from self._authorship_triples(w, rank, contributor)
        for subject in dict.fromkeys(work.subjects):
            yield from self._subject_triples(w, subject)

    def _venue_triples(self, w: ox.NamedNode, work: Work) -> Iterator[tuple]:
        venue = work.venue
        identity = self.registry.journal(venue)
        if identity is None:
            return
        j = ox.NamedNode(identity.iri)
        yield w, OX.DCTERMS.isPartOf, j
        if venue.series:
            yield j, OX.RDF.type, OX.BIBO.Series
            yield j, OX.RDF.type, OX.FABIO.BookSeries
        else:
            yield j, OX.RDF.type, OX.BIBO.Journal
            yield j, OX.RDF.type, OX.FABIO.Journal
        yield from _identity_triples(j, identity)
        if venue.title:
            yield j, OX.DCTERMS.title, string(venue.title)
        for attribute, predicate in VENUE_STRINGS:
            value = getattr(venue, attribute)
            if value:
                yield j, node(predicate), string(value)

    def _authorship_triples(self, w: ox.NamedNode, rank: int, who: Contributor) -> Iterator[tuple]:
        person = self.registry.person(who)
        p = ox.NamedNode(person.iri)
        role = ox.NamedNode(f"{w.value}/author/{rank}")
        yield w, OX.DCTERMS.creator, p
        yield w, OX.PRO.isDocumentContextFor, role
        yield role, OX.RDF.type, OX.PRO.RoleInTime
        yield role, OX.PRO.withRole, OX.PRO.author
        yield role, OX.PRO.isHeldBy, p
        yield role, OX.VIVO.rank, integer(rank)
        yield role, OX.KGO.statedAs, string(who.name)
        yield p, OX.RDF.type, node(FOAF.Organization if who.collective else FOAF.Person)
        yield from _identity_triples(p, person)
        yield p, OX.FOAF.name, string(who.name)
        if who.given and not who.collective:
            yield p, OX.FOAF.givenName, string(who.given)
        if who.family and not who.collective:
            yield p, OX.FOAF.familyName, string(who.family)
        if who.orcid:
            yield p, OX.KGO.orcid, string(who.orcid)
        if who.scopus_id:
            yield p, OX.KGO.scopusAuthorId, string(who.scopus_id)
        for identifier in dict.fromkeys(who.identifiers):
            if identifier.scheme in PERSON_IDENTIFIERS:
                yield p, node(PERSON_IDENTIFIERS[identifier.scheme]), string(identifier.value)
        for affiliation in dict.fromkeys(who.affiliations):
            org = self.registry.organization(affiliation)
            yield role, OX.PRO.relatesToOrganization, ox.NamedNode(org.iri)
            yield from _organization_triples(org, affiliation.name, affiliation.ror)

    def _subject_triples(self, w: ox.NamedNode, subject: Subject) -> Iterator[tuple]:
        if subject.scheme == "asjc":
            concept = asjc_concept(subject.code, subject.label)
            if concept is not None:
                yield w, OX.DCTERMS.subject, concept
                return
        c = mesh_iri(subject.code) if subject.scheme == "mesh" else None
        if c is not None:
            yield c, OX.SKOS.notation, string(subject.code)
        else:
            key = f"{subject.scheme}|{norm_key(subject.label)}"
            c = ox.NamedNode(f"{self.base}concept/{subject.scheme}/{digest(key)}")
        yield w, OX.DCTERMS.subject, c
        if subject.major:
            yield w, OX.KGO.majorTopic, c
        yield c, OX.RDF.type, OX.SKOS.Concept
        yield c, OX.SKOS.prefLabel, string(subject.label)


def _subject_order(triple: tuple) -> str:
    """Groups a record's triples by subject (the sort is stable within one), for readable Turtle."""
    return triple[0].value


def _identity_triples(subject: ox.NamedNode, identity: Identity) -> Iterator[tuple]:
    if identity.key is not None:
        yield subject, OX.KGO.mintingKey, string(identity.key)
    yield subject, OX.KGO.identityBasis, string(identity.basis)
    for key in identity.keys:
        yield subject, OX.KGO.identityKey, string(key)


def _organization_triples(org: Identity, name: str, ror: str | None) -> Iterator[tuple]:
    o = ox.NamedNode(org.iri)
    yield o, OX.RDF.type, OX.FOAF.Organization
    yield from _identity_triples(o, org)
    yield o, OX.FOAF.name, string(name)
    if ror:
        yield o, OX.KGO.ror, string(ror)
