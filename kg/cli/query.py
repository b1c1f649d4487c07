"""`kg query`: SPARQL against the embedded store or a remote endpoint."""

from __future__ import annotations

import click

from kg import api
from kg.cli.options import endpoint_from, endpoint_options, store_option


@click.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(api.RESULT_FORMATS), default="table",
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
        remote = api.query_endpoint(text, endpoint_from(endpoint, profile, query_url, update_url,
                                                      gsp_url, timeout, retries))
        click.echo(api.render_results(remote.oxigraph(), fmt), nl=False)
        if remote.truncated_at is not None:
            click.echo(f"kg: warning: the endpoint cut the result at {remote.truncated_at} rows "
                       "(its row limit, e.g. Virtuoso's ResultSetMaxRows): page with LIMIT and OFFSET",
                       err=True)
        return
    result = api.query(text, store=store)
    click.echo(api.render_results(result, fmt), nl=False)
