"""Vocabulary terms as DefinedNamespace classes that fail on a typo, plus their prefixes."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.rdf.kgo import KGO


class BIBO(DefinedNamespace):
    """The Bibliographic Ontology terms kg writes."""

    _fail = True
    _NS = Namespace("http://purl.org/ontology/bibo/")

    AcademicArticle: URIRef
    Article: URIRef
    Book: URIRef
    Chapter: URIRef
    Document: URIRef
    Journal: URIRef
    Letter: URIRef
    Manuscript: URIRef
    Proceedings: URIRef
    Report: URIRef
    Series: URIRef
    Thesis: URIRef
    Webpage: URIRef
    doi: URIRef
    eissn: URIRef
    issn: URIRef
    isbn: URIRef
    issue: URIRef
    numPages: URIRef
    pageEnd: URIRef
    pageStart: URIRef
    pmid: URIRef
    shortTitle: URIRef
    status: URIRef
    volume: URIRef


class BIBO_STATUS(DefinedNamespace):
    """BIBO document status individuals."""

    _fail = True
    _NS = Namespace("http://purl.org/ontology/bibo/status/")

    accepted: URIRef
    draft: URIRef
    forthcoming: URIRef
    nonPeerReviewed: URIRef
    peerReviewed: URIRef
    published: URIRef
    unpublished: URIRef


class FABIO(DefinedNamespace):
    """FRBR-aligned Bibliographic Ontology terms kg writes."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/fabio/")

    AcademicProceedings: URIRef
    Book: URIRef
    BookChapter: URIRef
    BookSeries: URIRef
    CaseReport: URIRef
    ComputerProgram: URIRef
    DataFile: URIRef
    Editorial: URIRef
    Expression: URIRef
    Journal: URIRef
    JournalArticle: URIRef
    Letter: URIRef
    Preprint: URIRef
    ProceedingsPaper: URIRef
    ReportDocument: URIRef
    ReviewArticle: URIRef
    Thesis: URIRef
    WebContent: URIRef
    hasPubMedCentralId: URIRef
    hasURL: URIRef


class PRO(DefinedNamespace):
    """Publishing Roles Ontology terms kg writes."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/pro/")

    RoleInTime: URIRef
    author: URIRef
    isDocumentContextFor: URIRef
    isHeldBy: URIRef
    relatesToOrganization: URIRef
    withRole: URIRef


class VIVO(DefinedNamespace):
    """VIVO core terms kg writes."""

    _fail = True
    _NS = Namespace("http://vivoweb.org/ontology/core#")

    rank: URIRef


class OA(DefinedNamespace):
    """Web Annotation vocabulary terms kg writes."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    describing: URIRef
    end: URIRef
    exact: URIRef
    hasBody: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    hasTarget: URIRef
    identifying: URIRef
    motivatedBy: URIRef
    refinedBy: URIRef
    start: URIRef


ASJC = Namespace("https://w3id.org/italia/controlled-vocabulary/classifications-for-her/all-science-journal/")
MESH = Namespace("http://id.nlm.nih.gov/mesh/")
ISO639_1 = Namespace("http://id.loc.gov/vocabulary/iso639-1/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
SOFTWARE = Namespace("https://w3id.org/litkg/software/")

PREFIXES: dict[str, str] = {
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS),
    "owl": str(OWL._NS),
    "dcterms": str(DCTERMS._NS),
    "bibo": str(BIBO._NS),
    "fabio": str(FABIO._NS),
    "pro": str(PRO._NS),
    "vivo": str(VIVO._NS),
    "foaf": str(FOAF._NS),
    "skos": str(SKOS._NS),
    "prov": str(PROV._NS),
    "oa": str(OA._NS),
    "kgo": str(KGO._NS),
    "docstatus": str(BIBO_STATUS._NS),
    "asjc": str(ASJC),
    "mesh": str(MESH),
    "lang": str(ISO639_1),
    "obo": str(OBO),
}

__all__ = ["ASJC", "BIBO", "BIBO_STATUS", "DCTERMS", "FABIO", "FOAF", "ISO639_1", "KGO", "MESH", "OA",
           "OBO", "OWL", "OX", "PREFIXES", "SOFTWARE", "PRO", "PROV", "RDF", "RDFS", "SKOS", "VIVO", "XSD", "node"]


@lru_cache(maxsize=None)
def node(term: str) -> ox.NamedNode:
    """The pyoxigraph node of a vocabulary term (cached: terms are reused on every record)."""
    return ox.NamedNode(str(term))


class _Nodes:
    """A vocabulary's terms as pyoxigraph nodes: ``OX.DCTERMS.title``, checked against the
    DefinedNamespace once and then a plain attribute (the mapper's hot path)."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        value = node(getattr(self._namespace, name))  # an unknown term fails here
        setattr(self, name, value)
        return value


class _Vocabularies:
    """pyoxigraph nodes of every namespace kg writes (``OX.BIBO.doi``, ``OX.KGO.statedAs``)."""

    def __init__(self, **namespaces) -> None:
        for name, namespace in namespaces.items():
            setattr(self, name, _Nodes(namespace))


OX = _Vocabularies(BIBO=BIBO, BIBO_STATUS=BIBO_STATUS, DCTERMS=DCTERMS, FABIO=FABIO, FOAF=FOAF,
                   KGO=KGO, OA=OA, PRO=PRO, PROV=PROV, RDF=RDF, RDFS=RDFS, SKOS=SKOS, VIVO=VIVO,
                   XSD=XSD)
