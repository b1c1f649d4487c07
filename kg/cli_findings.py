"""`kg extract` and `kg eval`: the clinical findings of abstracts, and the extractor's scores."""

from __future__ import annotations

import json

import click

from kg import api
from kg.cli import main
from kg.errors import KgError
from kg.readers import READERS


@main.command()
@click.argument("file", default="-", metavar="[FILE|-]")
@click.option("--from", "reader", type=click.Choice(list(READERS)), default=None,
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
    from kg.findings import findings_as_dict
    for label, title, findings in api.extract(file, fmt=reader, encoding=encoding):
        if isinstance(findings, KgError):
            click.echo(f"kg: skipped: {findings}", err=True)
            continue
        document = {"record": label, "title": title, **findings_as_dict(findings)}
        if title is None and label in ("<stdin>", file):
            document.pop("record")
            document.pop("title")
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps(document, ensure_ascii=False))


@main.group(name="eval")
def evaluate() -> None:
    """Score the extractor on annotated corpora."""


@evaluate.command(name="bc5cdr")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_bc5cdr(file, as_json) -> None:
    """Score chemical and disease mentions on a BC5CDR PubTator FILE.

    Prints precision, recall and F1 per class for strict span-and-type matches, and for the
    MeSH ids of the mentions (on the matched mentions, and end to end).

    \b
    Example:
      kg eval bc5cdr ../shared/corpus/bc5cdr/CDR_DevelopmentSet.PubTator.txt
    """
    from kg.extract.evaluate import score_bc5cdr
    report = score_bc5cdr(file)
    click.echo(json.dumps(report.as_dict(), indent=2) if as_json else report.format_table())
