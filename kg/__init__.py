"""kg: literature records and their abstracts' clinical facts as an RDF knowledge graph; imports: kg.api, kg.errors, kg.findings, kg.model, kg.readers, kg._version.

    import kg
    summary = kg.load(["examples/seed.txt"], store="kg-store")
    titles = [row["t"].value for row in kg.query(
        "SELECT ?t WHERE { ?w <http://purl.org/dc/terms/title> ?t }", store="kg-store")]
    ds = kg.dataset("kg-store")          # an rdflib.Dataset over the same store
    kg.view("coauthors", store="kg-store")   # a networkx graph
    kg.extract_findings("Title", "Abstract text ...")   # typed clinical findings
"""

from kg._version import __version__
from kg.api import (Filters, convert, dataset, default_base, export, export_bulk, extract, extract_findings,
                    extract_many, load, open_store, push, query, query_endpoint, stats, validate, view)
from kg.errors import EndpointError, InputError, KgError, StoreError, ValidationError
from kg.findings import Findings
from kg.model import (Contributor, Identifier, Organization, PartialDate, Record, Status, Subject,
                      Venue, Work, WorkType)
from kg.readers import READERS, Source, get_reader, sniff

__all__ = [
    "READERS", "Contributor", "EndpointError", "Identifier", "Filters", "Findings", "InputError", "KgError",
    "Organization", "PartialDate", "Record", "Source", "Status", "StoreError", "Subject",
    "ValidationError", "Venue", "Work", "WorkType", "__version__", "convert", "dataset",
    "default_base", "export", "export_bulk", "extract", "extract_findings", "extract_many",
    "get_reader", "load", "open_store", "push", "query", "query_endpoint", "sniff", "stats",
    "validate", "view",
]
