"""`kg graph` and `kg push`: network views of the graph, and sending it to triple stores."""

from __future__ import annotations

import sys

import click

from kg import api
from kg.cli.options import Failure, endpoint_from, endpoint_options, store_option
from kg.errors import KgError


@click.command()
@click.argument("view", type=click.Choice(api.VIEWS))
@click.option("-o", "--output", metavar="FILE",
              help="Write the view: .graphml, .gexf (Gephi), .json (node-link, D3), .png or .svg.")
@click.option("--format", "fmt", type=click.Choice(["table"]), default=None,
              help="Print the strongest edges instead of writing a file.")
@store_option
@click.option("--endpoint", metavar="URL", help="Build the view from a SPARQL endpoint instead.")
@click.option("--profile", type=click.Choice(["oxigraph", "virtuoso", "generic"]), default=None,
              help="The endpoint's kind (detected when not given).")
@click.option("--min-weight", type=click.FloatRange(min=0), default=0,
              help="Drop edges lighter than this.")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep the N strongest nodes.")
@click.option("--around", metavar="IRI|NAME", help="Keep one node and its neighbours (ego network).")
@click.option("--year-from", type=int, default=None, help="Only works from this year on.")
@click.option("--year-to", type=int, default=None, help="Only works up to this year.")
@click.option("--max-authors", type=click.IntRange(min=0), default=api.MAX_AUTHORS, show_default=True,
              metavar="N", help="coauthors: works with more authors add no co-author edges (their "
              "authors still count them); 0 = no limit.")
def graph(view, output, fmt, store, endpoint, profile, min_weight, top, around, year_from,
          year_to, max_authors) -> None:
    """Build a network view and write it, or print its strongest edges.

    \b
    coauthors   persons; edge weight = works written together (the works on the edge)
    topics      persons and the concepts of their works (ASJC, keywords, MeSH,
                extracted drugs and diseases); weight = works
    treatments  study arms between their drugs, the conditions treated and the
                responses, with patient counts; a combination stays one arm node

    \b
    Examples:
      kg graph coauthors -o coauthors.graphml
      kg graph treatments --format table
      kg graph coauthors --around "Bonadonna" --top 30 -o bonadonna.png
    """
    if bool(output) == bool(fmt):
        raise click.UsageError("give -o FILE or --format table (one of them)")
    filters = api.Filters(year_from=year_from, year_to=year_to, min_weight=min_weight, top=top,
                          around=around, max_authors=max_authors)
    remote = api.Endpoint(endpoint, profile=profile) if endpoint else None
    network = api.view(view, store=store, endpoint=remote, filters=filters)
    source = f"from {endpoint}" if endpoint else f"from the store {store or api.default_store_path()}"
    if output:
        api.write_view(network, output, title=source)
        click.echo(f"{view}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges "
                   f"written to {output}{_left_out(network)}")
        return
    rows = [[network.nodes[u].get("label", u), network.nodes[v].get("label", v),
             str(data.get("weight", 1)), _edge_detail(data), str(len(data.get("works", ())))]
            for u, v, data in api.strongest_edges(network)]
    click.echo(api.render_table(["from", "to", "weight", "detail", "works"], rows), nl=False)
    click.echo(f"{view} {source}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges"
               f"{_left_out(network)}")


def _left_out(network) -> str:
    """What --max-authors left out of the co-author edges, when it left out anything."""
    count = network.graph.get("works_over_max_authors", 0)
    if not count:
        return ""
    works = "1 work" if count == 1 else f"{count} works"
    verb = "adds" if count == 1 else "add"
    return (f"; {works} with more than {network.graph['max_authors']} authors {verb} no co-author "
            "edges (--max-authors 0 keeps them)")


def _edge_detail(data: dict) -> str:
    parts = [data["role"]] if "role" in data else []
    if data.get("negated"):
        parts.append("stated as not seen")
    elif "patients" in data and data.get("role") in ("response", "observation"):
        parts.append(f"{data['patients']} patient(s)")
    return ", ".join(parts)


class _PushBar:
    """A graph progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar = None
        self.active = sys.stderr.isatty()

    def __call__(self, done: int, total: int, graph: str) -> None:
        if not self.active:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="pushing graphs", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command()
@endpoint_options(required=True)
@store_option
@click.option("--dry-run", is_flag=True, help="List the graphs and triple counts; send nothing.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, metavar="N",
              help="Triples per request (default 50000); a larger graph is sent as a PUT then POSTs.")
@click.option("--skip-unchanged", is_flag=True,
              help="Skip graphs whose triple count on the endpoint equals the local one.")
def push(endpoint, profile, query_url, update_url, gsp_url, timeout, retries, store, dry_run,
         batch_size, skip_unchanged) -> None:
    """Send every named graph of the store to a triple store (Graph Store Protocol PUT).

    Each graph replaces the graph of the same IRI on the endpoint, so pushing twice changes
    nothing, and a push that was cut short is completed by running it again. Profiles:
    oxigraph, virtuoso (digest auth, named graphs only), generic (the URL serves query,
    update and GSP, as Fuseki's dataset URL does; override with --query-url, --update-url,
    --gsp-url, e.g. for GraphDB). Exit code 1 when a graph failed or the endpoint stopped
    answering.

    \b
    Examples:
      kg push --endpoint http://localhost:7878 --dry-run
      KG_ENDPOINT_USER=dba KG_ENDPOINT_PASSWORD=... kg push --endpoint http://localhost:8890
    """
    bar = _PushBar()
    target = endpoint_from(endpoint, profile, query_url, update_url, gsp_url, timeout, retries)
    try:
        summary = api.push(target, store=store, dry_run=dry_run, batch_size=batch_size,
                           skip_unchanged=skip_unchanged, progress=bar)
    except api.PushInterrupted as stopped:
        bar.close()
        click.echo(stopped.summary.line(), err=True)
        raise
    bar.close()
    for graph, count in summary.planned:
        click.echo(f"{graph}\t{count}")
    for graph, why in summary.failures:
        click.echo(f"kg: failed: {graph}: {why}", err=True)
    click.echo(summary.line())
    if not summary.ok:
        raise Failure(KgError(f"{summary.failed} graph(s) failed (see the lines above)"))
