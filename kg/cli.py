"""The `kg` command line: each command parses its options, calls one kg.api function, prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click

import kg
from kg import api
from kg.errors import KgError
from kg.pipeline import Summary
from kg.readers import READERS
from kg.results import RESULT_FORMATS, render
from kg.sinks import FORMATS


class _Failure(click.ClickException):
    """A KgError on its way out, with the exit code its kind calls for."""

    def __init__(self, error: KgError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"kg: error: {self.format_message()}", err=True)


class KgGroup(click.Group):
    """Turns every KgError raised by a command into one clear line and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise _Failure(error) from None


# -- shared options -------------------------------------------------------------------------

def store_option(function: Callable) -> Callable:
    return click.option("--store", "store", metavar="DIR", envvar="KG_STORE",
                        help="The embedded store folder (default $KG_STORE or ./kg-store).")(function)


def base_option(function: Callable) -> Callable:
    return click.option("--base", metavar="IRI", envvar="KG_BASE",
                        help="Instance namespace for minted IRIs (default $KG_BASE or "
                             "https://w3id.org/litkg/id/).")(function)


def input_options(function: Callable) -> Callable:
    """--from, --encoding, --strict and --extract/--no-extract: how inputs are read."""
    for decorator in reversed((
        click.option("--from", "reader", type=click.Choice(list(READERS)), default=None,
                     help="The input format; detected from the content when not given."),
        click.option("--encoding", default="auto", show_default=True,
                     help="Text encoding of the inputs; 'auto' reads UTF-8 and falls back to "
                          "Windows-1252 byte by byte."),
        click.option("--strict", is_flag=True,
                     help="Stop at the first bad record instead of skipping it."),
        click.option("--extract/--no-extract", default=True, show_default=True,
                     help="Extract clinical findings from abstracts."),
    )):
        function = decorator(function)
    return function


def rdf_format_option(function: Callable) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
                        help="RDF format; taken from the output extension when not given.")(function)


def endpoint_options(*, required: bool) -> Callable[[Callable], Callable]:
    """--endpoint, --profile, --query-url, --update-url, --gsp-url, --timeout: a remote store."""
    from kg.profiles import PROFILES

    def decorate(function: Callable) -> Callable:
        for decorator in reversed((
            click.option("--endpoint", "endpoint", metavar="URL", required=required,
                         help="The remote store's URL (credentials come from KG_ENDPOINT_USER and "
                              "KG_ENDPOINT_PASSWORD, or ~/.netrc, never from the command line)."),
            click.option("--profile", type=click.Choice(list(PROFILES)), default=None,
                         help="The kind of server; detected from its Server header when not given."),
            click.option("--query-url", metavar="URL", help="Override the SPARQL query URL."),
            click.option("--update-url", metavar="URL", help="Override the SPARQL update URL."),
            click.option("--gsp-url", metavar="URL", help="Override the Graph Store Protocol URL."),
            click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                         help="Seconds to wait for each answer."),
            click.option("--retries", type=click.IntRange(min=0), default=4, show_default=True,
                         help="Retries of a request after a connection error, timeout or 5xx "
                              "answer (exponential back-off with jitter, at most 8 s apart)."),
        )):
            function = decorator(function)
        return function
    return decorate


def _endpoint(url, profile, query_url, update_url, gsp_url, timeout, retries):
    from kg.endpoint import Endpoint, RetryPolicy
    return Endpoint(url, profile=profile, query_url=query_url, update_url=update_url,
                    gsp_url=gsp_url, timeout=timeout, retry=RetryPolicy(retries=retries))


class _Counter:
    """A record counter on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.count = 0
        self.active = sys.stderr.isatty()

    def __call__(self, step: int) -> None:
        self.count += step
        if self.active and self.count % 500 == 0:
            click.echo(f"\r{self.label}: {self.count} records", err=True, nl=False)

    def close(self) -> None:
        if self.active and self.count >= 500:
            click.echo("", err=True)


def _report(summary: Summary, *, verb: str, extra: str = "") -> None:
    for name, reader in summary.readers.items():
        click.echo(f"{name}: read as {reader}", err=True)
    for error in summary.errors:
        click.echo(f"kg: skipped: {error}", err=True)
    click.echo(f"{summary.files} file(s), {summary.records} record(s) read, {summary.written} "
               f"{verb}, {summary.skipped} skipped, {summary.triples} triples{extra}")


def _exit_for(summary: Summary) -> None:
    if not summary.ok:
        failed = summary.files_failed
        raise _Failure(KgError(f"{failed} input file(s) could not be read (see the lines above)"))


# -- commands -----------------------------------------------------------------------------

@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(kg.__version__, prog_name="kg")
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


@main.command()
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
    counter = _Counter("loading")
    summary = api.load(inputs, store=store, base=base, fmt=reader, encoding=encoding,
                       extract=extract, strict=strict, vocabularies=vocabularies, progress=counter)
    counter.close()
    total = api.stats(store=store).triples
    _report(summary, verb="record(s) written", extra=f"; the store now holds {total} triples")
    _exit_for(summary)


@main.command()
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
    counter = _Counter("converting")
    summary = api.convert(inputs, output, fmt=fmt, reader=reader, base=base, encoding=encoding,
                          extract=extract, strict=strict, progress=counter)
    counter.close()
    if output == "-":
        for error in summary.errors:
            click.echo(f"kg: skipped: {error}", err=True)
    else:
        _report(summary, verb="record(s) written", extra=f" to {output}")
    _exit_for(summary)


@main.command()
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


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table",
              show_default=True, help="How SELECT results are printed.")
@store_option
@endpoint_options(required=False)
def query(sparql, query_file, fmt, store, endpoint, profile, query_url, update_url, gsp_url,
          timeout, retries) -> None:
    """Run a SPARQL query against the store and print the results.

    The default graph is the union of all named graphs. SELECT prints a table (or CSV,
    TSV, SPARQL JSON); ASK prints true or false; CONSTRUCT and DESCRIBE print Turtle.

    With --endpoint URL the query runs on a remote store instead (Oxigraph server, Virtuoso,
    or any SPARQL 1.1 endpoint) and prints in the same formats.

    \b
    Example:
      kg query 'PREFIX dcterms: <http://purl.org/dc/terms/>
                SELECT ?title WHERE { ?w dcterms:title ?title }'
      kg query --endpoint http://localhost:8890 -f examples/queries/authors.rq
    """
    if bool(sparql) == bool(query_file):
        raise click.UsageError("give the query as an argument or with -f FILE (one of them)")
    text = sparql if sparql else query_file.read()
    if endpoint:
        remote = api.query_endpoint(text, _endpoint(endpoint, profile, query_url, update_url,
                                                      gsp_url, timeout, retries))
        click.echo(render(remote.oxigraph(), fmt), nl=False)
        if remote.truncated_at is not None:
            click.echo(f"kg: warning: the endpoint cut the result at {remote.truncated_at} rows "
                       "(its row limit, e.g. Virtuoso's ResultSetMaxRows): page with LIMIT and OFFSET",
                       err=True)
        return
    result = api.query(text, store=store)
    click.echo(render(result, fmt), nl=False)


@main.command()
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


@main.command()
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



# The commands that analyse or send the graph live in their own modules; importing them
# registers them on `main`.
from kg import cli_findings, cli_network  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    main()
