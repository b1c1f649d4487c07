"""kg: literature records and the clinical facts in their abstracts as an RDF knowledge graph.

    import kg
    summary = kg.load(["examples/seed.txt"], store="kg-store")
    titles = [row["t"].value for row in kg.query(
        "SELECT ?t WHERE { ?w <http://purl.org/dc/terms/title> ?t }", store="kg-store")]
    ds = kg.dataset("kg-store")          # an rdflib.Dataset over the same store
    kg.view("coauthors", store="kg-store")   # a networkx graph
"""

__version__ = "0.1.0"

from kg.api import (convert, dataset, default_base, export, export_bulk, extract, load,  # noqa: E402
                    open_store, push, query, query_endpoint, stats, validate, view)
from kg.errors import EndpointError, InputError, KgError, StoreError, ValidationError  # noqa: E402
from kg.model import (Contributor, Organization, PartialDate, Record, Status, Subject, Venue,  # noqa: E402
                      Work, WorkType)
from kg.readers import READERS, Source, get_reader, sniff  # noqa: E402
from kg.views import Filters  # noqa: E402

__all__ = [
    "READERS", "Contributor", "EndpointError", "Filters", "InputError", "KgError", "Organization",
    "PartialDate", "Record", "Source", "Status", "StoreError", "Subject", "ValidationError",
    "Venue", "Work", "WorkType", "__version__", "convert", "dataset", "default_base", "export",
    "export_bulk", "extract", "get_reader", "load", "open_store", "push", "query",
    "query_endpoint", "sniff", "stats", "validate", "view",
]
