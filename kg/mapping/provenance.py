"""Provenance of each named graph: where it came from, when, and what made it (DESIGN §6)."""

from __future__ import annotations

from datetime import datetime, timezone
import os

import pyoxigraph as ox

from kg._version import __version__
from kg.identity.mint import digest
from kg.rdf.namespaces import OX, SOFTWARE


def generation_time() -> str:
    """Now in UTC as xsd:dateTime, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.fromtimestamp(int(epoch), tz=timezone.utc) if epoch and epoch.isdigit()
              else datetime.now(tz=timezone.utc))
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def software_agent() -> ox.NamedNode:
    """The IRI of this kg version as a PROV software agent."""
    return ox.NamedNode(str(SOFTWARE[f"kg/{__version__}"]))


def source_entity(base: str, path: str) -> ox.NamedNode:
    """The IRI of an input file, minted from the path as given (so runs from one folder agree)."""
    return ox.NamedNode(f"{base}source/{digest('source|' + path)}")


def generation(graph: ox.NamedNode, generated_at: str) -> list[tuple]:
    """Triples saying when ``graph`` was made and by which kg (the agent typed in the graph)."""
    agent = software_agent()
    return [
        (graph, OX.RDF.type, OX.PROV.Entity),
        (graph, OX.PROV.generatedAtTime, ox.Literal(generated_at, datatype=OX.XSD.dateTime)),
        (graph, OX.PROV.wasAttributedTo, agent),
        (agent, OX.RDF.type, OX.PROV.SoftwareAgent),
        (agent, OX.RDFS.label, ox.Literal(f"kg {__version__}")),
    ]


def graph_provenance(graph: ox.NamedNode, *, base: str, path: str,
                     generated_at: str) -> list[ox.Quad]:
    """Quads, inside a record graph, saying what it was derived from, when, and by which kg."""
    source = source_entity(base, path)
    triples = generation(graph, generated_at) + [
        (graph, OX.PROV.wasDerivedFrom, source),
        (source, OX.RDF.type, OX.PROV.Entity),
        (source, OX.DCTERMS.identifier, ox.Literal(path)),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]
