"""`kg load`, `kg convert`, `kg export`, `kg stats` and `kg validate`: records into the store or files, and the store out."""

from __future__ import annotations

import json
import sys

import click

from kg import api
from kg.cli.options import (Counter, base_option, exit_for, input_options, rdf_format_option, report,
                            store_option)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@store_option
@base_option
@input_options
@click.option("--vocabularies/--no-vocabularies", default=True, show_default=True,
              help="Add the ASJC scheme and the clinical lexicon graphs (once per store).")
def load(inputs, store, base, reader, encoding, strict, extract, vocabularies) -> None:
    """Read INPUT files (or folders, or - for stdin) into the embedded store.

    Each record becomes one named graph, replaced when the same record is loaded again;
    the same work read from another source reuses its IRI. Prints what was read, written
    and skipped. A bad record is skipped and reported; exit code 1 when an input file could
    not be read at all (missing, empty, binary, unknown format, malformed).
    """
    counter = Counter("loading")
    summary = api.load(inputs, store=store, base=base, reader=reader, encoding=encoding,
                       extract=extract, strict=strict, vocabularies=vocabularies, progress=counter)
    counter.close()
    total = api.stats(store=store).triples
    report(summary, verb="record(s) written", extra=f"; the store now holds {total} triples")
    exit_for(summary)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="The output file (.nq .trig .ttl .nt .jsonld), or - for stdout.")
@rdf_format_option
@base_option
@input_options
def convert(inputs, output, fmt, base, reader, encoding, strict, extract) -> None:
    """Write RDF for INPUT files straight to a file, streaming, without the store.

    The file appears only when the run succeeds (it is written under a temporary name and
    renamed). Turtle and N-Triples hold the union of the record graphs; N-Quads, TriG and
    JSON-LD keep one named graph per record.
    """
    counter = Counter("converting")
    summary = api.convert(inputs, output, fmt=fmt, reader=reader, base=base, encoding=encoding,
                          extract=extract, strict=strict, progress=counter)
    counter.close()
    if output == "-":
        for error in summary.errors:
            click.echo(f"kg: skipped: {error}", err=True)
    else:
        report(summary, verb="record(s) written", extra=f" to {output}")
    exit_for(summary)


@click.command()
@click.option("-o", "--output", required=True, metavar="FILE",
              help="The output file (.nq .trig .ttl .nt .jsonld), or - for stdout.")
@rdf_format_option
@click.option("--graph", metavar="IRI", help="Export one named graph only.")
@click.option("--split-by", type=click.Choice(["graph"]), default=None,
              help="Write one N-Quads file per named graph into the folder -o names.")
@click.option("--shard-size", type=click.IntRange(min=1), default=None, metavar="N",
              help="Write N-Quads shards of at most N quads into the folder -o names.")
@store_option
def export(output, fmt, graph, split_by, shard_size, store) -> None:
    """Write the whole store (or one graph) to a file.

    Turtle and N-Triples hold the union of all graphs; N-Quads, TriG and JSON-LD keep the
    named graphs.

    With --split-by graph or --shard-size N, -o names a folder that receives N-Quads files
    for bulk loaders (Virtuoso ld_dir, oxigraph load, tdb2.tdbloader, GraphDB ImportRDF) and
    a manifest.tsv (file, graphs, quads). Shards never split a graph unless it alone holds
    more than N quads.

    \b
    Examples:
      kg export -o graph.nq
      kg export --split-by graph -o dump/      then: oxigraph load --location DB --file dump/*.nq
      kg export --shard-size 1000000 -o dump/  then, in isql: ld_dir('dump', '*.nq', 'urn:x'); rdf_loader_run();
    """
    if split_by or shard_size:
        if graph or (fmt and fmt != "nq") or output == "-":
            raise click.UsageError("--split-by and --shard-size write N-Quads files into a folder: "
                                   "drop --graph and --format, and give -o a folder")
        written = api.export_bulk(output, store=store, split_by=split_by, shard_size=shard_size)
        click.echo(f"{written.quads} quads written to {len(written.files)} file(s) in {output} "
                   f"(manifest: {written.manifest})")
        return
    count = api.export(output, store=store, fmt=fmt, graph=graph)
    if output != "-":
        click.echo(f"{count} quads written to {output}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_option
def stats(as_json, store) -> None:
    """Count works, persons, journals, ASJC subject areas, graphs and triples in the store."""
    counts = api.stats(store=store).as_dict()
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    width = max(len(k) for k in counts)
    for name, value in counts.items():
        click.echo(f"{name.replace('_', ' '):<{width}}  {value}")


@click.command()
@click.argument("file", required=False, metavar="[FILE]")
@click.option("--vocabularies", is_flag=True,
              help="Also check the store's vocabulary graphs (ASJC, the lexicon).")
@store_option
def validate(file, vocabularies, store) -> None:
    """Check the store, or an RDF FILE, against ontology/shapes.ttl (SHACL).

    Each named graph is checked on its own; the store's vocabulary graphs only with
    --vocabularies. Exit code 3 when the graph does not conform, with one line per violation.
    """
    report = api.validate(file, store=store, vocabularies=vocabularies)
    click.echo(report.text(), nl=False)
    if not report.conforms:
        sys.exit(3)
