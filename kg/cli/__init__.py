"""The `kg` command line: one module per command group, each command calling kg.api and printing; imports: kg.api, kg.errors, kg._version, kg.cli; no command module imports another but options."""

from __future__ import annotations

import click

from kg._version import __version__
from kg.cli.dev import dev
from kg.cli.findings import extract
from kg.cli.network import graph, push
from kg.cli.options import KgGroup
from kg.cli.query import query
from kg.cli.records import convert, export, load, stats, validate


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg turns literature records and the clinical facts in their abstracts into an RDF
    knowledge graph, kept in an embedded SPARQL store.

    \b
    Typical use:
      kg load examples/                 read records into ./kg-store
      kg query 'SELECT ...'             ask the graph
      kg export -o graph.ttl            write it out
      kg convert in.xml -o out.nq       records straight to a file, no store
    """


for command in (load, convert, export, query, stats, validate, extract, graph, push, dev):
    main.add_command(command)

if __name__ == "__main__":  # pragma: no cover
    main()
