"""`kg extract`: the clinical findings of abstracts, as JSON."""

from __future__ import annotations

import json

import click

from kg import api
from kg.errors import KgError


@click.command()
@click.argument("file", default="-", metavar="[FILE|-]")
@click.option("--from", "reader", type=click.Choice(list(api.READERS)), default=None,
              help="The input format; detected from the content when not given.")
@click.option("--encoding", default="auto", show_default=True, help="Text encoding of the input.")
def extract(file, reader, encoding) -> None:
    """Print the clinical findings of an abstract as JSON.

    FILE (or stdin) is either plain text — read as one abstract, printed as one JSON object —
    or a file of records in any format kg reads, printed as JSON Lines, one object per record
    (its id, title and findings). Nothing is written to the store.

    \b
    Example:
      echo "Twelve patients received cisplatin 75 mg/m2 intravenously on day 1." | kg extract
    """
    for label, title, findings in api.extract(file, reader=reader, encoding=encoding):
        if isinstance(findings, KgError):
            click.echo(f"kg: skipped: {findings}", err=True)
            continue
        document = {"record": label, "title": title, **api.findings_as_dict(findings)}
        if title is None and label in ("<stdin>", file):
            document.pop("record")
            document.pop("title")
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps(document, ensure_ascii=False))
